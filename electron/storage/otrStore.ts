/** OTR keys (sealed) and the fingerprints of contacts with their trust (see migrationOtr.ts). */
import type Database from 'better-sqlite3';
import { guarded } from './errors';
import type { OtrKeyRow, OtrPolicyName, OtrStore, OtrTrust, OtrTrustRow } from './types';

interface KeyRow {
  account_id: string;
  sealed_key: Buffer;
  fingerprint: string;
  instance_tag: number;
  created_at: number;
}

interface TrustRow {
  contact: string;
  fingerprint: string;
  trust: OtrTrust;
  first_seen: number;
}

export function createOtrStore(db: Database.Database): OtrStore {
  const q = {
    key: db.prepare<[string], KeyRow>('SELECT * FROM otr_keys WHERE account_id = ?'),
    saveKey: db.prepare<[string, Buffer, string, number, number]>(
      `INSERT INTO otr_keys (account_id, sealed_key, fingerprint, instance_tag, created_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id) DO UPDATE SET sealed_key = excluded.sealed_key,
         fingerprint = excluded.fingerprint, created_at = excluded.created_at`,
    ),
    trust: db.prepare<[string, string], TrustRow>(
      `SELECT contact, fingerprint, trust, first_seen FROM otr_trust
       WHERE account_id = ? AND contact = ? ORDER BY first_seen`,
    ),
    allTrust: db.prepare<[string], TrustRow>(
      `SELECT contact, fingerprint, trust, first_seen FROM otr_trust
       WHERE account_id = ? ORDER BY contact, first_seen`,
    ),
    seen: db.prepare<[string, string, string, number]>(
      `INSERT INTO otr_trust (account_id, contact, fingerprint, trust, first_seen)
       VALUES (?, ?, ?, 'unverified', ?) ON CONFLICT DO NOTHING`,
    ),
    setTrust: db.prepare<[string, string, string, OtrTrust, number]>(
      `INSERT INTO otr_trust (account_id, contact, fingerprint, trust, first_seen)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id, contact, fingerprint) DO UPDATE SET trust = excluded.trust`,
    ),
    forget: db.prepare<[string, string, string]>(
      'DELETE FROM otr_trust WHERE account_id = ? AND contact = ? AND fingerprint = ?',
    ),
    policy: db.prepare<[string, string], { policy: OtrPolicyName }>(
      'SELECT policy FROM otr_policies WHERE account_id = ? AND contact = ?',
    ),
    setPolicy: db.prepare<[string, string, OtrPolicyName]>(
      `INSERT INTO otr_policies (account_id, contact, policy) VALUES (?, ?, ?)
       ON CONFLICT (account_id, contact) DO UPDATE SET policy = excluded.policy`,
    ),
    clearPolicy: db.prepare<[string, string]>(
      'DELETE FROM otr_policies WHERE account_id = ? AND contact = ?',
    ),
    kept: db.prepare<[string, string], { one: number }>(
      'SELECT 1 AS one FROM otr_kept_history WHERE account_id = ? AND contact = ?',
    ),
    keep: db.prepare<[string, string]>(
      'INSERT INTO otr_kept_history (account_id, contact) VALUES (?, ?) ON CONFLICT DO NOTHING',
    ),
    forgetKeep: db.prepare<[string, string]>(
      'DELETE FROM otr_kept_history WHERE account_id = ? AND contact = ?',
    ),
  };
  const toTrust = (row: TrustRow): OtrTrustRow => ({
    contact: row.contact,
    fingerprint: row.fingerprint,
    trust: row.trust,
    firstSeen: row.first_seen,
  });
  return {
    key: (accountId) =>
      guarded('read an OTR key', () => {
        const row = q.key.get(accountId);
        return row
          ? ({
              accountId: row.account_id,
              sealedKey: row.sealed_key,
              fingerprint: row.fingerprint,
              instanceTag: row.instance_tag,
              createdAt: row.created_at,
            } satisfies OtrKeyRow)
          : undefined;
      }),
    saveKey: (row) =>
      guarded('save an OTR key', () => {
        q.saveKey.run(
          row.accountId,
          row.sealedKey,
          row.fingerprint,
          row.instanceTag,
          row.createdAt,
        );
      }),
    trust: (accountId, contact) =>
      guarded('read OTR trust', () =>
        (contact === undefined ? q.allTrust.all(accountId) : q.trust.all(accountId, contact)).map(
          toTrust,
        ),
      ),
    seen: (accountId, contact, fingerprint, at) =>
      guarded('record an OTR fingerprint', () => {
        q.seen.run(accountId, contact, fingerprint, at);
      }),
    setTrust: (accountId, contact, fingerprint, trust, at) =>
      guarded('set OTR trust', () => {
        q.setTrust.run(accountId, contact, fingerprint, trust, at);
      }),
    forget: (accountId, contact, fingerprint) =>
      guarded('forget an OTR fingerprint', () => {
        q.forget.run(accountId, contact, fingerprint);
      }),
    policy: (accountId, contact) =>
      guarded('read an OTR policy', () => q.policy.get(accountId, contact)?.policy),
    setPolicy: (accountId, contact, policy) =>
      guarded('set an OTR policy', () => {
        if (policy === undefined) q.clearPolicy.run(accountId, contact);
        else q.setPolicy.run(accountId, contact, policy);
      }),
    keepsHistory: (accountId, contact) =>
      guarded('read a history setting', () => q.kept.get(accountId, contact) !== undefined),
    setKeepsHistory: (accountId, contact, keep) =>
      guarded('save a history setting', () => {
        if (keep) q.keep.run(accountId, contact);
        else q.forgetKeep.run(accountId, contact);
      }),
  };
}
