/** What archive catch-up keeps in the store: the newest stored id per archive, and the gaps. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isStorageError } from '../../../electron/storage';
import { A, msg, tempStorage } from './helpers';

const C = 'carol@example.org';
const ROOM = 'tea@conference.example.org';

describe('message store: newest stanza-id of an archive', () => {
  it('is the id of the newest stored message of that archive, live ones included', () => {
    const { messages } = tempStorage();
    expect(messages.newestStanzaId(A, A)).toBeUndefined();
    messages.insert(msg({ stanzaId: 'a1', sentAt: 1000, via: 'archive' }));
    messages.insert(msg({ stanzaId: 'a3', sentAt: 3000, via: 'live' }));
    // Filled in from the archive later, but older: not the newest.
    messages.insert(msg({ stanzaId: 'a2', sentAt: 2000, via: 'archive' }));
    // Newer, but without a stanza-id, from another archive, or of another account.
    messages.insert(msg({ sentAt: 9000 }));
    messages.insert(msg({ kind: 'room', peer: ROOM, stanzaId: 'r9', archive: ROOM, sentAt: 9000 }));
    messages.insert(msg({ accountId: C, stanzaId: 'c9', sentAt: 9000 }));
    expect(messages.newestStanzaId(A, A)).toBe('a3');
    expect(messages.newestStanzaId(A, ROOM)).toBe('r9');
    expect(messages.newestStanzaId(C, C)).toBe('c9');
    expect(messages.newestStanzaId(C, A)).toBeUndefined();
  });

  it('is read from an index, not by scanning or sorting the history', () => {
    const storage = tempStorage();
    storage.messages.insert(msg({ stanzaId: 'a1' }));
    const raw = new Database(storage.file, { readonly: true });
    const plan = raw
      .prepare(
        `EXPLAIN QUERY PLAN SELECT stanza_id FROM messages
         WHERE account_id = ? AND archive = ? AND stanza_id IS NOT NULL
         ORDER BY seq DESC LIMIT 1`,
      )
      .all(A, A)
      .map((row) => (row as { detail: string }).detail)
      .join('\n');
    raw.close();
    expect(plan).toMatch(
      /SEARCH messages USING INDEX messages_by_archive \(account_id=\? AND archive=\?\)/,
    );
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});

describe('message store: archive gaps', () => {
  it('lists the newest (most recently opened) gap first, per archive', () => {
    const { messages } = tempStorage();
    expect(messages.archiveGaps(A, A)).toEqual([]);
    messages.setArchiveGap(A, A, { before: 'old', notBefore: 100 });
    messages.setArchiveGap(A, A, { before: 'new', notBefore: 100 });
    messages.setArchiveGap(A, ROOM, { before: 'room', notBefore: 50 });
    messages.setArchiveGap(C, A, { before: 'elsewhere', notBefore: 50 });
    expect(messages.archiveGaps(A, A)).toEqual([
      { before: 'new', notBefore: 100 },
      { before: 'old', notBefore: 100 },
    ]);
    expect(messages.archiveGaps(A, ROOM)).toEqual([{ before: 'room', notBefore: 50 }]);
    expect(messages.archiveGaps(C, A)).toEqual([{ before: 'elsewhere', notBefore: 50 }]);
  });

  it('narrows a gap in place: the replacement keeps its order among the others', () => {
    const { messages } = tempStorage();
    messages.setArchiveGap(A, A, { before: 'old', notBefore: 100 });
    messages.setArchiveGap(A, A, { before: 'new', notBefore: 200 });
    messages.setArchiveGap(A, A, { before: 'older', notBefore: 100 }, 'old');
    expect(messages.archiveGaps(A, A)).toEqual([
      { before: 'new', notBefore: 200 },
      { before: 'older', notBefore: 100 },
    ]);
    // Setting an open gap again moves its end and keeps its place.
    messages.setArchiveGap(A, A, { before: 'older', notBefore: 50 });
    messages.setArchiveGap(A, A, { before: 'new', notBefore: 150 }, 'new');
    expect(messages.archiveGaps(A, A)).toEqual([
      { before: 'new', notBefore: 150 },
      { before: 'older', notBefore: 50 },
    ]);
    // Replacing a gap that was removed meanwhile still records what is left to fetch.
    messages.removeArchiveGap(A, A, 'older');
    messages.setArchiveGap(A, A, { before: 'oldest', notBefore: 50 }, 'older');
    expect(messages.archiveGaps(A, A).map((g) => g.before)).toEqual(['oldest', 'new']);
  });

  it('forgets a gap, and only that one', () => {
    const { messages } = tempStorage();
    messages.setArchiveGap(A, A, { before: 'g1', notBefore: 1 });
    messages.setArchiveGap(A, ROOM, { before: 'g1', notBefore: 1 });
    messages.removeArchiveGap(A, A, 'g1');
    messages.removeArchiveGap(A, A, 'never-there');
    expect(messages.archiveGaps(A, A)).toEqual([]);
    expect(messages.archiveGaps(A, ROOM)).toHaveLength(1);
  });

  it('refuses a gap without an id or a time', () => {
    const { messages } = tempStorage();
    for (const gap of [
      { before: '', notBefore: 1 },
      { before: 'x', notBefore: Number.NaN },
    ]) {
      let error: unknown;
      try {
        messages.setArchiveGap(A, A, gap);
      } catch (caught) {
        error = caught;
      }
      expect(isStorageError(error) && error.code).toBe('invalid-params');
    }
    expect(messages.archiveGaps(A, A)).toEqual([]);
  });
});
