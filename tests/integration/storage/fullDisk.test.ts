/**
 * A full disk, for real: PRAGMA max_page_count caps the file, so SQLite fails the write with
 * SQLITE_FULL exactly as when the file system has no space left. The write must fail with a
 * StorageError that carries no message text, and leave nothing half-written.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isStorageError, openStorage, type StorageError } from '../../../electron/storage';
import { msg, quiet, tempDbFile } from '../../unit/storage/helpers';

const SECRET = 'SECRET-BODY-TEXT';

function failure(run: () => unknown): StorageError {
  try {
    run();
  } catch (error) {
    if (isStorageError(error)) return error;
    throw error;
  }
  throw new Error('expected the write to fail');
}

function snapshot(file: string) {
  const raw = new Database(file, { readonly: true });
  const one = (sql: string) => raw.prepare(sql).pluck().get();
  const result = {
    integrity: one('PRAGMA integrity_check'),
    messages: one('SELECT count(*) FROM messages'),
    indexed: one('SELECT count(*) FROM messages_fts'),
    unread: one('SELECT sum(unread) FROM conversations'),
  };
  raw.close();
  return result;
}

describe('full disk', () => {
  it('fails a write with storage-failed and leaves the database as it was', () => {
    const file = tempDbFile();
    openStorage(file, { log: quiet }).close();
    const probe = new Database(file);
    const pages = probe.pragma('page_count', { simple: true }) as number;
    probe.close();
    const storage = openStorage(file, { log: quiet, maxPageCount: pages + 8 });

    let stored = 0;
    const pending = msg({ direction: 'out', state: 'pending', body: 'queued' });
    storage.messages.insert(pending);
    let error: StorageError | undefined;
    for (let i = 0; i < 1000 && !error; i += 1) {
      try {
        storage.messages.insert(msg({ body: `${SECRET} ${'x'.repeat(3000)} 你好 ${i}` }));
        stored += 1;
      } catch (caught) {
        error = failure(() => {
          throw caught;
        });
      }
    }
    expect(error?.code).toBe('storage-failed');
    expect(error?.sqliteCode).toBe('SQLITE_FULL');
    expect(error?.message).toMatch(/disk is full/);
    expect(error?.message).not.toContain(SECRET);
    expect(stored).toBeGreaterThan(0);

    // A batch that cannot fit is stored not at all, rather than in part.
    const batch = Array.from({ length: 20 }, (_, i) => msg({ body: `${'y'.repeat(3000)} ${i}` }));
    expect(failure(() => storage.messages.insertMany(batch)).code).toBe('storage-failed');
    expect(storage.messages.get(batch[0]!.id)).toBeUndefined();

    // A correction that cannot fit leaves the old text, in the message and in the index.
    const big = { body: `${SECRET} ${'z'.repeat(60_000)}`, editedAt: 1 };
    expect(failure(() => storage.messages.update(pending.id, big)).code).toBe('storage-failed');
    expect(storage.messages.get(pending.id)).not.toHaveProperty('editedAt');
    expect(storage.messages.search({ query: 'queued' }).map((h) => h.message.id)).toEqual([
      pending.id,
    ]);

    // Reads still work, and the outbox still holds what was queued before the disk filled.
    expect(storage.messages.outbox(pending.accountId).map((m) => m.id)).toEqual([pending.id]);
    const before = snapshot(file);
    expect(before).toEqual({
      integrity: 'ok',
      messages: stored + 1,
      indexed: stored + 1,
      unread: stored,
    });
    storage.close();

    // With space again, writing resumes and everything stored before is there.
    const roomy = openStorage(file, { log: quiet });
    expect(roomy.messages.insertMany(batch).every((r) => r.inserted)).toBe(true);
    expect(roomy.messages.search({ query: '你好' })).toHaveLength(stored);
    roomy.close();
    expect(snapshot(file)).toMatchObject({ integrity: 'ok', messages: stored + 21 });
  });
});
