/**
 * The groups the user owns on every account, by account and group service, each with its
 * registration state. A registration is the owner account's on the policy's registration
 * service (the service registers people, not rooms), so every group of one account on one
 * service shares one state; the view still lists each group.
 *
 * Limits: "owned" means what the app knows, the rooms it has joined or bookmarked where our
 * affiliation is owner (RoomService's snapshots). Rooms owned on the server but never entered
 * with Hutong are not found: a group service does not list a user's rooms, and asking every
 * public room for its owner list would cost one request per room and miss hidden rooms anyway.
 * An account that is offline, or a service that does not answer, shows 'unknown' with the last
 * receipt kept.
 */
import type { GroupRegistration, Receipt, RoomSnapshot } from '../../shared/contract';
import { ok, type Result } from '../../shared/errors';
import { parseJid } from '../../shared/jid';
import type { RealnamePolicy } from '../../shared/realnamePolicy';
import type { StoredJobItem } from '../storage/realnameStore';
import { jobItemOf } from './bulk';
import { stateOf } from './receipts';

export interface GroupsDeps {
  readonly rooms: readonly RoomSnapshot[];
  readonly jobs: readonly StoredJobItem[];
  readonly torOnly: (accountId: string) => boolean;
  readonly policy: (
    accountId: string,
    service: string,
  ) => Promise<Result<RealnamePolicy | undefined>>;
  readonly status: (accountId: string, policy: RealnamePolicy) => Promise<Receipt | undefined>;
  readonly kept: (accountId: string, registrationService: string) => Receipt | undefined;
}

interface Owned {
  readonly accountId: string;
  readonly service: string;
  readonly rooms: RoomSnapshot[];
}

export async function ownedGroups(deps: GroupsDeps): Promise<Result<GroupRegistration[]>> {
  const byKey = new Map<string, Owned>();
  for (const room of deps.rooms) {
    if (room.affiliation !== 'owner') continue;
    const service = parseJid(room.room)?.domain;
    if (!service) continue;
    const key = `${room.accountId}\n${service}`;
    const group = byKey.get(key) ?? { accountId: room.accountId, service, rooms: [] };
    group.rooms.push(room);
    byKey.set(key, group);
  }
  return ok(await Promise.all([...byKey.values()].map((group) => one(deps, group))));
}

async function one(deps: GroupsDeps, group: Owned): Promise<GroupRegistration> {
  const { accountId, service } = group;
  const rooms = group.rooms.map((r) => ({
    room: r.room,
    ...(r.name !== undefined && { name: r.name }),
  }));
  const base = { accountId, service, torOnly: deps.torOnly(accountId), rooms };
  const policy = await deps.policy(accountId, service);
  if (!policy.ok) return { ...base, state: 'unknown' };
  if (!policy.value) return { ...base, state: 'not-required' };
  const registrationService = policy.value.registrationService;
  const job = deps.jobs.find(
    (j) => j.accountId === accountId && j.registrationService === registrationService,
  );
  const withJob = { ...base, registrationService, ...(job && { job: jobItemOf(job) }) };
  try {
    const receipt = await deps.status(accountId, policy.value);
    return { ...withJob, state: stateOf(receipt), ...(receipt && { receipt }) };
  } catch {
    const kept = deps.kept(accountId, registrationService);
    return { ...withJob, state: 'unknown', ...(kept && { receipt: kept }) };
  }
}
