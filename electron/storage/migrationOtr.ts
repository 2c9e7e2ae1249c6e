/**
 * Migration 6: OTR identities and trust. Each account's DSA key is kept sealed by the secrets
 * store (never in clear on disk), with its fingerprint beside it so that it can be shown without
 * unsealing, and the account's instance tag (kept across runs, as the protocol asks). Each
 * contact's fingerprints are kept with how far they are trusted: seen, compared by hand, or
 * proved by SMP. Policies (when to talk privately) are kept per account (contact '') and per
 * contact.
 */
import type { Migration } from './migrations';

export const otr: Migration = {
  name: 'OTR keys and trust',
  up: `
    CREATE TABLE otr_keys (
      account_id TEXT PRIMARY KEY,
      sealed_key BLOB NOT NULL,
      fingerprint TEXT NOT NULL,
      instance_tag INTEGER NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE otr_trust (
      account_id TEXT NOT NULL,
      contact TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      trust TEXT NOT NULL CHECK (trust IN ('unverified', 'verified', 'smp')),
      first_seen INTEGER NOT NULL,
      PRIMARY KEY (account_id, contact, fingerprint)
    ) STRICT;

    CREATE TABLE otr_policies (
      account_id TEXT NOT NULL,
      contact TEXT NOT NULL,
      policy TEXT NOT NULL CHECK (policy IN ('never', 'manual', 'opportunistic', 'always')),
      PRIMARY KEY (account_id, contact)
    ) STRICT;
  `,
};
