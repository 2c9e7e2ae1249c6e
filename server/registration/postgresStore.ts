/**
 * The registration store in PostgreSQL (node-postgres), for several service instances sharing
 * one store. Same rows as the SQLite store (store.ts), the person's data sealed the same way
 * (bytea), parameterized queries only. Concurrency between instances:
 *  - the table is created, if missing, under a transaction-level advisory lock, so instances
 *    starting together do not trip over each other's CREATE;
 *  - add() runs in a transaction holding an advisory lock on the account's JID, checks the
 *    account's newest registration and inserts only when there is none that is live (pending or
 *    approved): two instances completing a registration for one account at once make one row.
 * Connection errors carry host and condition, never a row's content.
 */
import pg from 'pg';
import {
  COLUMNS,
  DAY_MS,
  newReceiptId,
  openFields,
  sealFields,
  toRow,
  type NewRegistration,
  type RegistrationRow,
  type RegistrationStatus,
  type RegistrationStorage,
  type Row,
} from './store';

/** Any constant: the advisory lock the schema's creation takes. */
const SCHEMA_LOCK = 0x48_54_52_47; // "HTRG"

const SCHEMA = `CREATE TABLE IF NOT EXISTS registrations (
  id TEXT PRIMARY KEY,
  jid TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  reason TEXT,
  created BIGINT NOT NULL,
  decided BIGINT,
  id_last4 TEXT,
  sealed BYTEA NOT NULL,
  seq BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX IF NOT EXISTS registrations_jid ON registrations (jid, created);`;

const LATEST = `SELECT ${COLUMNS} FROM registrations WHERE jid = $1 ORDER BY created DESC, seq DESC LIMIT 1`;

export class PostgresRegistrationStore implements RegistrationStorage {
  readonly #pool: pg.Pool;
  readonly #key: Buffer;

  private constructor(pool: pg.Pool, key: Buffer) {
    this.#pool = pool;
    this.#key = key;
  }

  /** Connects to `url` and creates the table if it is missing. */
  static async open(url: string, key: Buffer): Promise<PostgresRegistrationStore> {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    // An idle connection that breaks is replaced on the next query; do not crash on it.
    pool.on('error', () => {});
    const store = new PostgresRegistrationStore(pool, key);
    try {
      await store.#transaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
        await client.query(SCHEMA);
      });
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  async #transaction<T>(body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await body(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async add(
    input: NewRegistration,
    now: number,
  ): Promise<{ row: RegistrationRow; added: boolean }> {
    return this.#transaction(async (client) => {
      // Held until COMMIT: a second instance adding for this account waits here, then sees ours.
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [input.jid]);
      const live = (await client.query<Row>(LATEST, [input.jid])).rows[0];
      if (live && live.status !== 'rejected') return { row: toRow(live), added: false };
      const id = newReceiptId();
      const sealed = sealFields(this.#key, id, input.jid, input.fields);
      const decided = input.status === 'pending' ? null : now;
      const inserted = await client.query<Row>(
        `INSERT INTO registrations (${COLUMNS}, sealed) VALUES ($1, $2, $3, NULL, $4, $5, $6, $7)
         RETURNING ${COLUMNS}`,
        [id, input.jid, input.status, now, decided, input.idLast4 ?? null, sealed],
      );
      return { row: toRow(inserted.rows[0]!), added: true };
    });
  }

  async get(id: string): Promise<RegistrationRow | undefined> {
    const { rows } = await this.#pool.query<Row>(
      `SELECT ${COLUMNS} FROM registrations WHERE id = $1`,
      [id],
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  async latestFor(jid: string): Promise<RegistrationRow | undefined> {
    const { rows } = await this.#pool.query<Row>(LATEST, [jid]);
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  async list(status?: RegistrationStatus): Promise<RegistrationRow[]> {
    const { rows } = status
      ? await this.#pool.query<Row>(
          `SELECT ${COLUMNS} FROM registrations WHERE status = $1 ORDER BY created, seq`,
          [status],
        )
      : await this.#pool.query<Row>(`SELECT ${COLUMNS} FROM registrations ORDER BY created, seq`);
    return rows.map(toRow);
  }

  async decide(
    id: string,
    status: 'approved' | 'rejected',
    reason: string | undefined,
    now: number,
  ): Promise<RegistrationRow | undefined> {
    const { rows } = await this.#pool.query<Row>(
      `UPDATE registrations SET status = $1, reason = $2, decided = $3 WHERE id = $4
       RETURNING ${COLUMNS}`,
      [status, reason ?? null, now, id],
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  async reveal(id: string): Promise<Record<string, string> | undefined> {
    const { rows } = await this.#pool.query<{ jid: string; sealed: Buffer }>(
      'SELECT jid, sealed FROM registrations WHERE id = $1',
      [id],
    );
    const row = rows[0];
    return row ? openFields(this.#key, id, row.jid, row.sealed) : undefined;
  }

  async purgeExpired(now: number, retentionDays: number): Promise<number> {
    const result = await this.#pool.query('DELETE FROM registrations WHERE created < $1', [
      now - retentionDays * DAY_MS,
    ]);
    return result.rowCount ?? 0;
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
