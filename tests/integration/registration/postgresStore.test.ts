// The registration store on a real PostgreSQL (a private cluster, server/scripts/postgres.mjs):
// the same contract as SQLite (storeContract.ts), plus what only a shared server shows: the
// person's data absent in clear from the table and from pg_dump, instances starting together
// on an empty database, and the operator's tool working on it through the configuration.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresInstance } from '../../../server/scripts/postgres.mjs';
import { ADMIN_ENTRY } from '../../../server/scripts/registration.mjs';
import { runAdmin } from '../../../server/registration/admin';
import { PostgresRegistrationStore } from '../../../server/registration/postgresStore';
import { ID, KEY, storeContract, type StoreHarness } from '../../unit/registration/storeContract';

let server: PostgresInstance;
let admin: pg.Client;
let databases = 0;

beforeAll(async () => {
  server = await startPostgres();
  admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
}, 60_000);

afterAll(async () => {
  await admin?.end();
  server?.stop();
});

const urlOf = (database: string) => {
  const url = new URL(server.url);
  url.pathname = `/${database}`;
  return url.toString();
};

/** A fresh database for one test; the name is ours, so it can be quoted into DDL. */
async function freshDatabase(): Promise<string> {
  const name = `reg_${process.pid}_${++databases}`;
  await admin.query(`CREATE DATABASE ${name}`);
  return name;
}

function dump(database: string): Buffer {
  return execFileSync(join(server.bin, 'pg_dump'), ['--no-owner', urlOf(database)], {
    maxBuffer: 64 * 1024 * 1024,
  });
}

async function postgresHarness(): Promise<StoreHarness> {
  const database = await freshDatabase();
  return {
    open: (key) => PostgresRegistrationStore.open(urlOf(database), key),
    raw: async () => dump(database),
    dispose: async () => {
      await admin.query(`DROP DATABASE ${database} WITH (FORCE)`);
    },
  };
}

storeContract('PostgreSQL', postgresHarness);

describe('PostgreSQL registration store', () => {
  it('keeps the ID number out of every column and out of pg_dump', async () => {
    const database = await freshDatabase();
    const store = await PostgresRegistrationStore.open(urlOf(database), KEY);
    const raw = new pg.Client({ connectionString: urlOf(database) });
    await raw.connect();
    try {
      const { row } = await store.add(
        { jid: 'a@x', fields: { 'id-number': ID }, idLast4: '123X', status: 'pending' },
        Date.now(),
      );
      const sealed = await raw.query<{ sealed: Buffer }>(
        'SELECT sealed FROM registrations WHERE id = $1',
        [row.id],
      );
      expect(Buffer.isBuffer(sealed.rows[0]!.sealed)).toBe(true);
      expect(sealed.rows[0]!.sealed.includes(Buffer.from(ID))).toBe(false);
      // Every column as text (bytea in hex): neither the number nor its hex appear.
      const text = await raw.query<{ line: string }>('SELECT r::text AS line FROM registrations r');
      expect(text.rows).toHaveLength(1);
      const line = text.rows[0]!.line;
      expect(line).toContain(row.id);
      expect(line).toContain('123X');
      expect(line).not.toContain(ID);
      expect(line.toLowerCase()).not.toContain(Buffer.from(ID).toString('hex'));
      const dumped = dump(database);
      expect(dumped.includes(Buffer.from(row.id))).toBe(true);
      expect(dumped.includes(Buffer.from(ID))).toBe(false);
      expect(dumped.includes(Buffer.from(Buffer.from(ID).toString('hex')))).toBe(false);
      const columns = await raw.query<{ column_name: string; data_type: string }>(
        `SELECT column_name, data_type FROM information_schema.columns
         WHERE table_name = 'registrations' ORDER BY ordinal_position`,
      );
      expect(columns.rows.find((c) => c.column_name === 'sealed')?.data_type).toBe('bytea');
    } finally {
      await raw.end();
      await store.close();
    }
  });

  it('lets instances start together on an empty database and share it', async () => {
    const database = await freshDatabase();
    const stores = await Promise.all(
      Array.from({ length: 4 }, () => PostgresRegistrationStore.open(urlOf(database), KEY)),
    );
    try {
      const { row } = await stores[0]!.add(
        { jid: 'a@x', fields: { name: 'n' }, idLast4: undefined, status: 'pending' },
        1,
      );
      await stores[1]!.decide(row.id, 'approved', undefined, 2);
      expect(await stores[2]!.latestFor('a@x')).toMatchObject({ id: row.id, status: 'approved' });
      expect(await stores[3]!.reveal(row.id)).toEqual({ name: 'n' });
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it('refuses to open when the server is not there', async () => {
    const url = new URL(server.url);
    url.port = '1';
    await expect(PostgresRegistrationStore.open(url.toString(), KEY)).rejects.toThrow();
  });

  it('serves the operator tool from a configuration naming PostgreSQL', async () => {
    const database = await freshDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'hutong-pgadmin-'));
    try {
      const config = join(dir, 'registration.json');
      writeFileSync(
        config,
        JSON.stringify({
          component: { jid: 'realname.example', secret: 's' },
          policy: {
            services: ['conference.example'],
            authority: 'a',
            legalText: 'l',
            retentionDays: 30,
          },
          store: { kind: 'postgres', url: urlOf(database) },
          encryptionKey: KEY.toString('base64'),
        }),
      );
      const store = await PostgresRegistrationStore.open(urlOf(database), KEY);
      const { row } = await store.add(
        {
          jid: 'a@x',
          fields: { name: '张三', 'id-number': ID, mobile: '13800138000' },
          idLast4: '123X',
          status: 'pending',
        },
        Date.now(),
      );
      await store.close();
      const listed = await runAdmin(['--config', config, 'list', 'pending']);
      expect(listed.code).toBe(0);
      expect(listed.out).toContain(row.id);
      const shown = await runAdmin(['--config', config, 'show', row.id]);
      expect(shown.out).not.toContain(ID);
      const revealed = await runAdmin(['--config', config, 'show', row.id, '--reveal']);
      expect(revealed.out).toContain(ID);
      const approved = await runAdmin(['--config', config, 'approve', row.id]);
      expect(approved).toMatchObject({ code: 0 });
      expect(approved.out).toContain('approved');
      expect((await runAdmin(['--config', config, 'approve', 'HT-0000-0000-0000'])).code).toBe(1);
      // The built tool (pg bundled into dist/server/registrationAdmin.mjs) reads the same.
      const built = execFileSync(process.execPath, [ADMIN_ENTRY, '--config', config, 'list'], {
        encoding: 'utf8',
      });
      expect(built).toContain(`${row.id}\tapproved\ta@x`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
