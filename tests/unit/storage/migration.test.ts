/**
 * Migration 2 on a database written by the previous release (tests/fixtures/history-v1.sqlite,
 * schema 1): everything it held is still there and still works the same way.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStorageError, openStorage } from '../../../electron/storage';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../electron/storage/migrations';
import { quiet, tempDbFile } from './helpers';

const FIXTURE = path.resolve(__dirname, '../../fixtures/history-v1.sqlite');
const ALICE = 'alice@example.org';
const BOB = 'bob@example.org';
const CAROL = 'carol@example.org';

function v1Copy(): string {
  const file = tempDbFile();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  copyFileSync(FIXTURE, file);
  return file;
}

/** Everything a database holds, table by table, read without our code. */
function dump(file: string): Record<string, unknown[]> {
  const raw = new Database(file, { readonly: true });
  const tables = raw
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];
  const all = Object.fromEntries(
    tables.map((t) => [t, raw.prepare(`SELECT * FROM "${t}"`).raw().all()]),
  );
  all.user_version = [raw.pragma('user_version', { simple: true })];
  raw.close();
  return all;
}

describe('migrations 2 and 3 on a version 1 database', () => {
  it('keeps every message, conversation, the outbox, search and the account', () => {
    const file = v1Copy();
    expect(dump(file).user_version).toEqual([1]);
    const infos: string[] = [];
    const storage = openStorage(file, { log: { ...quiet, info: (s) => infos.push(s) } });
    expect(infos.filter((s) => s.includes('migrated'))).toEqual([
      expect.stringContaining('version 2'),
      expect.stringContaining('version 3'),
      expect.stringContaining('version 4'),
      expect.stringContaining('version 5'),
      expect.stringContaining('version 6'),
      expect.stringContaining('version 7'),
      expect.stringContaining('version 8'),
    ]);
    const { messages, accounts } = storage;
    // Version 5 adds the rooms table, version 6 the OTR keys and trust: empty.
    expect(storage.rooms.list(ALICE)).toEqual([]);
    expect(storage.otr.key(ALICE)).toBeUndefined();
    expect(storage.otr.trust(ALICE)).toEqual([]);

    const bob = messages.page(ALICE, BOB, { limit: 50 });
    expect(bob.olderCursor).toBeUndefined();
    expect(bob.messages).toEqual([
      {
        id: 'v1-in-1',
        accountId: ALICE,
        kind: 'chat',
        peer: BOB,
        direction: 'in',
        body: 'hello from the old release 你好',
        sentAt: 1700000000000,
        state: 'read',
        via: 'live',
        private: false,
      },
      {
        id: 'v1-out-1',
        accountId: ALICE,
        kind: 'chat',
        peer: BOB,
        direction: 'out',
        body: 'answer, delivered (edited)',
        sentAt: 1700000001000,
        state: 'delivered',
        editedAt: 1700000001500,
        via: 'live',
        private: false,
      },
      {
        id: 'v1-in-2',
        accountId: ALICE,
        kind: 'chat',
        peer: BOB,
        direction: 'in',
        body: 'unread one',
        sentAt: 1700000002000,
        state: 'received',
        via: 'carbon',
        private: false,
      },
      {
        id: 'v1-out-2',
        accountId: ALICE,
        kind: 'chat',
        peer: BOB,
        direction: 'out',
        body: 'waiting in the outbox',
        sentAt: 1700000003000,
        state: 'pending',
        via: 'live',
        private: false,
      },
      {
        id: 'v1-out-3',
        accountId: ALICE,
        kind: 'chat',
        peer: BOB,
        direction: 'out',
        body: 'failed one',
        sentAt: 1700000004000,
        state: 'failed',
        error: { code: 'recipient-unavailable', message: 'x' },
        via: 'live',
        private: false,
      },
    ]);
    expect(messages.page(ALICE, CAROL, { limit: 50 }).messages).toEqual([
      {
        id: 'v1-carol-1',
        accountId: ALICE,
        kind: 'chat',
        peer: CAROL,
        direction: 'in',
        body: 'archived from carol',
        sentAt: 1699999995000,
        state: 'received',
        via: 'archive',
        private: false,
      },
    ]);

    // Stanza-ids now belong to the account's own archive; the newest of them is where the old
    // cursor stood, so catch-up resumes where it left off.
    for (const id of ['arch-0', 'arch-1', 'arch-2']) {
      expect(messages.hasStanzaId(ALICE, ALICE, id)).toBe(true);
      expect(messages.hasStanzaId(ALICE, 'room@conference.example.org', id)).toBe(false);
    }
    expect(messages.newestStanzaId(ALICE, ALICE)).toBe('arch-2');
    expect(messages.archiveGaps(ALICE, ALICE)).toEqual([]);
    // De-duplication still holds against the old rows: by stanza-id and by origin-id.
    const again = {
      accountId: ALICE,
      kind: 'chat' as const,
      peer: BOB,
      direction: 'in' as const,
      body: 'hello from the old release 你好',
      sentAt: 1700000000000,
      state: 'received' as const,
      via: 'archive' as const,
      private: false,
    };
    expect(
      messages.insert({ ...again, id: 'dup-1', stanzaId: 'arch-1', archive: ALICE }),
    ).toMatchObject({ inserted: false, message: { id: 'v1-in-1' } });
    expect(messages.insert({ ...again, id: 'dup-2', originId: 'o-1' })).toMatchObject({
      inserted: false,
      message: { id: 'v1-in-1' },
    });
    expect(messages.findByXmppId(ALICE, BOB, 'x-1')?.id).toBe('v1-in-1');

    const conversations = messages.conversations();
    expect(conversations.map((c) => [c.peer, c.kind, c.unread, c.lastMessage?.id])).toEqual([
      [BOB, 'chat', 1, 'v1-out-3'],
      [CAROL, 'chat', 1, 'v1-carol-1'],
    ]);
    expect(messages.outbox(ALICE).map((m) => m.id)).toEqual(['v1-out-2']);
    expect(messages.corrections(ALICE)).toEqual([]);

    expect(messages.search({ query: '你好' }).map((h) => h.message.id)).toEqual(['v1-in-1']);
    expect(messages.search({ query: 'archived' }).map((h) => h.message.id)).toEqual(['v1-carol-1']);
    expect(messages.search({ query: 'edited', peer: BOB }).map((h) => h.message.id)).toEqual([
      'v1-out-1',
    ]);

    expect(accounts.list()).toEqual([
      {
        accountId: ALICE,
        jid: ALICE,
        settings: { label: 'Alice' },
        enabled: true,
        presence: { show: 'available', status: '' },
        sealedPassword: Buffer.from('sealed-bytes'),
      },
    ]);
    storage.close();

    const after = dump(file);
    expect(after.user_version).toEqual([SCHEMA_VERSION]);
    expect(SCHEMA_VERSION).toBe(8);
    expect(Object.keys(after)).not.toContain('archive_cursors');
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(raw.pragma('foreign_key_check')).toEqual([]);
    raw.close();

    // A second open migrates nothing and changes nothing.
    const infos2: string[] = [];
    openStorage(file, { log: { ...quiet, info: (s) => infos2.push(s) } }).close();
    expect(infos2.filter((s) => s.includes('migrated'))).toEqual([]);
    expect(dump(file)).toEqual(after);
  });

  it('gives the old index its pairs of CJK characters in steps, finding the same throughout', () => {
    const file = v1Copy();
    const storage = openStorage(file, { log: quiet });
    const raw = new Database(file, { readonly: true });
    // The pair token 你好 exists only in upgraded entries.
    const pairHits = () =>
      raw.prepare(`SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'text : "你好"'`).all();
    const found = () => storage.messages.search({ query: '你好' }).map((h) => h.message.id);
    const setting = (k: string) =>
      raw.prepare('SELECT v FROM messages_fts_config WHERE k = ?').pluck().get(k);
    expect(pairHits()).toEqual([]);
    expect(found()).toEqual(['v1-in-1']);
    // FTS5 merges only in the upgrade's own bounded steps until it is done.
    expect([setting('automerge'), setting('crisismerge')]).toEqual([0, 64]);

    let steps = 0;
    while (storage.messages.upgradeIndex(2)) steps += 1;
    expect(steps).toBeGreaterThan(0);
    expect(pairHits()).toHaveLength(1);
    expect(found()).toEqual(['v1-in-1']);
    expect(storage.messages.upgradeIndex(2)).toBe(false);
    expect(raw.prepare('SELECT count(*) FROM index_upgrade').pluck().get()).toBe(0);
    expect([setting('automerge'), setting('crisismerge')]).toEqual([4, 16]);
    raw.close();
    storage.close();
    const check = new Database(file);
    expect(() =>
      check.prepare("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')").run(),
    ).not.toThrow();
    check.close();
  });

  it('leaves the full-text index consistent after the upgrade', () => {
    const file = v1Copy();
    openStorage(file, { log: quiet }).close();
    const raw = new Database(file);
    expect(() =>
      raw.prepare("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')").run(),
    ).not.toThrow();
    expect(raw.prepare('SELECT count(*) FROM messages_fts').pluck().get()).toBe(6);
    raw.close();
  });

  it('takes private messages that version 1 indexed out of the index', () => {
    const file = v1Copy();
    // Version 1 indexed every body; mark one row private as such a database would hold it.
    const raw = new Database(file);
    raw.prepare("UPDATE messages SET private = 1 WHERE id = 'v1-in-2'").run();
    raw.close();
    const storage = openStorage(file, { log: quiet });
    expect(storage.messages.get('v1-in-2')?.private).toBe(true);
    expect(storage.messages.search({ query: 'unread' })).toEqual([]);
    expect(storage.messages.search({ query: 'failed' })).toHaveLength(1);
    storage.close();
    const check = new Database(file, { readonly: true });
    expect(check.prepare('SELECT count(*) FROM messages_fts').pluck().get()).toBe(5);
    check.close();
  });

  it('leaves the version 1 database as it was when the migration fails midway', () => {
    const file = v1Copy();
    const before = dump(file);
    // A stray table with the name of one that migration 2 creates makes it fail in its middle:
    // after it added columns, scoped the stanza-ids, replaced an index and dropped the cursors.
    const raw = new Database(file);
    raw.exec('CREATE TABLE archive_gaps (x)');
    raw.close();
    const broken = dump(file);
    expect(() => openStorage(file, { log: quiet })).toThrow(
      expect.objectContaining({ code: 'storage-failed' }),
    );
    // Nothing of migration 2 stayed: the same tables, rows and version as before the attempt.
    expect(dump(file)).toEqual(broken);
    expect(broken.archive_cursors).toEqual(before.archive_cursors);
    expect(broken.messages).toEqual(before.messages);
    expect(broken.user_version).toEqual([1]);
    const schema = new Database(file, { readonly: true });
    const columns = schema.prepare('SELECT name FROM pragma_table_info(?)').pluck();
    expect(columns.all('messages')).not.toContain('archive');
    expect(columns.all('conversations')).not.toContain('kind');
    schema.close();
    let error: unknown;
    try {
      openStorage(file, { log: quiet });
    } catch (caught) {
      error = caught;
    }
    expect(isStorageError(error) && error.message).toMatch(/open the history database/);
    expect(MIGRATIONS).toHaveLength(SCHEMA_VERSION);
  });
});
