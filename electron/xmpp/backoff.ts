/**
 * Reconnection delays: exponential from 1 s, doubling to a 5 min cap, with full jitter (AWS,
 * "Exponential Backoff And Jitter") so that many clients cut off at once by a server restart do
 * not all come back in the same second. The count starts again only after a connection stayed
 * up for HEALTHY_AFTER_MS: a server that accepts the login and then breaks the stream would
 * otherwise be retried every second forever. Pure: the caller passes the clock and randomness.
 */
export const BASE_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 5 * 60_000;
/** Full jitter may draw 0; a small floor keeps a broken network from becoming a busy loop. */
export const MIN_DELAY_MS = 100;

/** Delay in ms before retry number `attempt` (0 = first retry): uniform in [floor, ceiling]. */
export function retryDelay(attempt: number, random: () => number): number {
  // NaN and negatives count as the first retry; the exponent is clamped so that huge attempt
  // numbers (or Infinity) stay finite before the cap applies.
  const n = attempt > 0 ? Math.min(Math.floor(attempt), 30) : 0;
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** n);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.max(MIN_DELAY_MS, Math.round(ceiling * r));
}

/** How long a connection must stay online before its loss counts as a first failure again. */
export const HEALTHY_AFTER_MS = 30_000;

/** The retry count of one account's connection. */
export class ReconnectBackoff {
  #attempt = 0;
  #onlineSince: number | undefined;

  constructor(
    private readonly now: () => number,
    private readonly random: () => number,
    private readonly healthyAfterMs = HEALTHY_AFTER_MS,
  ) {}

  /** The connection is online (fresh or resumed); whether it was healthy is known when it ends. */
  online(): void {
    this.#onlineSince = this.now();
  }

  /** The connection was lost or an attempt failed: the delay before the next attempt. */
  next(): number {
    const since = this.#onlineSince;
    this.#onlineSince = undefined;
    if (since !== undefined && this.now() - since >= this.healthyAfterMs) this.#attempt = 0;
    const delay = retryDelay(this.#attempt, this.random);
    this.#attempt += 1;
    return delay;
  }
}
