/** Saved accounts: settings and presence as JSON, the password sealed by the secrets store. */
import type Database from 'better-sqlite3';
import type { AccountStore, StoredAccount } from './types';
import { guarded } from './errors';

interface AccountRow {
  account_id: string;
  jid: string;
  settings: string;
  enabled: number;
  presence: string;
  sealed_password: Buffer;
  roster_version: string | null;
  roster: string | null;
}

function toAccount(row: AccountRow): StoredAccount {
  return {
    accountId: row.account_id,
    jid: row.jid,
    settings: JSON.parse(row.settings) as StoredAccount['settings'],
    enabled: row.enabled === 1,
    presence: JSON.parse(row.presence) as StoredAccount['presence'],
    sealedPassword: row.sealed_password,
    // The version is only worth anything together with the roster it describes.
    ...(row.roster_version !== null && row.roster !== null
      ? {
          rosterVersion: row.roster_version,
          roster: JSON.parse(row.roster) as NonNullable<StoredAccount['roster']>,
        }
      : {}),
  };
}

export function createAccountStore(db: Database.Database): AccountStore {
  const q = {
    list: db.prepare<[], AccountRow>('SELECT * FROM accounts ORDER BY rowid'),
    get: db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE account_id = ?'),
    // An upsert keeps the rowid, and with it the account's place in list().
    save: db.prepare(
      `INSERT INTO accounts (account_id, jid, settings, enabled, presence, sealed_password,
                             roster_version, roster)
       VALUES (@account_id, @jid, @settings, @enabled, @presence, @sealed_password,
               @roster_version, @roster)
       ON CONFLICT (account_id) DO UPDATE SET
         jid = excluded.jid, settings = excluded.settings, enabled = excluded.enabled,
         presence = excluded.presence, sealed_password = excluded.sealed_password,
         roster_version = excluded.roster_version, roster = excluded.roster`,
    ),
    remove: db.prepare<[string]>('DELETE FROM accounts WHERE account_id = ?'),
  };
  return {
    list: () => guarded('read accounts', () => q.list.all().map(toAccount)),
    get: (accountId) =>
      guarded('read an account', () => {
        const row = q.get.get(accountId);
        return row && toAccount(row);
      }),
    save: (account) =>
      guarded('save an account', () => {
        const cached = account.rosterVersion !== undefined && account.roster !== undefined;
        q.save.run({
          account_id: account.accountId,
          jid: account.jid,
          settings: JSON.stringify(account.settings),
          enabled: account.enabled ? 1 : 0,
          presence: JSON.stringify(account.presence),
          sealed_password: account.sealedPassword,
          roster_version: cached ? account.rosterVersion : null,
          roster: cached ? JSON.stringify(account.roster) : null,
        });
      }),
    // History stays: removing and adding the account again brings it back (see the report).
    remove: (accountId) =>
      guarded('remove an account', () => {
        q.remove.run(accountId);
      }),
  };
}
