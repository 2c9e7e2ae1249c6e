/**
 * Where registrations are kept. A row holds what the service needs to answer without opening
 * anything (receipt id, account JID, status, the decision's reason, the last four characters of
 * the ID number for the receipt) and the person's data sealed with AES-256-GCM (seal.ts).
 *
 * RegistrationStorage is what the service and the operator's tool use; its methods return
 * Promises so that they work with either store: RegistrationStore here (SQLite, better-sqlite3,
 * the default; secure_delete zeroes the pages of deleted rows, so a record past its retention
 * does not linger in the file) or PostgresRegistrationStore (postgresStore.ts, for several
 * service instances sharing one store). openStore (openStore.ts) picks one from the config.
 */
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { open, seal } from './seal';

export type RegistrationStatus = 'pending' | 'approved' | 'rejected';

export interface RegistrationRow {
  /** The receipt id the person is given. */
  readonly id: string;
  /** The registering account's bare JID. */
  readonly jid: string;
  readonly status: RegistrationStatus;
  readonly reason: string | undefined;
  /** Milliseconds since the epoch. */
  readonly created: number;
  readonly decided: number | undefined;
  /** Last four characters of the ID number, or undefined when the form has none. */
  readonly idLast4: string | undefined;
}

export interface NewRegistration {
  readonly jid: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly idLast4: string | undefined;
  readonly status: RegistrationStatus;
}

/** What the service and the operator's tool need from a store (SQLite or PostgreSQL). */
export interface RegistrationStorage {
  /**
   * Stores a registration unless the account already has one that is pending or approved: then
   * that one comes back with `added: false` and nothing is stored, so two sessions (or two
   * service instances) completing at once never leave two live registrations for one account.
   */
  add(input: NewRegistration, now: number): Promise<{ row: RegistrationRow; added: boolean }>;
  get(id: string): Promise<RegistrationRow | undefined>;
  /** The account's newest registration: the one that decides its state. */
  latestFor(jid: string): Promise<RegistrationRow | undefined>;
  list(status?: RegistrationStatus): Promise<RegistrationRow[]>;
  /** An operator's decision; undefined when there is no such registration. */
  decide(
    id: string,
    status: 'approved' | 'rejected',
    reason: string | undefined,
    now: number,
  ): Promise<RegistrationRow | undefined>;
  /** The person's data, for the operator who reviews it. */
  reveal(id: string): Promise<Record<string, string> | undefined>;
  /** Deletes registrations older than the retention period the policy states; returns how many. */
  purgeExpired(now: number, retentionDays: number): Promise<number>;
  close(): Promise<void>;
}

/** A row as both databases return it (PostgreSQL's bigints already turned into numbers). */
export interface Row {
  id: string;
  jid: string;
  status: RegistrationStatus;
  reason: string | null;
  created: number;
  decided: number | null;
  id_last4: string | null;
}

export const toRow = (row: Row): RegistrationRow => ({
  id: row.id,
  jid: row.jid,
  status: row.status,
  reason: row.reason ?? undefined,
  created: Number(row.created),
  decided: row.decided === null ? undefined : Number(row.decided),
  idLast4: row.id_last4 ?? undefined,
});

/** The person's data sealed for its row: it opens only with the key and on that row. */
export const sealFields = (key: Buffer, id: string, jid: string, fields: object): Buffer =>
  seal(key, Buffer.from(JSON.stringify(fields)), `${id}\n${jid}`);

export const openFields = (
  key: Buffer,
  id: string,
  jid: string,
  sealed: Buffer,
): Record<string, string> => JSON.parse(open(key, sealed, `${id}\n${jid}`).toString('utf8'));

