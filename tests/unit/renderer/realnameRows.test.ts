/**
 * The bulk view's pure helpers: rows by account and service with the newest job's state, which
 * rows "select all that need registering" picks, the receiving services named once in the
 * consent, and failed jobs retried once each.
 */
import { describe, expect, it } from 'vitest';
import type { GroupRegistration, JobItem } from '../../../shared/contract';
import { jobKey } from '../../../renderer/store/realname.slice';
import {
  chosenRows,
  failedJobs,
  isRegistrable,
  needingRegistration,
  receivingServices,
  registrationRows,
  rowKey,
} from '../../../renderer/features/realname/registrationRows';

const A = 'amy@example.org';
const B = 'ben@example.org';
const REG = 'realname.example.org';

const group = (
  accountId: string,
  service: string,
  state: GroupRegistration['state'],
  extra: Partial<GroupRegistration> = {},
): GroupRegistration => ({
  accountId,
  service,
  registrationService: REG,
  state,
  torOnly: false,
  rooms: [{ room: `tea@${service}` }],
  ...extra,
});

const job = (
  accountId: string,
  state: JobItem['state'],
  extra: Partial<JobItem> = {},
): JobItem => ({
  jobId: 'job-1',
  accountId,
  service: 'groups.example.org',
  registrationService: REG,
  state,
  updatedAt: 10,
  ...extra,
});

describe('registrationRows', () => {
  it('sorts by account then service and takes the running job over the asked state', () => {
    const rows = registrationRows(
      [
        group(B, 'groups.example.org', 'missing'),
        group(A, 'z.example.org', 'missing'),
        group(A, 'a.example.org', 'registered', { registrationService: 'other.example.org' }),
      ],
      { [jobKey(B, REG)]: job(B, 'submitting') },
    );
    expect(rows.map((r) => r.key)).toEqual([
      rowKey(A, 'a.example.org'),
      rowKey(A, 'z.example.org'),
      rowKey(B, 'groups.example.org'),
    ]);
    expect(rows.map((r) => r.state)).toEqual(['registered', 'missing', 'working']);
  });

  it("shows a finished job's outcome, and a failure as failed", () => {
    const [done] = registrationRows([group(A, 'g.example.org', 'rejected')], {
      [jobKey(A, REG)]: job(A, 'done', { outcome: 'pending' }),
    });
    expect(done!.state).toBe('pending');
    const [failed] = registrationRows([group(A, 'g.example.org', 'missing')], {
      [jobKey(A, REG)]: job(A, 'failed', { error: 'timeout' }),
    });
    expect(failed!.state).toBe('failed');
    expect(failedJobs([failed!, failed!])).toEqual(['job-1']);
  });

  it('lets the service’s newer answer win over a bulk job that finished before it was asked', () => {
    // The job ended "pending"; the operator then rejected: asked again, the groups say so.
    const finished = job(A, 'done', { outcome: 'pending' });
    const [row] = registrationRows([group(A, 'g.example.org', 'rejected', { job: finished })], {});
    expect(row!.state).toBe('rejected');
    expect(needingRegistration([row!])).toEqual([row!.key]);
  });
});

describe('selection', () => {
  const rows = registrationRows(
    [
      group(A, 'a.example.org', 'missing'),
      group(A, 'b.example.org', 'rejected'),
      group(A, 'c.example.org', 'pending'),
      group(A, 'd.example.org', 'unknown'),
      group(B, 'a.example.org', 'missing', { torOnly: true }),
      group(B, 'e.example.org', 'not-required', { registrationService: undefined }),
    ],
    {},
  );

  it('selects the missing and rejected, never a Tor-only account or a covered one', () => {
    expect(needingRegistration(rows)).toEqual([
      rowKey(A, 'a.example.org'),
      rowKey(A, 'b.example.org'),
    ]);
    expect(rows.filter(isRegistrable).map((r) => r.group.service)).toEqual([
      'a.example.org',
      'b.example.org',
      'd.example.org',
    ]);
  });

  it('keeps only ticked rows still registrable, and names each receiving service once', () => {
    const chosen = chosenRows(
      rows,
      new Set([rowKey(A, 'a.example.org'), rowKey(A, 'c.example.org'), rowKey(A, 'b.example.org')]),
    );
    expect(chosen.map((r) => r.group.service)).toEqual(['a.example.org', 'b.example.org']);
    expect(receivingServices(chosen)).toEqual([
      { registrationService: REG, accountId: A, service: 'a.example.org' },
    ]);
  });
});
