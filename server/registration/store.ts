/**
 * Where registrations are kept: SQLite (better-sqlite3). A row holds what the service needs to
 * answer without opening anything (receipt id, account JID, status, the decision's reason, the
 * last four characters of the ID number for the receipt) and the person's data sealed with
 * AES-256-GCM (seal.ts). secure_delete zeroes the pages of deleted rows, so a record past its
 * retention does not linger in the file. PostgreSQL is not implemented (see server/README.md).
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

interface Row {
  id: string;
  jid: string;
  status: RegistrationStatus;
  reason: string | null;
  created: number;
  decided: number | null;
  id_last4: string | null;
}

const toRow = (row: Row): RegistrationRow => ({
  id: row.id,
  jid: row.jid,
  status: row.status,
  reason: row.reason ?? undefined,
  created: row.created,
  decided: row.decided ?? undefined,
  idLast4: row.id_last4 ?? undefined,
});

/** Crockford base32 without look-alikes: HT-XXXX-XXXX-XXXX, read aloud or typed without error. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function newReceiptId(): string {
  const chars = [...randomBytes(12)].map((byte) => ALPHABET[byte & 31]).join('');
  return `HT-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

const COLUMNS = 'id, jid, status, reason, created, decided, id_last4';
const DAY_MS = 86_400_000;

export class RegistrationStore {
  readonly #db: Database.Database;
  readonly #key: Buffer;

  constructor(path: string, key: Buffer) {
    this.#db = new Database(path);
    this.#key = key;
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('secure_delete = ON');
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

  add(input: NewRegistration, now: number): RegistrationRow {
    const id = newReceiptId();
    const sealed = seal(
      this.#key,
      Buffer.from(JSON.stringify(input.fields)),
      `${id}\n${input.jid}`,
    );
    const decided = input.status === 'pending' ? null : now;
    this.#db
      .prepare(`INSERT INTO registrations (${COLUMNS}, sealed) VALUES (?, ?, ?, NULL, ?, ?, ?, ?)`)
      .run(id, input.jid, input.status, now, decided, input.idLast4 ?? null, sealed);
    return this.get(id)!;
  }

  get(id: string): RegistrationRow | undefined {
    const row = this.#db.prepare(`SELECT ${COLUMNS} FROM registrations WHERE id = ?`).get(id);
    return row ? toRow(row as Row) : undefined;
  }

  /** The account's newest registration: the one that decides its state. */
  latestFor(jid: string): RegistrationRow | undefined {
    const row = this.#db
      .prepare(
        `SELECT ${COLUMNS} FROM registrations WHERE jid = ? ORDER BY created DESC, rowid DESC LIMIT 1`,
      )
      .get(jid);
    return row ? toRow(row as Row) : undefined;
  }

  list(status?: RegistrationStatus): RegistrationRow[] {
    const rows = status
      ? this.#db
          .prepare(`SELECT ${COLUMNS} FROM registrations WHERE status = ? ORDER BY created`)
          .all(status)
      : this.#db.prepare(`SELECT ${COLUMNS} FROM registrations ORDER BY created`).all();
    return (rows as Row[]).map(toRow);
  }

  /** An operator's decision; undefined when there is no such registration. */
  decide(
    id: string,
    status: 'approved' | 'rejected',
    reason: string | undefined,
    now: number,
  ): RegistrationRow | undefined {
    const changed = this.#db
      .prepare('UPDATE registrations SET status = ?, reason = ?, decided = ? WHERE id = ?')
      .run(status, reason ?? null, now, id).changes;
    return changed ? this.get(id) : undefined;
  }

  /** The person's data, for the operator who reviews it. */
  reveal(id: string): Record<string, string> | undefined {
    const row = this.#db.prepare('SELECT jid, sealed FROM registrations WHERE id = ?').get(id) as
      { jid: string; sealed: Buffer } | undefined;
    if (!row) return undefined;
    return JSON.parse(open(this.#key, row.sealed, `${id}\n${row.jid}`).toString('utf8'));
  }

  /** Deletes registrations older than the retention period the policy states; returns how many. */
  purgeExpired(now: number, retentionDays: number): number {
    return this.#db
      .prepare('DELETE FROM registrations WHERE created < ?')
      .run(now - retentionDays * DAY_MS).changes;
  }

  close(): void {
    this.#db.close();
  }
}
