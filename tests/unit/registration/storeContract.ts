// What every registration store (SQLite, PostgreSQL) must do, as one test body run against each:
// records sealed at rest and opening only with their key, the newest registration deciding an
// account's state, one live registration per account even when adds race, retention cleanup.
import { describe, expect, it } from 'vitest';
import type { RegistrationStorage } from '../../../server/registration/store';

export const KEY = Buffer.alloc(32, 7);
export const OTHER_KEY = Buffer.alloc(32, 8);
export const ID = '11010119900307123X';
const DAY = 86_400_000;

export interface StoreHarness {
  /** A store on the harness's one database (a new connection or handle each time). */
  open(key: Buffer): Promise<RegistrationStorage>;
  /** Everything the database keeps, as bytes (the file, or a dump). */
  raw(): Promise<Buffer>;
  /** Removes the database. */
  dispose(): Promise<void>;
}

export function storeContract(name: string, harness: () => Promise<StoreHarness>): void {
  describe(`registration store contract: ${name}`, () => {
    async function withStore(body: (s: RegistrationStorage, h: StoreHarness) => Promise<void>) {
      const h = await harness();
      const s = await h.open(KEY);
      try {
        await body(s, h);
      } finally {
        await s.close();
        await h.dispose();
      }
    }

    it('keeps the data sealed, the newest registration deciding the state', () =>
      withStore(async (s, h) => {
        const fields = { name: '张三', 'id-number': ID };
        const first = await s.add({ jid: 'a@x', fields, idLast4: '123X', status: 'pending' }, 1000);
        expect(first.added).toBe(true);
        expect(await s.latestFor('a@x')).toMatchObject({
          id: first.row.id,
          status: 'pending',
          idLast4: '123X',
          created: 1000,
          decided: undefined,
          reason: undefined,
        });
        // A live registration stays the account's only one.
        const again = await s.add({ jid: 'a@x', fields, idLast4: '123X', status: 'pending' }, 1500);
        expect(again).toEqual({ row: first.row, added: false });
        await s.decide(first.row.id, 'rejected', 'blurred', 2000);
        const second = await s.add(
          { jid: 'a@x', fields, idLast4: '123X', status: 'pending' },
          3000,
        );
        expect(second.added).toBe(true);
        expect((await s.latestFor('a@x'))?.id).toBe(second.row.id);
        expect(await s.get(first.row.id)).toMatchObject({
          status: 'rejected',
          reason: 'blurred',
          decided: 2000,
        });
        expect(await s.reveal(second.row.id)).toEqual(fields);
        expect(await s.reveal('HT-0000-0000-0000')).toBeUndefined();
        expect((await s.list('pending')).map((row) => row.id)).toEqual([second.row.id]);
        expect((await s.list()).map((row) => row.id)).toEqual([first.row.id, second.row.id]);
        expect(await s.decide('HT-0000-0000-0000', 'approved', undefined, 1)).toBeUndefined();
        const approved = await s.decide(second.row.id, 'approved', undefined, 4000);
        expect(approved).toMatchObject({ status: 'approved', decided: 4000 });
        const raw = await h.raw();
        expect(raw.length).toBeGreaterThan(0);
        for (const secret of [ID, '张三']) {
          expect(raw.includes(Buffer.from(secret))).toBe(false);
          expect(raw.includes(Buffer.from(Buffer.from(secret).toString('hex')))).toBe(false);
        }
      }));

    it('does not open with another key', () =>
      withStore(async (s, h) => {
        const { row } = await s.add(
          { jid: 'a@x', fields: { name: 'x' }, idLast4: undefined, status: 'approved' },
          1,
        );
        expect(row).toMatchObject({ status: 'approved', decided: 1, idLast4: undefined });
        const other = await h.open(OTHER_KEY);
        try {
          await expect(other.reveal(row.id)).rejects.toThrow();
          expect(await other.get(row.id)).toEqual(row);
        } finally {
          await other.close();
        }
      }));

    it('deletes registrations older than the retention period', () =>
      withStore(async (s) => {
        const old = await s.add(
          { jid: 'a@x', fields: {}, idLast4: undefined, status: 'approved' },
          0,
        );
        const recent = await s.add(
          { jid: 'b@x', fields: {}, idLast4: undefined, status: 'approved' },
          29 * DAY,
        );
        expect(await s.purgeExpired(31 * DAY, 30)).toBe(1);
        expect(await s.get(old.row.id)).toBeUndefined();
        expect(await s.get(recent.row.id)).toBeDefined();
        expect(await s.purgeExpired(31 * DAY, 30)).toBe(0);
      }));

    it('makes one registration of adds racing for one account, across two stores', () =>
      withStore(async (s, h) => {
        const t = await h.open(KEY);
        try {
          // Connections opened first, so that the adds overlap rather than queue behind connects.
          await Promise.all(
            Array.from({ length: 8 }, (_, i) => (i % 2 ? t : s).latestFor('warm@x')),
          );
          const results = await Promise.all(
            Array.from({ length: 24 }, (_, i) =>
              (i % 2 ? t : s).add(
                { jid: 'race@x', fields: { n: String(i) }, idLast4: undefined, status: 'pending' },
                100 + i,
              ),
            ),
          );
          expect(results.filter((result) => result.added)).toHaveLength(1);
          const ids = new Set(results.map((result) => result.row.id));
          expect(ids.size).toBe(1);
          expect((await t.list()).filter((row) => row.jid === 'race@x')).toHaveLength(1);
        } finally {
          await t.close();
        }
      }));
  });
}
