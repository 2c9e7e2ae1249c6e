/**
 * Real-name registration storage (migration 8): the sealed profile, masked receipts and the job
 * ledger. The caller seals and masks; this module only keeps what it is given. Erasing the
 * profile overwrites the sealed blob with zeros before deleting it and checkpoints the WAL, so
 * no copy of the (sealed) bytes stays in the database file or its -wal.
 */
import type Database from 'better-sqlite3';
import { guarded } from './errors';

export interface StoredProfile {
  readonly sealed: Buffer;
  readonly nameMasked: string;
  readonly idMasked: string;
  readonly mobileMasked: string;
  readonly savedAt: number;
}

export interface StoredReceipt {
  readonly accountId: string;
  readonly registrationService: string;
  readonly status: 'none' | 'pending' | 'approved' | 'rejected';
  readonly receipt?: string;
  readonly submitted?: string;
  /** Masked to the last four characters by the caller. */
  readonly idMasked?: string;
  readonly decided?: string;
  readonly reason?: string;
  readonly updatedAt: number;
}

export type JobState = 'queued' | 'checking' | 'submitting' | 'done' | 'failed';

export interface StoredJobItem {
  readonly jobId: string;
  readonly accountId: string;
  readonly service: string;
  readonly registrationService: string;
  readonly state: JobState;
  readonly outcome?: string;
  readonly error?: string;
  readonly attempts: number;
  /** Identity kinds consented to, comma-separated. */
  readonly consentKinds: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface RealnameStore {
  profile(): StoredProfile | undefined;
  saveProfile(profile: StoredProfile): void;
  /** Erases the profile, receipts' masked numbers and open job items; answers the counts. */
  erase(now: number): { receipts: number; jobs: number };
  receipt(accountId: string, registrationService: string): StoredReceipt | undefined;
  saveReceipt(receipt: StoredReceipt): void;
  /** Adds job items (state queued) in one transaction. */
  addJobItems(items: readonly Omit<StoredJobItem, 'state' | 'attempts' | 'updatedAt'>[]): void;
  /** Moves an item to `state`; committed (fsynced) before it returns. */
  setJobState(
    key: Pick<StoredJobItem, 'jobId' | 'accountId' | 'registrationService'>,
    state: JobState,
    now: number,
    extra?: { outcome?: string; error?: string; attempt?: boolean },
  ): void;
  jobItems(jobId?: string): StoredJobItem[];
  /** Items left queued, checking or submitting by a run that ended (crash, quit). */
  openJobItems(): StoredJobItem[];
}

interface ProfileRow {
  sealed: Buffer;
  name_masked: string;
  id_masked: string;
  mobile_masked: string;
  saved_at: number;
}
interface ReceiptRow {
  account_id: string;
  registration_service: string;
  status: StoredReceipt['status'];
  receipt: string | null;
  submitted: string | null;
  id_masked: string | null;
  decided: string | null;
  reason: string | null;
  updated_at: number;
}
interface JobRow {
  job_id: string;
  account_id: string;
  service: string;
  registration_service: string;
  state: JobState;
  outcome: string | null;
  error: string | null;
  attempts: number;
  consent_kinds: string;
  created_at: number;
  updated_at: number;
}

const opt = <K extends string>(key: K, value: string | null) =>
  (value === null ? {} : { [key]: value }) as Partial<Record<K, string>>;

const toReceipt = (r: ReceiptRow): StoredReceipt => ({
  accountId: r.account_id,
  registrationService: r.registration_service,
  status: r.status,
  ...opt('receipt', r.receipt),
  ...opt('submitted', r.submitted),
  ...opt('idMasked', r.id_masked),
  ...opt('decided', r.decided),
  ...opt('reason', r.reason),
  updatedAt: r.updated_at,
});

const toJob = (r: JobRow): StoredJobItem => ({
  jobId: r.job_id,
  accountId: r.account_id,
  service: r.service,
  registrationService: r.registration_service,
  state: r.state,
  ...opt('outcome', r.outcome),
  ...opt('error', r.error),
  attempts: r.attempts,
  consentKinds: r.consent_kinds,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** A store method whose failures reach callers as a StorageError. */
const g =
  <A extends unknown[], R>(operation: string, run: (...args: A) => R) =>
  (...args: A): R =>
    guarded(operation, () => run(...args));

export function createRealnameStore(db: Database.Database): RealnameStore {
  const q = {
    profile: db.prepare<[], ProfileRow>('SELECT * FROM realname_profile WHERE id = 1'),
    saveProfile: db.prepare<[Buffer, string, string, string, number]>(
      `INSERT INTO realname_profile (id, sealed, name_masked, id_masked, mobile_masked, saved_at)
       VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET sealed = excluded.sealed,
         name_masked = excluded.name_masked, id_masked = excluded.id_masked,
         mobile_masked = excluded.mobile_masked, saved_at = excluded.saved_at`,
    ),
    zeroProfile: db.prepare(
      `UPDATE realname_profile SET sealed = zeroblob(length(sealed)), name_masked = '',
         id_masked = '', mobile_masked = ''`,
    ),
    deleteProfile: db.prepare('DELETE FROM realname_profile'),
    forgetNumbers: db.prepare(
      'UPDATE realname_receipts SET id_masked = NULL WHERE id_masked IS NOT NULL',
    ),
    failOpen: db.prepare<[number]>(
      `UPDATE realname_job_items SET state = 'failed', error = 'not-found', updated_at = ?
       WHERE state IN ('queued', 'checking')`,
    ),
    receipt: db.prepare<[string, string], ReceiptRow>(
      'SELECT * FROM realname_receipts WHERE account_id = ? AND registration_service = ?',
    ),
    saveReceipt: db.prepare(
      `INSERT INTO realname_receipts (account_id, registration_service, status, receipt,
         submitted, id_masked, decided, reason, updated_at)
       VALUES (@accountId, @registrationService, @status, @receipt, @submitted, @idMasked,
         @decided, @reason, @updatedAt)
       ON CONFLICT (account_id, registration_service) DO UPDATE SET status = excluded.status,
         receipt = excluded.receipt, submitted = excluded.submitted,
         id_masked = excluded.id_masked, decided = excluded.decided, reason = excluded.reason,
         updated_at = excluded.updated_at`,
    ),
    addJob: db.prepare(
      `INSERT OR IGNORE INTO realname_job_items (job_id, account_id, service,
         registration_service, state, consent_kinds, created_at, updated_at)
       VALUES (@jobId, @accountId, @service, @registrationService, 'queued', @consentKinds,
         @createdAt, @createdAt)`,
    ),
    setJob: db.prepare(
      `UPDATE realname_job_items SET state = @state, outcome = @outcome, error = @error,
         attempts = attempts + @attempt, updated_at = @now
       WHERE job_id = @jobId AND account_id = @accountId
         AND registration_service = @registrationService`,
    ),
    jobs: db.prepare<[], JobRow>(
      'SELECT * FROM realname_job_items ORDER BY created_at DESC, account_id, service LIMIT 2000',
    ),
    job: db.prepare<[string], JobRow>(
      'SELECT * FROM realname_job_items WHERE job_id = ? ORDER BY account_id, service',
    ),
    open: db.prepare<[], JobRow>(
      `SELECT * FROM realname_job_items WHERE state NOT IN ('done', 'failed')
       ORDER BY created_at, account_id`,
    ),
  };
  const erase = db.transaction((now: number) => {
    q.zeroProfile.run();
    q.deleteProfile.run();
    const receipts = q.forgetNumbers.run().changes;
    const jobs = q.failOpen.run(now).changes;
    return { receipts, jobs };
  });
  const addJobs = db.transaction((items: readonly object[]) => {
    for (const item of items) q.addJob.run(item);
  });
  return {
    profile: g('read the registration profile', () => {
      const row = q.profile.get();
      return row
        ? {
            sealed: row.sealed,
            nameMasked: row.name_masked,
            idMasked: row.id_masked,
            mobileMasked: row.mobile_masked,
            savedAt: row.saved_at,
          }
        : undefined;
    }),
    saveProfile: g('save the registration profile', (p: StoredProfile) => {
      q.saveProfile.run(p.sealed, p.nameMasked, p.idMasked, p.mobileMasked, p.savedAt);
    }),
    erase: g('erase the registration profile', (now: number) => {
      const counts = erase(now);
      // The zeroed pages replace the old ones in the file; the WAL is emptied.
      db.pragma('wal_checkpoint(TRUNCATE)');
      return counts;
    }),
    receipt: g('read a receipt', (accountId: string, service: string) => {
      const row = q.receipt.get(accountId, service);
      return row ? toReceipt(row) : undefined;
    }),
    saveReceipt: g('save a receipt', (r: StoredReceipt) => {
      q.saveReceipt.run({
        receipt: null,
        submitted: null,
        idMasked: null,
        decided: null,
        reason: null,
        ...r,
      });
    }),
    addJobItems: g('add job items', (items: Parameters<RealnameStore['addJobItems']>[0]) =>
      addJobs(items),
    ),
    setJobState: g(
      'update a job item',
      (...[key, state, now, extra = {}]: Parameters<RealnameStore['setJobState']>) => {
        q.setJob.run({
          ...key,
          state,
          now,
          outcome: extra.outcome ?? null,
          error: extra.error ?? null,
          attempt: extra.attempt ? 1 : 0,
        });
      },
    ),
    jobItems: g('read job items', (jobId?: string) =>
      (jobId === undefined ? q.jobs.all() : q.job.all(jobId)).map(toJob),
    ),
    openJobItems: g('read open job items', () => q.open.all().map(toJob)),
  };
}
