/**
 * Migration 8: real-name registration (issue 9). Nothing here holds a full ID number or mobile
 * number in clear: the profile is one SecretBox-sealed blob with masked copies for display,
 * receipts keep the number masked to its last four characters, and jobs hold no identity data at
 * all (they read the sealed profile when they run).
 *
 * realname_job_items is the ledger that keeps a bulk registration from submitting twice: an item
 * is marked 'submitting' in its own committed transaction before anything is sent, so after a
 * crash the next run knows it may have been sent and asks the service's status first.
 */
import type { Migration } from './migrations';

export const realname: Migration = {
  name: 'real-name registration profile, receipts and jobs',
  up: `
    CREATE TABLE realname_profile (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      sealed BLOB NOT NULL,
      name_masked TEXT NOT NULL,
      id_masked TEXT NOT NULL,
      mobile_masked TEXT NOT NULL,
      saved_at INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE realname_receipts (
      account_id TEXT NOT NULL,
      registration_service TEXT NOT NULL,
      status TEXT NOT NULL,
      receipt TEXT,
      submitted TEXT,
      id_masked TEXT,
      decided TEXT,
      reason TEXT,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (account_id, registration_service)
    ) STRICT;
    CREATE TABLE realname_job_items (
      job_id TEXT NOT NULL,
      account_id TEXT NOT NULL,
      service TEXT NOT NULL,
      registration_service TEXT NOT NULL,
      state TEXT NOT NULL
        CHECK (state IN ('queued', 'checking', 'submitting', 'done', 'failed')),
      outcome TEXT,
      error TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      -- The identity kinds the person consented to send for this job, comma-separated.
      consent_kinds TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (job_id, account_id, registration_service)
    ) STRICT;
    CREATE INDEX realname_job_items_open ON realname_job_items (state)
      WHERE state NOT IN ('done', 'failed');
  `,
};