/** Crockford base32 without look-alikes: HT-XXXX-XXXX-XXXX, read aloud or typed without error. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function newReceiptId(): string {
  const chars = [...randomBytes(12)].map((byte) => ALPHABET[byte & 31]).join('');
  return `HT-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

export const COLUMNS = 'id, jid, status, reason, created, decided, id_last4';
export const DAY_MS = 86_400_000;

/** The SQLite store. better-sqlite3 is synchronous; the methods wrap its answers. */
export class RegistrationStore implements RegistrationStorage {
  readonly #db: Database.Database;
  readonly #key: Buffer;

  constructor(path: string, key: Buffer) {
    this.#db = new Database(path);
    this.#key = key;
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('secure_delete = ON');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(`CREATE TABLE IF NOT EXISTS registrations (
      id TEXT PRIMARY KEY,
      jid TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
      reason TEXT,
      created INTEGER NOT NULL,
      decided INTEGER,
      id_last4 TEXT,
      sealed BLOB NOT NULL
    );
    CREATE INDEX IF NOT EXISTS registrations_jid ON registrations (jid, created);`);
  }

  async add(
    input: NewRegistration,
    now: number,
  ): Promise<{ row: RegistrationRow; added: boolean }> {
    // IMMEDIATE takes the write lock before reading: another process on the file waits.
    const insert = this.#db.transaction(() => {
      const live = this.#latest(input.jid);
      if (live && live.status !== 'rejected') return { row: live, added: false };
      const id = newReceiptId();
      const sealed = sealFields(this.#key, id, input.jid, input.fields);
      const decided = input.status === 'pending' ? null : now;
      this.#db
        .prepare(
          `INSERT INTO registrations (${COLUMNS}, sealed) VALUES (?, ?, ?, NULL, ?, ?, ?, ?)`,
        )
        .run(id, input.jid, input.status, now, decided, input.idLast4 ?? null, sealed);
      return { row: this.#get(id)!, added: true };
    });
    return insert.immediate();
  }

  async get(id: string): Promise<RegistrationRow | undefined> {
    return this.#get(id);
  }

  #get(id: string): RegistrationRow | undefined {
    const row = this.#db.prepare(`SELECT ${COLUMNS} FROM registrations WHERE id = ?`).get(id);
    return row ? toRow(row as Row) : undefined;
  }

  async latestFor(jid: string): Promise<RegistrationRow | undefined> {
    return this.#latest(jid);
  }

  #latest(jid: string): RegistrationRow | undefined {
    const row = this.#db
      .prepare(
        `SELECT ${COLUMNS} FROM registrations WHERE jid = ? ORDER BY created DESC, rowid DESC LIMIT 1`,
      )
      .get(jid);
    return row ? toRow(row as Row) : undefined;
  }

  async list(status?: RegistrationStatus): Promise<RegistrationRow[]> {
    const rows = status
      ? this.#db
          .prepare(`SELECT ${COLUMNS} FROM registrations WHERE status = ? ORDER BY created`)
          .all(status)
      : this.#db.prepare(`SELECT ${COLUMNS} FROM registrations ORDER BY created`).all();
    return (rows as Row[]).map(toRow);
  }

  async decide(
    id: string,
    status: 'approved' | 'rejected',
    reason: string | undefined,
    now: number,
  ): Promise<RegistrationRow | undefined> {
    const changed = this.#db
      .prepare('UPDATE registrations SET status = ?, reason = ?, decided = ? WHERE id = ?')
      .run(status, reason ?? null, now, id).changes;
    return changed ? this.#get(id) : undefined;
  }

  async reveal(id: string): Promise<Record<string, string> | undefined> {
    const row = this.#db.prepare('SELECT jid, sealed FROM registrations WHERE id = ?').get(id) as
      { jid: string; sealed: Buffer } | undefined;
    return row ? openFields(this.#key, id, row.jid, row.sealed) : undefined;
  }

  async purgeExpired(now: number, retentionDays: number): Promise<number> {
    return this.#db
      .prepare('DELETE FROM registrations WHERE created < ?')
      .run(now - retentionDays * DAY_MS).changes;
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}
