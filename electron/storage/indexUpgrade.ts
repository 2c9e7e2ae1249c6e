/**
 * The background upgrade of full-text entries written before the index held pairs of CJK
 * characters (migration 4, ftsText.ts), in steps of bounded work:
 * 1. each step rewrites the entries of the next few hundred messages below the mark, newest
 *    first, in one transaction, and moves the mark down (entries without CJK text are the same
 *    either way and are left alone); pairs are searched once this is done;
 * 2. then (mark -1) each step merges a bounded amount of the index's b-trees, until nothing is
 *    left to merge; the last puts FTS5's merge settings back to their defaults and removes the
 *    mark.
 */
import type Database from 'better-sqlite3';
import { ftsScope, ftsText, hasCjk } from './ftsText';

/** The mark once every entry holds its pairs: only merging is left. */
const MERGING = -1;
/** Pages of merged b-tree written per merging step (4 KB each: tens of ms). */
const MERGE_PAGES = 200;

export interface IndexUpgrade {
  /** Whether every entry holds its pairs (searches may ask for them). */
  pairsReady(): boolean;
  /** Does up to `maxRows` messages' worth of work; true while some remains. */
  step(maxRows: number): boolean;
}

type Row = { seq: number; body: string; account_id: string; peer: string };

export function createIndexUpgrade(db: Database.Database): IndexUpgrade {
  const q = {
    mark: db.prepare<[], { below_seq: number }>('SELECT below_seq FROM index_upgrade'),
    rows: db.prepare<[number, number], Row>(
      `SELECT seq, body, account_id, peer FROM messages
       WHERE seq < ? AND private = 0 ORDER BY seq DESC LIMIT ?`,
    ),
    drop: db.prepare<[number]>('DELETE FROM messages_fts WHERE rowid = ?'),
    index: db.prepare<[number, string, string]>(
      'INSERT INTO messages_fts (rowid, text, scope) VALUES (?, ?, ?)',
    ),
    move: db.prepare<[number]>('UPDATE index_upgrade SET below_seq = ?'),
    merge: db.prepare(
      `INSERT INTO messages_fts (messages_fts, rank) VALUES ('merge', -${MERGE_PAGES})`,
    ),
    // Positive: only levels with enough b-trees (usermerge, 4), so that small ones never pile
    // up into a crisis merge.
    mergeSome: db.prepare(
      `INSERT INTO messages_fts (messages_fts, rank) VALUES ('merge', ${MERGE_PAGES / 2})`,
    ),
    changes: db.prepare<[], number>('SELECT total_changes()').pluck(),
    finish: db.prepare('DELETE FROM index_upgrade'),
  };
  const mark = () => q.mark.get()?.below_seq;
  let state = mark();

  const rewrite = db.transaction((below: number, maxRows: number): void => {
    const rows = q.rows.all(below, maxRows);
    for (const row of rows) {
      if (!hasCjk(row.body)) continue;
      q.drop.run(row.seq);
      q.index.run(row.seq, ftsText(row.body), ftsScope(row.account_id, row.peer));
    }
    q.mergeSome.run();
    q.move.run(rows.length < maxRows ? MERGING : rows[rows.length - 1]!.seq);
  });

  const merge = db.transaction((): void => {
    const before = q.changes.get()!;
    q.merge.run();
    // FTS5 reports no work as (almost) no change: then the index is whole again.
    if (q.changes.get()! - before >= 2) return;
    db.exec(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', 4);
             INSERT INTO messages_fts (messages_fts, rank) VALUES ('crisismerge', 16);`);
    q.finish.run();
  });

  return {
    pairsReady: () => state === undefined || state === MERGING,
    step: (maxRows) => {
      if (state === undefined) return false;
      if (state === MERGING) merge();
      else rewrite(state, Math.max(1, Math.trunc(maxRows)));
      state = mark();
      return state !== undefined;
    },
  };
}
