import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openStorage } from '../../../electron/storage';
import { A, B, msg, quiet, tempDbFile } from './helpers';

const C = 'carol@example.org';

/** Every byte SQLite wrote for the database: the file and its write-ahead log. */
function onDisk(file: string): string {
  return ['', '-wal']
    .filter((suffix) => existsSync(file + suffix))
    .map((suffix) => readFileSync(file + suffix).toString('latin1'))
    .join('');
}

describe('private conversations kept in memory', () => {
  it('never writes a private message to the file unless the contact is kept', () => {
    const file = tempDbFile();
    const storage = openStorage(file, { log: quiet });
    const plain = msg({ body: 'plain words before', sentAt: 1_000 });
    const secret = msg({ body: 'SECRET-ONLY-IN-MEMORY', sentAt: 2_000, private: true });
    const mine = msg({
      direction: 'out',
      state: 'pending',
      body: 'MY-SECRET-REPLY',
      sentAt: 3_000,
      private: true,
    });
    storage.messages.insert(plain);
    storage.messages.insert(secret);
    storage.messages.insert(mine);

    // Seen as one conversation, in order, with the private ones merged in.
    const page = storage.messages.page(A, B, { limit: 10 });
    expect(page.messages.map((m) => m.body)).toEqual([
      'plain words before',
      'SECRET-ONLY-IN-MEMORY',
      'MY-SECRET-REPLY',
    ]);
    const [conversation] = storage.messages.conversations();
    expect(conversation?.lastMessage?.body).toBe('MY-SECRET-REPLY');
    expect(conversation?.unread).toBe(2);
    expect(storage.messages.outbox(A).map((m) => m.id)).toEqual([mine.id]);
    expect(storage.messages.update(mine.id, { state: 'sent' })?.state).toBe('sent');
    expect(storage.messages.markRead(A, B)).toBe(2);
    expect(storage.messages.conversation(A, B).unread).toBe(0);

    const text = onDisk(file);
    expect(text).toContain('plain words before');
    expect(text).not.toContain('SECRET-ONLY-IN-MEMORY');
    expect(text).not.toContain('MY-SECRET-REPLY');
    storage.close();

    // Gone with the app; the plain message stays.
    const again = openStorage(file, { log: quiet });
    expect(again.messages.page(A, B, { limit: 10 }).messages.map((m) => m.body)).toEqual([
      'plain words before',
    ]);
    expect(again.messages.get(secret.id)).toBeUndefined();
    again.close();
  });

  it('keeps a contact’s private conversation on disk once the user asks, and only theirs', () => {
    const file = tempDbFile();
    const storage = openStorage(file, { log: quiet });
    storage.otr.setKeepsHistory(A, B, true);
    expect(storage.otr.keepsHistory(A, B)).toBe(true);
    const kept = msg({ body: 'KEPT-PRIVATE', private: true });
    const other = msg({ peer: C, body: 'CAROL-PRIVATE', private: true });
    storage.messages.insert(kept);
    storage.messages.insert(other);
    expect(storage.messages.search({ query: 'KEPT' })).toEqual([]);
    storage.close();
    expect(onDisk(file)).not.toContain('CAROL-PRIVATE');

    const again = openStorage(file, { log: quiet });
    expect(again.messages.get(kept.id)?.body).toBe('KEPT-PRIVATE');
    expect(again.messages.get(other.id)).toBeUndefined();
    again.otr.setKeepsHistory(A, B, false);
    expect(again.otr.keepsHistory(A, B)).toBe(false);
    again.close();
  });

  it('pages across both stores without skipping or repeating a message', () => {
    const file = tempDbFile();
    const storage = openStorage(file, { log: quiet });
    const all = Array.from({ length: 30 }, (_, i) =>
      // Several in one millisecond, alternating stores, to exercise seqs that could meet.
      msg({ body: `n${i}`, sentAt: 5_000 + Math.floor(i / 3), private: i % 2 === 0 }),
    );
    storage.messages.insertMany(all);
    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = storage.messages.page(A, B, { limit: 7, ...(before ? { before } : {}) });
      seen.unshift(...page.messages.map((m) => m.body));
      if (!page.olderCursor) break;
      before = page.olderCursor;
    }
    expect(seen).toEqual(all.map((m) => m.body));
    // A search hit's page (around) finds its place among the private ones too.
    const hit = all[15]!;
    const around = storage.messages.page(A, B, { around: hit.id, limit: 5 });
    expect(around.messages.map((m) => m.body)).toEqual(['n13', 'n14', 'n15', 'n16', 'n17']);
    storage.close();
  });

  it('corrects a private message where it lives', () => {
    const file = tempDbFile();
    const storage = openStorage(file, { log: quiet });
    const mine = msg({ direction: 'out', state: 'sent', body: 'TYPO-PRIVATE', private: true });
    storage.messages.insert(mine);
    const corrected = storage.messages.addCorrection({
      id: 'c1',
      accountId: A,
      kind: 'chat',
      peer: B,
      messageId: mine.id,
      body: 'FIXED-PRIVATE',
      createdAt: 9_000,
    });
    expect(corrected?.body).toBe('FIXED-PRIVATE');
    expect(storage.messages.corrections(A).map((c) => c.id)).toEqual(['c1']);
    storage.messages.removeCorrection('c1');
    expect(storage.messages.corrections(A)).toEqual([]);
    storage.close();
    const raw = onDisk(file);
    expect(raw).not.toContain('FIXED-PRIVATE');
    expect(raw).not.toContain('TYPO-PRIVATE');
    expect(new Database(file).prepare('SELECT count(*) FROM messages').pluck().get()).toBe(0);
  });
});
