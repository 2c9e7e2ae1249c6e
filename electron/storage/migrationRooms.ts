/**
 * Migration 5: the rooms an account is in, so that they are entered again after a restart even
 * where the server keeps no bookmarks, under the nickname last confirmed. Passwords are not kept
 * (a password-protected room asks again, or its bookmark carries it).
 */
import type { Migration } from './migrations';

export const rooms: Migration = {
  name: 'rooms the accounts are in',
  up: `
    CREATE TABLE rooms (
      account_id TEXT NOT NULL,
      room TEXT NOT NULL,
      nick TEXT NOT NULL,
      name TEXT,
      autojoin INTEGER NOT NULL,
      PRIMARY KEY (account_id, room)
    ) STRICT;
  `,
};
