// The sealed store and its seal: records open only with their key and on their own row, the
// person's data never reach the file in clear, and records past the retention period are gone.
// The store's contract (storeContract.ts) runs here against SQLite, and against PostgreSQL in
// tests/integration/registration/postgresStore.test.ts.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../server/registration/config';
import { open, seal } from '../../../server/registration/seal';
import { newReceiptId, RegistrationStore } from '../../../server/registration/store';
import { ID, KEY, OTHER_KEY, storeContract, type StoreHarness } from './storeContract';

export async function sqliteHarness(): Promise<StoreHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-store-'));
  const path = join(dir, 'r.sqlite');
  return {
    open: async (key) => new RegistrationStore(path, key),
    // The file and its WAL: what a copy of the folder would hold.
    raw: async () => Buffer.concat(readdirSync(dir).map((name) => readFileSync(join(dir, name)))),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

storeContract('SQLite', sqliteHarness);

describe('seal', () => {
  it('opens what it sealed, and nothing sealed with another key or for another row', () => {
    const sealed = seal(KEY, Buffer.from(ID), 'HT-1\na@x');
    expect(sealed.includes(Buffer.from(ID))).toBe(false);
    expect(open(KEY, sealed, 'HT-1\na@x').toString()).toBe(ID);
    expect(() => open(OTHER_KEY, sealed, 'HT-1\na@x')).toThrow();
    expect(() => open(KEY, sealed, 'HT-2\na@x')).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => open(KEY, tampered, 'HT-1\na@x')).toThrow();
  });

  it('uses a fresh nonce for every record', () => {
    expect(seal(KEY, Buffer.from(ID), 'c').equals(seal(KEY, Buffer.from(ID), 'c'))).toBe(false);
  });
});

describe('RegistrationStore', () => {
  it('makes receipt ids of the documented shape', () => {
    const ids = new Set(Array.from({ length: 200 }, newReceiptId));
    expect(ids.size).toBe(200);
    for (const id of ids)
      expect(id).toMatch(/^HT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });
});

describe('store configuration', () => {
  const base = {
    component: { jid: 'realname.example', secret: 's' },
    policy: { services: ['conference.example'], authority: 'a', legalText: 'l', retentionDays: 30 },
    encryptionKey: KEY.toString('base64'),
  };

  it('reads the older and the newer SQLite form, and PostgreSQL', () => {
    expect(parseConfig({ ...base, store: { sqlite: 'r.sqlite' } }, '/etc/h').storePath).toBe(
      '/etc/h/r.sqlite',
    );
    expect(
      parseConfig({ ...base, store: { kind: 'sqlite', path: 'db/r.sqlite' } }, '/etc/h').storePath,
    ).toBe('/etc/h/db/r.sqlite');
    const pg = parseConfig(
      { ...base, store: { kind: 'postgres', url: 'postgres://u:p@db.example/hutong' } },
      '/etc/h',
    );
    expect(pg.storePath).toBeUndefined();
    expect(pg.store).toEqual({ kind: 'postgres', url: 'postgres://u:p@db.example/hutong' });
  });

  it('refuses a store it does not know', () => {
    for (const store of [
      { kind: 'postgres' },
      { kind: 'postgres', url: 'mysql://x' },
      { kind: 'mysql', url: 'x' },
      { kind: 'sqlite', url: 'postgres://x' },
      {},
    ])
      expect(() => parseConfig({ ...base, store }, '/etc/h')).toThrow(/store/);
  });
});
