/**
 * Reconnection delays: exponential from 1 s, doubling to a 5 min cap, with full jitter (AWS,
 * "Exponential Backoff And Jitter") so that many clients cut off at once by a server restart do
 * not all come back in the same second. Pure: the caller passes the random source.
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
