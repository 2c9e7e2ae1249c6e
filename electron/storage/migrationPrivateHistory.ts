/**
 * Migration 7: the contacts whose private (OTR) conversations the user chose to keep on disk.
 * By default a private conversation lives in memory only and is gone when Hutong quits; a row
 * here keeps it like any other conversation (still out of the search index).
 */
import type { Migration } from './migrations';

export const privateHistory: Migration = {
  name: 'kept private conversations',
  up: `
    CREATE TABLE otr_kept_history (
      account_id TEXT NOT NULL,
      contact TEXT NOT NULL,
      PRIMARY KEY (account_id, contact)
    ) STRICT;
  `,
};
