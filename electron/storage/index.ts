/**
 * Opens the history database: one SQLite file (better-sqlite3, synchronous) holding accounts,
 * messages, the outbox, conversations and the full-text index.
 *
 * Durability: WAL with synchronous=FULL, so every commit is fsynced before the call returns.
 * NORMAL survives a crash or kill of the app but can lose the last commits on power loss or an OS
 * crash, after the server already has our XEP-0198 ack and will not send those messages again.
 * Measured on the 2-core development VM (bench/history-page.bench.mjs, store-insert-rate), one
 * message per transaction: FULL 2,800-3,000 messages/s when idle and 300-700/s under heavy disk
 * contention, against 1,400-1,700/s for NORMAL under the same contention; the CPU cost is about
 * 0.3 ms per message either way (the full-text index flushes a segment per transaction). Chat
 * arrives at a few messages per second, so the fsync is affordable; archive catch-up should use
 * insertMany (one transaction, one sync per batch).
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { createLogger, type Logger } from '../log';
import { createAccountStore } from './accountStore';
import { toStorageError } from './errors';
import { ftsScope, ftsText } from './ftsText';
import { createMessageStore } from './messageStore';
import { migrate } from './migrations';
import { createOtrStore } from './otrStore';
import { createRealnameStore, type RealnameStore } from './realnameStore';
import { withPrivateMemory } from './privateMemory';
import { createRoomStore } from './roomStore';
import type { AccountStore, MessageStore, MessageStoreExtras, OtrStore, RoomStore } from './types';

export { StorageError, isStorageError } from './errors';
export type {
  AccountStore,
  ArchiveGap,
  MessagePatch,
  MessageStore,
  MessageStoreExtras,
  NewMessage,
  OtrStore,
  OutboxCorrection,
  RoomStore,
  StoredAccount,
  StoredRoom,
} from './types';

export interface Storage {
  readonly messages: MessageStore & MessageStoreExtras;
  readonly accounts: AccountStore;
  readonly rooms: RoomStore;
  readonly otr: OtrStore;
  readonly realname: RealnameStore;
  /** Closes the database (the WAL is checkpointed). Further calls throw a StorageError. */
  close(): void;
}

export interface OpenStorageOptions {
  readonly log?: Logger;
  /**
   * Caps the database at this many pages (PRAGMA max_page_count), after which writes fail as
   * on a full disk. For tests; leave unset in the app.
   */
  readonly maxPageCount?: number;
  /** A better_sqlite3.node built for another runtime (Electron's ABI; see scripts/electronNative.mjs). */
  readonly nativeBinding?: string;
}

/**
 * The file should sit in a folder of its own (e.g. <userData>/history/hutong.sqlite): a folder we
 * create is 0700, and the database file, its -wal and -shm are 0600 (SQLite copies the mode).
 */
export function openStorage(file: string, options: OpenStorageOptions = {}): Storage {
  const log = options.log ?? createLogger('storage');
  let db: Database.Database | undefined;
  try {
    const folder = path.dirname(path.resolve(file));
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);

    db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`journal_mode is ${String(mode)}, not wal`);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Keep the WAL from staying large after a big catch-up.
    db.pragma('journal_size_limit = 8388608');
    if (options.maxPageCount !== undefined) {
      db.pragma(`max_page_count = ${Math.trunc(options.maxPageCount)}`);
    }
    addFunctions(db);
    migrate(db, log);
  } catch (error) {
    db?.close();
    const failure = toStorageError(error, 'open the history database');
    log.error('the history database could not be opened', failure);
    throw failure;
  }

  const opened = db;
  const otr = createOtrStore(opened);
  const memory = openMemory(options);
  return {
    messages: withPrivateMemory({
      disk: { db: opened, store: createMessageStore(opened, { sharesSeqsWith: memory }) },
      memory: { db: memory, store: createMessageStore(memory, { sharesSeqsWith: opened }) },
      keeps: (accountId, peer) => otr.keepsHistory(accountId, peer),
    }),
    accounts: createAccountStore(opened),
    rooms: createRoomStore(opened),
    otr,
    realname: createRealnameStore(opened),
    close: () => {
      if (memory.open) memory.close();
      if (opened.open) opened.close();
    },
  };
}

/** The SQL functions that the triggers keeping the full-text index in step with messages call. */
function addFunctions(db: Database.Database): void {
  db.function('hutong_fts_text', { deterministic: true }, (body: unknown) =>
    typeof body === 'string' ? ftsText(body) : '',
  );
  db.function('hutong_fts_scope', { deterministic: true }, (accountId: unknown, peer: unknown) =>
    ftsScope(String(accountId), String(peer)),
  );
}

/**
 * The in-memory database of private conversations not kept on disk (see privateMemory.ts): the
 * same schema, gone when the app quits.
 */
function openMemory(options: OpenStorageOptions): Database.Database {
  const db = new Database(
    ':memory:',
    options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
  );
  addFunctions(db);
  migrate(db, QUIET);
  return db;
}

/** Migrating a fresh in-memory database is not news. */
const QUIET: Logger = { debug() {}, info() {}, warn() {}, error() {} };
