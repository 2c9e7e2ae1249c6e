/**
 * Migration 2: conversations of several kinds, archive ids scoped to their archive, gaps instead
 * of one cursor, a corrections outbox, preferences, and private messages kept out of the index.
 *
 * Written so that a large history upgrades quickly: columns are added (no table rebuild, so seq,
 * the full-text rowid, never moves); only rows with a stanza-id are rewritten.
 */
import type { Migration } from './migrations';

const KINDS = "('chat', 'room', 'occupant')";

/** The index entry of a message; private (end-to-end encrypted) messages have none. */
const INDEX_NEW = `
  INSERT INTO messages_fts (rowid, text, scope)
    SELECT new.seq, hutong_fts_text(new.body), hutong_fts_scope(new.account_id, new.peer)
    WHERE new.private = 0;`;

export const conversationKinds: Migration = {
  name: 'conversation kinds, senders, per-archive ids, gaps, corrections, preferences',
  up: `
    -- kind says how the peer is named (see shared/conversation.ts); a sender is kept for
    -- incoming room and occupant messages. archive is the bare JID that stamped stanza_id: ids
    -- are unique within one archive only (a room's ids say nothing about our own archive's).
    ALTER TABLE messages ADD COLUMN kind TEXT NOT NULL DEFAULT 'chat' CHECK (kind IN ${KINDS});
    ALTER TABLE messages ADD COLUMN sender_jid TEXT;
    ALTER TABLE messages ADD COLUMN sender_nick TEXT;
    ALTER TABLE messages ADD COLUMN sender_real_jid TEXT;
    ALTER TABLE messages ADD COLUMN archive TEXT;
    -- Version 1 kept a stanza-id only when our own server stamped it (by = our bare JID, which
    -- is the account id), so every stored id belongs to the account's own archive.
    UPDATE messages SET archive = account_id WHERE stanza_id IS NOT NULL;
    DROP INDEX messages_by_stanza_id;
    CREATE UNIQUE INDEX messages_by_stanza_id ON messages (account_id, archive, stanza_id)
      WHERE stanza_id IS NOT NULL;
    -- newestStanzaId: the last entry of this index for (account, archive), no scan.
    CREATE INDEX messages_by_archive ON messages (account_id, archive, seq)
      WHERE stanza_id IS NOT NULL;

    -- The kind of the conversation's newest message (kept by the triggers below).
    ALTER TABLE conversations ADD COLUMN kind TEXT NOT NULL DEFAULT 'chat'
      CHECK (kind IN ${KINDS});

    -- Catch-up now starts from the newest stored stanza-id of an archive (live messages
    -- included), which is at least as new as the old cursor; the cursor table has no use left.
    DROP TABLE archive_cursors;

    -- History still to fetch, per archive: older than before_id back to not_before (epoch ms).
    -- position orders gaps by when they were opened (newest first); a gap that is narrowed
    -- (replaced) keeps its position. Opening order is time order: each catch-up opens its gap
    -- between the newest page and everything stored before, i.e. above every older gap.
    CREATE TABLE archive_gaps (
      account_id TEXT NOT NULL,
      archive TEXT NOT NULL,
      before_id TEXT NOT NULL,
      not_before INTEGER NOT NULL,
      position INTEGER NOT NULL,
      PRIMARY KEY (account_id, archive, before_id)
    ) STRICT, WITHOUT ROWID;

    -- Corrections (XEP-0308) waiting for the server, in the order they were asked for (seq).
    -- The corrected text is in messages already; this row is what still has to be sent.
    CREATE TABLE outbox_corrections (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      account_id TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ${KINDS}),
      peer TEXT NOT NULL,
      message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
      body TEXT NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX outbox_corrections_by_account ON outbox_corrections (account_id, seq);
    CREATE INDEX outbox_corrections_by_message ON outbox_corrections (message_id);

    -- App-wide preferences, one JSON value per key (see preferences.ts for defaults and limits).
    CREATE TABLE preferences (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;

    -- The triggers again: conversations learn their kind, and private messages stay out of the
    -- full-text index (their text must not be findable, nor linger in index pages on disk).
    DROP TRIGGER messages_inserted;
    CREATE TRIGGER messages_inserted AFTER INSERT ON messages BEGIN
      INSERT INTO conversations (account_id, peer, kind, last_seq, unread)
        VALUES (new.account_id, new.peer, new.kind, new.seq,
                new.direction = 'in' AND new.state = 'received')
        ON CONFLICT (account_id, peer) DO UPDATE SET
          kind = iif(last_seq IS NULL OR excluded.last_seq > last_seq, excluded.kind, kind),
          last_seq = max(coalesce(last_seq, excluded.last_seq), excluded.last_seq),
          unread = unread + excluded.unread;
      ${INDEX_NEW}
    END;

    DROP TRIGGER messages_body_changed;
    CREATE TRIGGER messages_body_changed AFTER UPDATE OF body, private ON messages
      WHEN old.body IS NOT new.body OR old.private IS NOT new.private
    BEGIN
      DELETE FROM messages_fts WHERE rowid = old.seq AND old.private = 0;
      ${INDEX_NEW}
    END;

    DROP TRIGGER messages_deleted;
    CREATE TRIGGER messages_deleted AFTER DELETE ON messages BEGIN
      DELETE FROM messages_fts WHERE rowid = old.seq AND old.private = 0;
      UPDATE conversations SET
        unread = max(0, unread - (old.direction = 'in' AND old.state = 'received')),
        last_seq = (SELECT max(seq) FROM messages
                    WHERE account_id = old.account_id AND peer = old.peer),
        kind = coalesce((SELECT m.kind FROM messages m
                         WHERE m.account_id = old.account_id AND m.peer = old.peer
                         ORDER BY m.seq DESC LIMIT 1), kind)
        WHERE account_id = old.account_id AND peer = old.peer;
    END;

    -- Version 1 indexed every body; take out the private ones it indexed.
    DELETE FROM messages_fts WHERE rowid IN (SELECT seq FROM messages WHERE private = 1);
  `,
};
