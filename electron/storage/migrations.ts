/**
 * Numbered schema migrations. Migration i (1-based) takes the database from user_version i-1 to i,
 * each in its own transaction, so a crash mid-upgrade leaves the previous version intact. A
 * database from a newer Hutong is refused rather than guessed at: writing to a schema we do not
 * know could lose history.
 */
import type Database from 'better-sqlite3';
import type { Logger } from '../log';
import { StorageError } from './errors';
import { indexPairs } from './migrationIndexPairs';
import { insertsWithoutTrigger } from './migrationInsertsWithoutTrigger';
import { conversationKinds } from './migrationKinds';
import { otr } from './migrationOtr';
import { privateHistory } from './migrationPrivateHistory';
import { realname } from './migrationRealname';
import { rooms } from './migrationRooms';

export interface Migration {
  readonly name: string;
  readonly up: string;
}

/**
 * messages.seq is the row's key and its order: sent_at * 1000 + a counter for messages with the
 * same millisecond (see messageStore.ts). One integer carries (sent_at, insertion order), so
 * paging is a range on (account_id, peer, seq) and FTS5, keyed by the same integer, returns
 * hits newest first by walking its index backwards, without sorting every match.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    name: 'accounts, messages, conversations, archive cursors, full-text index',
    up: `
      CREATE TABLE accounts (
        account_id TEXT PRIMARY KEY,
        jid TEXT NOT NULL,
        settings TEXT NOT NULL,
        enabled INTEGER NOT NULL,
        presence TEXT NOT NULL,
        sealed_password BLOB NOT NULL,
        roster_version TEXT,
        roster TEXT
      ) STRICT;

      CREATE TABLE messages (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        account_id TEXT NOT NULL,
        peer TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
        body TEXT NOT NULL,
        sent_at INTEGER NOT NULL,
        state TEXT NOT NULL
          CHECK (state IN ('pending', 'sent', 'delivered', 'failed', 'received', 'read')),
        error TEXT,
        edited_at INTEGER,
        via TEXT NOT NULL CHECK (via IN ('live', 'carbon', 'archive')),
        private INTEGER NOT NULL,
        stanza_id TEXT,
        origin_id TEXT,
        xmpp_id TEXT
      ) STRICT;
      CREATE UNIQUE INDEX messages_by_stanza_id ON messages (account_id, stanza_id)
        WHERE stanza_id IS NOT NULL;
      CREATE UNIQUE INDEX messages_by_origin_id ON messages (account_id, peer, origin_id)
        WHERE origin_id IS NOT NULL;
      CREATE INDEX messages_by_xmpp_id ON messages (account_id, peer, xmpp_id)
        WHERE xmpp_id IS NOT NULL;
      CREATE INDEX messages_history ON messages (account_id, peer, seq);
      CREATE INDEX messages_outbox ON messages (account_id, seq) WHERE state = 'pending';
      CREATE INDEX messages_unread ON messages (account_id, peer)
        WHERE direction = 'in' AND state = 'received';

      CREATE TABLE conversations (
        account_id TEXT NOT NULL,
        peer TEXT NOT NULL,
        last_seq INTEGER,
        unread INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (account_id, peer)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX conversations_recent ON conversations (last_seq);

      CREATE TABLE archive_cursors (
        account_id TEXT PRIMARY KEY,
        stanza_id TEXT NOT NULL
      ) STRICT;

      -- Contentless: the bodies live in messages only. hutong_fts_text and hutong_fts_scope are
      -- registered by openStorage on every connection (see ftsText.ts). scope holds one token
      -- for the account and one for the conversation, so a filtered search is a lazy AND
      -- inside the index instead of a scan of every hit. Prefix indexes of 2 and 3 characters
      -- keep short prefix queries ("th"*) from merging thousands of terms' lists.
      CREATE VIRTUAL TABLE messages_fts USING fts5 (
        text, scope, content = '', contentless_delete = 1, prefix = '2 3',
        tokenize = 'unicode61 remove_diacritics 2'
      );

      -- Conversations and the index change in the same transaction as the message.
      CREATE TRIGGER messages_inserted AFTER INSERT ON messages BEGIN
        INSERT INTO conversations (account_id, peer, last_seq, unread)
          VALUES (new.account_id, new.peer, new.seq,
                  new.direction = 'in' AND new.state = 'received')
          ON CONFLICT (account_id, peer) DO UPDATE SET
            last_seq = max(coalesce(last_seq, excluded.last_seq), excluded.last_seq),
            unread = unread + excluded.unread;
        INSERT INTO messages_fts (rowid, text, scope)
          VALUES (new.seq, hutong_fts_text(new.body), hutong_fts_scope(new.account_id, new.peer));
      END;

      CREATE TRIGGER messages_state_changed AFTER UPDATE OF state, direction ON messages
        WHEN (old.direction = 'in' AND old.state = 'received')
          <> (new.direction = 'in' AND new.state = 'received')
      BEGIN
        UPDATE conversations
          SET unread = max(0, unread + iif(new.state = 'received', 1, -1))
          WHERE account_id = new.account_id AND peer = new.peer;
      END;

      CREATE TRIGGER messages_body_changed AFTER UPDATE OF body ON messages
        WHEN old.body IS NOT new.body
      BEGIN
        DELETE FROM messages_fts WHERE rowid = old.seq;
        INSERT INTO messages_fts (rowid, text, scope)
          VALUES (new.seq, hutong_fts_text(new.body), hutong_fts_scope(new.account_id, new.peer));
      END;

      CREATE TRIGGER messages_deleted AFTER DELETE ON messages BEGIN
        DELETE FROM messages_fts WHERE rowid = old.seq;
        UPDATE conversations SET
          unread = max(0, unread - (old.direction = 'in' AND old.state = 'received')),
          last_seq = (SELECT max(seq) FROM messages
                      WHERE account_id = old.account_id AND peer = old.peer)
          WHERE account_id = old.account_id AND peer = old.peer;
      END;
    `,
  },
  conversationKinds,
  insertsWithoutTrigger,
  indexPairs,
  rooms,
  otr,
  privateHistory,
  realname,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the database up to SCHEMA_VERSION; throws a StorageError for a newer database. */
export function migrate(db: Database.Database, log: Logger): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new StorageError(
      'storage-failed',
      `the history database has schema version ${current}, newer than this Hutong understands ` +
        `(${SCHEMA_VERSION}); update Hutong to open it`,
    );
  }
  for (let version = current + 1; version <= SCHEMA_VERSION; version += 1) {
    const migration = MIGRATIONS[version - 1]!;
    db.transaction(() => {
      db.exec(migration.up);
      // PRAGMA takes no bound parameters; version is our own integer.
      db.pragma(`user_version = ${version}`);
    }).immediate();
    log.info(`history database migrated to version ${version} (${migration.name})`);
  }
}
