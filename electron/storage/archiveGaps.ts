/**
 * Older history still to fetch from each archive (XEP-0313 catch-up, newest first). A gap is
 * "everything older than `before` (an archive id) back to `notBefore`"; the catch-up opens one
 * after fetching an archive's newest page, narrows it (replaces it) as it pages backwards, and
 * removes it when filled or when it falls outside the window the user chose.
 *
 * Newest gap first means: the most recently opened first. A narrowed gap keeps the place of the
 * one it replaces (the `position` column), so filling an old gap never jumps it ahead of a newer
 * one. Opening order is time order because each catch-up opens its gap between its newest page
 * and everything stored before, i.e. above every gap already open.
 */
import type Database from 'better-sqlite3';
import { StorageError, guarded } from './errors';
import type { ArchiveGap, MessageStore } from './types';

type GapMethods = Pick<MessageStore, 'archiveGaps' | 'setArchiveGap' | 'removeArchiveGap'>;

function checkGap(gap: ArchiveGap): void {
  if (typeof gap.before !== 'string' || gap.before === '') {
    throw new StorageError('invalid-params', 'an archive gap needs the archive id it starts at');
  }
  if (!Number.isFinite(gap.notBefore)) {
    throw new StorageError('invalid-params', 'an archive gap needs a valid oldest time');
  }
}

export function createArchiveGaps(db: Database.Database): GapMethods {
  const q = {
    list: db.prepare<[string, string], { before_id: string; not_before: number }>(
      `SELECT before_id, not_before FROM archive_gaps WHERE account_id = ? AND archive = ?
       ORDER BY position DESC`,
    ),
    position: db.prepare<[string, string, string], { position: number }>(
      'SELECT position FROM archive_gaps WHERE account_id = ? AND archive = ? AND before_id = ?',
    ),
    next: db.prepare<[], { position: number }>(
      'SELECT coalesce(max(position), 0) + 1 AS position FROM archive_gaps',
    ),
    // Setting a gap that is already open only moves its end; it keeps its place.
    upsert: db.prepare<[string, string, string, number, number]>(
      `INSERT INTO archive_gaps (account_id, archive, before_id, not_before, position)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id, archive, before_id) DO UPDATE SET not_before = excluded.not_before`,
    ),
    remove: db.prepare<[string, string, string]>(
      'DELETE FROM archive_gaps WHERE account_id = ? AND archive = ? AND before_id = ?',
    ),
  };

  const setTx = db.transaction(
    (accountId: string, archive: string, gap: ArchiveGap, replaces?: string) => {
      let position: number | undefined;
      if (replaces !== undefined && replaces !== gap.before) {
        position = q.position.get(accountId, archive, replaces)?.position;
        q.remove.run(accountId, archive, replaces);
      }
      // A replaced gap that is gone already (removed meanwhile) opens a new one: fetching
      // history twice costs a query, skipping it would lose history.
      position ??= q.next.get()!.position;
      q.upsert.run(accountId, archive, gap.before, Math.trunc(gap.notBefore), position);
    },
  );

  return {
    archiveGaps: (accountId, archive) =>
      guarded('read archive gaps', () =>
        q.list
          .all(accountId, archive)
          .map((row) => ({ before: row.before_id, notBefore: row.not_before })),
      ),
    setArchiveGap: (accountId, archive, gap, replaces) =>
      guarded('store an archive gap', () => {
        checkGap(gap);
        setTx(accountId, archive, gap, replaces);
      }),
    removeArchiveGap: (accountId, archive, before) =>
      guarded('remove an archive gap', () => {
        q.remove.run(accountId, archive, before);
      }),
  };
}
