/**
 * Migration 3: inserting a message no longer fires a trigger; the message store itself adds the
 * full-text entry and updates the conversation row once per conversation per transaction
 * (messageStore.ts). Per row, the trigger's upsert of the conversation (with the move of its row
 * in conversations_recent) and its calls back into JavaScript for the index text cost about
 * two thirds of each insert during a flood. The update and delete triggers stay: they are rare.
 */
import type { Migration } from './migrations';

export const insertsWithoutTrigger: Migration = {
  name: 'inserts keep conversations and the index without a trigger',
  up: `
    DROP TRIGGER messages_inserted;
  `,
};
