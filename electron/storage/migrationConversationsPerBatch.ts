/**
 * Migration 3: a message's insert no longer updates its conversation row from a trigger; the
 * message store does it once per conversation per transaction (messageStore.ts). Per row, that
 * upsert (and the move of the row in conversations_recent) cost about a quarter of each insert
 * during a flood. The full-text entry stays in the trigger: it is per message anyway.
 */
import type { Migration } from './migrations';

export const conversationsPerBatch: Migration = {
  name: 'conversations updated once per batch of inserts',
  up: `
    DROP TRIGGER messages_inserted;
    CREATE TRIGGER messages_inserted AFTER INSERT ON messages BEGIN
      INSERT INTO messages_fts (rowid, text, scope)
        SELECT new.seq, hutong_fts_text(new.body), hutong_fts_scope(new.account_id, new.peer)
        WHERE new.private = 0;
    END;
  `,
};
