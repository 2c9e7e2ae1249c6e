/**
 * The bulk view's rows: one per account and group service (a registration covers every group
 * the account owns there), their shown state merged from the groups' answer and the latest job
 * item, and which rows can be registered with the saved profile. Pure.
 */
import type { GroupRegistration, JobItem, RegistrationState } from '../../../shared/contract';
import { jobKey } from '../../store/realname.slice';

export type RowState =
  | RegistrationState
  /** A job item is queued or running for it. */
  | 'working'
  /** The last job item failed (error says why); retry runs it again. */
  | 'failed';

export interface RegistrationRow {
  readonly key: string;
  readonly group: GroupRegistration;
  readonly state: RowState;
  readonly job?: JobItem;
}

export const rowKey = (accountId: string, service: string): string => `${accountId}\n${service}`;

const RUNNING: ReadonlySet<JobItem['state']> = new Set(['queued', 'checking', 'submitting']);

/** Whether a row is waiting on a job: its selection and action are disabled meanwhile. */
export function isWorking(row: RegistrationRow): boolean {
  return row.state === 'working';
}

function stateOf(group: GroupRegistration, job: JobItem | undefined): RowState {
  if (job && RUNNING.has(job.state)) return 'working';
  if (job?.state === 'failed') return 'failed';
  // A finished job knows the newer state when the groups were asked before it ended.
  if (job?.state === 'done' && job.outcome) return job.outcome;
  return group.state;
}

/** Rows sorted by account, then service; the newest job item of each applies. */
export function registrationRows(
  groups: readonly GroupRegistration[],
  jobs: Readonly<Record<string, JobItem>>,
): RegistrationRow[] {
  return [...groups]
    .sort((a, b) => a.accountId.localeCompare(b.accountId) || a.service.localeCompare(b.service))
    .map((group) => {
      const live =
        (group.registrationService && jobs[jobKey(group.accountId, group.registrationService)]) ||
        undefined;
      const job = live || group.job;
      // A job that finished before the groups were asked is in the service's answer already,
      // which is newer (an operator may have decided since): only a later job's outcome wins.
      const current = live || (group.job?.state === 'done' ? undefined : group.job);
      return {
        key: rowKey(group.accountId, group.service),
        group,
        state: stateOf(group, current),
        ...(job && { job }),
      };
    });
}

/** Rows the saved profile may register: a policy, not Tor-only, and not already covered. */
export function isRegistrable(row: RegistrationRow): boolean {
  return (
    row.group.registrationService !== undefined &&
    !row.group.torOnly &&
    (row.state === 'missing' ||
      row.state === 'rejected' ||
      row.state === 'failed' ||
      row.state === 'unknown')
  );
}

/** "Select all missing": every row lacking a registration (missing, rejected, failed). */
export function needingRegistration(rows: readonly RegistrationRow[]): string[] {
  return rows.filter((row) => isRegistrable(row) && row.state !== 'unknown').map((row) => row.key);
}

/** The rows chosen, as still registrable (a row may have changed since it was ticked). */
export function chosenRows(rows: readonly RegistrationRow[], selected: ReadonlySet<string>) {
  return rows.filter((row) => selected.has(row.key) && isRegistrable(row));
}

/** Each receiving service once, with one account that can ask its policy. */
export function receivingServices(rows: readonly RegistrationRow[]) {
  const services = new Map<string, { accountId: string; service: string }>();
  for (const { group } of rows)
    if (group.registrationService && !services.has(group.registrationService))
      services.set(group.registrationService, {
        accountId: group.accountId,
        service: group.service,
      });
  return [...services].map(([registrationService, ref]) => ({ registrationService, ...ref }));
}

/** The failed job ids among the rows (one retry per job). */
export function failedJobs(rows: readonly RegistrationRow[]): string[] {
  return [
    ...new Set(rows.flatMap((row) => (row.state === 'failed' && row.job ? [row.job.jobId] : []))),
  ];
}
