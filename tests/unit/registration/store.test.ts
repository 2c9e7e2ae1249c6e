// The sealed store and its seal: records open only with their key and on their own row, the
// person's data never reach the file in clear, and records past the retention period are gone.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { open, seal } from '../../../server/registration/seal';
import { newReceiptId, RegistrationStore } from '../../../server/registration/store';

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 8);
const ID = '11010119900307123X';
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function store(key = KEY) {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-store-'));
  dirs.push(dir);
  return { path: join(dir, 'r.sqlite'), store: new RegistrationStore(join(dir, 'r.sqlite'), key) };
}

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
  it('keeps the data sealed, the newest registration deciding the state', () => {
    const { path, store: s } = store();
    const first = s.add(
      { jid: 'a@x', fields: { 'id-number': ID }, idLast4: '123X', status: 'pending' },
      1000,
    );
    expect(s.latestFor('a@x')).toMatchObject({ id: first.id, status: 'pending', idLast4: '123X' });
    s.decide(first.id, 'rejected', 'blurred', 2000);
    const second = s.add(
      { jid: 'a@x', fields: { 'id-number': ID }, idLast4: '123X', status: 'pending' },
      3000,
    );
    expect(s.latestFor('a@x')?.id).toBe(second.id);
    expect(s.get(first.id)).toMatchObject({ status: 'rejected', reason: 'blurred', decided: 2000 });
    expect(s.reveal(second.id)).toEqual({ 'id-number': ID });
    expect(s.list('pending').map((row) => row.id)).toEqual([second.id]);
    s.close();
    expect(readFileSync(path).includes(Buffer.from(ID))).toBe(false);
  });

  it('does not open with another key', () => {
    const { path, store: s } = store();
    const row = s.add(
      { jid: 'a@x', fields: { name: 'x' }, idLast4: undefined, status: 'approved' },
      1,
    );
    s.close();
    const other = new RegistrationStore(path, OTHER_KEY);
    expect(() => other.reveal(row.id)).toThrow();
    other.close();
  });

  it('deletes registrations older than the retention period', () => {
    const { store: s } = store();
    const day = 86_400_000;
    const old = s.add({ jid: 'a@x', fields: {}, idLast4: undefined, status: 'approved' }, 0);
    const recent = s.add(
      { jid: 'b@x', fields: {}, idLast4: undefined, status: 'approved' },
      29 * day,
    );
    expect(s.purgeExpired(31 * day, 30)).toBe(1);
    expect(s.get(old.id)).toBeUndefined();
    expect(s.get(recent.id)).toBeDefined();
    s.close();
  });

  it('makes receipt ids of the documented shape', () => {
    const ids = new Set(Array.from({ length: 200 }, newReceiptId));
    expect(ids.size).toBe(200);
    for (const id of ids)
      expect(id).toMatch(/^HT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });
});
