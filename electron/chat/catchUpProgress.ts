/**
 * archive.progress events of one catch-up, throttled: a change of phase goes out at once (the
 * renderer shows "loading newest", "filling in", nothing), the running count at most every
 * PROGRESS_INTERVAL_MS, so that a fast archive does not turn into a stream of events.
 */
import type { ArchiveProgress } from '../../shared/contract';

export const PROGRESS_INTERVAL_MS = 250;

type Phase = ArchiveProgress['phase'];

export class CatchUpProgress {
  #phase: Phase | undefined;
  #lastEmit = -Infinity;
  #fetched = 0;
  #reachedAt: number | undefined;
  readonly #base: { readonly accountId: string; readonly archive: string };
  readonly #emit: (progress: ArchiveProgress) => void;
  readonly #now: () => number;

  constructor(
    base: { readonly accountId: string; readonly archive: string },
    emit: (progress: ArchiveProgress) => void,
    now: () => number,
  ) {
    this.#base = base;
    this.#emit = emit;
    this.#now = now;
  }

  get fetched(): number {
    return this.#fetched;
  }

  get phase(): Phase | undefined {
    return this.#phase;
  }

  /** Counts a page's results; `oldestAt` moves reachedAt back (older history only). */
  count(results: number, oldestAt?: number): void {
    this.#fetched += results;
    if (oldestAt !== undefined && (this.#reachedAt === undefined || oldestAt < this.#reachedAt)) {
      this.#reachedAt = oldestAt;
    }
  }

  /** Enters a phase: reported at once, unless it is the current one. */
  enter(phase: Phase): void {
    if (phase === this.#phase) return this.tick();
    this.#phase = phase;
    this.#send();
  }

  /** Reports the running count, at most every PROGRESS_INTERVAL_MS. */
  tick(): void {
    if (this.#now() - this.#lastEmit >= PROGRESS_INTERVAL_MS) this.#send();
  }

  #send(): void {
    if (this.#phase === undefined) return;
    this.#lastEmit = this.#now();
    this.#emit({
      ...this.#base,
      phase: this.#phase,
      fetched: this.#fetched,
      ...(this.#reachedAt !== undefined &&
        this.#phase !== 'newest' && { reachedAt: this.#reachedAt }),
    });
  }
}
