import Database from 'better-sqlite3';
import { statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStorageError, openStorage } from '../../../electron/storage';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../electron/storage/migrations';
import type { StoredAccount } from '../../../electron/storage/types';
import { msg, quiet, tempDbFile, tempStorage } from './helpers';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('opening the history database', () => {
  it('creates the schema from nothing, in WAL mode, private to the user', () => {
    const storage = tempStorage();
    storage.messages.insert(msg());
    const raw = new Database(storage.file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = raw
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(['accounts', 'messages', 'conversations']));
    raw.close();
    expect(statSync(path.dirname(storage.file)).mode & 0o777).toBe(0o700);
    for (const suffix of ['', '-wal', '-shm']) {
      expect(statSync(storage.file + suffix).mode & 0o777).toBe(0o600);
    }
  });

  it('re-opens with everything kept and nothing migrated twice', () => {
    const file = tempDbFile();
    const first = openStorage(file, { log: quiet });
    const m = msg({ body: '保存 kept' });
    first.messages.insert(m);
    first.close();
    const infos: string[] = [];
    const second = openStorage(file, { log: { ...quiet, info: (s) => infos.push(s) } });
    expect(second.messages.get(m.id)?.body).toBe('保存 kept');
    expect(second.messages.search({ query: '保存' })).toHaveLength(1);
    expect(infos.filter((s) => s.includes('migrated'))).toEqual([]);
    second.close();
    expect(MIGRATIONS).toHaveLength(SCHEMA_VERSION);
  });

  it('refuses a database from a newer Hutong, leaving it untouched', () => {
    const file = tempDbFile();
    openStorage(file, { log: quiet }).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const error = thrown(() => openStorage(file, { log: quiet }));
    expect(isStorageError(error) && error.code).toBe('storage-failed');
    expect((error as Error).message).toMatch(/newer than this Hutong/);
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    after.close();
  });

  it('says so clearly when the file is not a database', () => {
    const file = tempDbFile();
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'this is not sqlite, just some text that is long enough to be a header');
    const error = thrown(() => openStorage(file, { log: quiet }));
    expect(isStorageError(error) && error.code).toBe('storage-failed');
    expect((error as Error).message).toMatch(/not a SQLite database|damaged/);
  });

  it('throws StorageErrors after close', () => {
    const storage = tempStorage();
    storage.close();
    expect(isStorageError(thrown(() => storage.messages.outbox('a@b')))).toBe(true);
  });
});

describe('account store', () => {
  const account = (id: string, extra: Partial<StoredAccount> = {}): StoredAccount => ({
    accountId: id,
    jid: id,
    settings: { tls: 'starttls', proxy: { type: 'none' } },
    enabled: true,
    presence: { show: 'available' },
    sealedPassword: Buffer.from([0, 1, 2, 255]),
    ...extra,
  });

  it('saves, replaces, lists in the order added, and removes', () => {
    const { accounts } = tempStorage();
    accounts.save(account('b@x'));
    accounts.save(account('a@x', { settings: { tls: 'direct', proxy: { type: 'none' } } }));
    accounts.save(account('b@x', { enabled: false, presence: { show: 'dnd', status: '忙' } }));
    expect(accounts.list().map((a) => a.accountId)).toEqual(['b@x', 'a@x']);
    expect(accounts.get('b@x')).toEqual(
      account('b@x', { enabled: false, presence: { show: 'dnd', status: '忙' } }),
    );
    expect(accounts.get('a@x')?.sealedPassword).toEqual(Buffer.from([0, 1, 2, 255]));
    accounts.remove('b@x');
    expect(accounts.get('b@x')).toBeUndefined();
    expect(accounts.list()).toHaveLength(1);
  });

  it('keeps the roster version only together with its roster', () => {
    const { accounts } = tempStorage();
    const roster = [{ jid: 'c@x', groups: ['友'], subscription: 'both' as const, pending: false }];
    accounts.save(account('a@x', { rosterVersion: 'v7', roster }));
    expect(accounts.get('a@x')).toMatchObject({ rosterVersion: 'v7', roster });
    accounts.save(account('a@x', { rosterVersion: 'v8' }));
    expect(accounts.get('a@x')).not.toHaveProperty('rosterVersion');
  });
});
