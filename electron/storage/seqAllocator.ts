/**
 * Where a message goes in history order: seq = sent_at * SLOTS + n, so messages of one
 * millisecond keep their arrival order. A millisecond's first message takes the middle of its
 * slot, leaving the lower half for older archive pages that arrive later (see SeqPlacement). With
 * several databases read as one history (the disk's and the in-memory one of private
 * conversations), a seq is never taken twice across them.
 */
import type Database from 'better-sqlite3';
import type { SeqPlacement } from './types';

const SLOTS = 1000;
const MIDDLE = SLOTS / 2;
/** The largest sent_at whose seq still fits a JavaScript safe integer (year 2255). */
const MAX_SENT_AT = Math.floor(Number.MAX_SAFE_INTEGER / SLOTS) - 1;

type SlotQuery = Database.Statement<[number, number], { seq: number | null }>;

/** The millisecond a seq was allocated for. */
export const sentAtOf = (seq: number): number => Math.floor(seq / SLOTS);

/** Allocates seqs over `dbs` (the first is the one written to; all are read). */
export function createSeqAllocator(dbs: readonly Database.Database[]) {
  const maxSeqIn = dbs.map((d): SlotQuery =>
    d.prepare('SELECT max(seq) AS seq FROM messages WHERE seq >= ? AND seq < ?'),
  );
  const minSeqIn = dbs.map((d): SlotQuery =>
    d.prepare('SELECT min(seq) AS seq FROM messages WHERE seq >= ? AND seq < ?'),
  );
  const seqUsed = dbs.map((d) =>
    d.prepare<[number], { one: number }>('SELECT 1 AS one FROM messages WHERE seq = ?'),
  );

  /** The smallest or largest seq of a millisecond's slot across the databases. */
  function extreme(
    queries: SlotQuery[],
    base: number,
    pick: (...values: number[]) => number,
  ): number | null {
    const found = queries
      .map((query) => query.get(base, base + SLOTS)!.seq)
      .filter((seq): seq is number => seq !== null);
    return found.length ? pick(...found) : null;
  }

  /**
   * The next free seq at or after sentAt's millisecond (later ones if it is full); for an older
   * page, below what the millisecond held when the page began: up to 500 such messages keep their
   * order, beyond that they go below the slot's start.
   */
  return function allocateSeq(sentAt: number, placement?: SeqPlacement): number {
    let base = Math.min(Math.max(0, Math.trunc(sentAt)), MAX_SENT_AT) * SLOTS;
    if (placement) {
      // Below what the millisecond held when the page began, ascending in the page's order.
      let next = placement.next.get(base);
      if (next === undefined) {
        const lowest = extreme(minSeqIn, base, Math.min);
        next = lowest === null ? base + MIDDLE : Math.max(0, lowest - placement.size);
      }
      while (seqUsed.some((used) => used.get(next!))) next += 1;
      placement.next.set(base, next + 1);
      return next;
    }
    for (let first = base + MIDDLE; ; first = base) {
      const seq = extreme(maxSeqIn, base, Math.max);
      if (seq === null) return first;
      if (seq + 1 < base + SLOTS) return seq + 1;
      base += SLOTS;
    }
  };
}
