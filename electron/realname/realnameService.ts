/**
 * Real-name registration for every account (issue 9, client side): policy discovery, the
 * interactive registration (registration.ts), the status of each owned group and bulk jobs
 * (bulk.ts). Attached to each account's connection like the room service; every answer is a
 * Result with a contract code, and nothing here logs a value a person entered.
 */
import { randomUUID } from 'node:crypto';
import type {
  EmitEvent,
  GroupRegistration,
  JobItem,
  PolicyAnswer,
  Receipt,
  RegistrationState,
  RegistrationStep,
  RoomSnapshot,
} from '../../shared/contract';
import { fail, isErrorCode, ok, type Result } from '../../shared/errors';
import { IDENTITY_KINDS, type IdentityKind } from '../../shared/realnameFields';
import { parseRealnamePolicy, type RealnamePolicy } from '../../shared/realnamePolicy';
import type { DiscoService } from '../disco';
import { createLogger } from '../log';
import type { RealnameStore, StoredJobItem } from '../storage/realnameStore';
import { AdhocClient, AdhocError, type AdhocStage, type IqRequest } from './adhoc';
import { BulkRunner, jobItemOf } from './bulk';
import type { RealnameProfiles } from './profile';
import { ownedGroups } from './groups';
import { fromStored, readReceipt, stateOf, toStored } from './receipts';
import { MAX_SESSIONS, runStep, stepOf, type Session, type StepRequest } from './registration';

const log = createLogger('realname');

/** What an online account lends us. */
export interface RealnameConnection {
  readonly request: IqRequest;
  readonly disco: DiscoService;
}

export interface RealnameServiceDeps {
  readonly store: RealnameStore;
  readonly profiles: RealnameProfiles;
  readonly emit: EmitEvent;
  readonly now: () => number;
  /** Whether the account is set to Tor only (its proxy settings). */
  readonly torOnly: (accountId: string) => boolean;
  /** The rooms the app knows for every account (with our affiliation). */
  readonly rooms: () => readonly RoomSnapshot[];
  readonly adhocTimeoutMs?: number;
}

export class RealnameService {
  readonly #deps: RealnameServiceDeps;
  readonly #connections = new Map<string, RealnameConnection>();
  readonly #sessions = new Map<string, Session>();
  readonly bulk: BulkRunner;

  constructor(deps: RealnameServiceDeps) {
    this.#deps = deps;
    this.bulk = new BulkRunner({
      store: deps.store,
      now: deps.now,
      openProfile: () => deps.profiles.open(),
      prepare: async (item) => {
        if (deps.torOnly(item.accountId)) return { ok: false, code: 'tor-only-identity' };
        const client = this.#client(item.accountId);
        if (!client) return { ok: false, code: 'not-signed-in' };
        const policy = await this.#policy(item.accountId, item.service);
        if (!policy.ok) return { ok: false, code: policy.error.code };
        if (!policy.value || policy.value.registrationService !== item.registrationService)
          return { ok: false, code: 'no-policy' };
        return { ok: true, client, policy: policy.value };
      },
      status: (item, client, policy) => this.#status(item.accountId, client, policy),
      saveReceipt: (item, stage, policy) => this.#keep(item.accountId, stage, policy),
      progress: (item) => deps.emit('realname.progress', item),
    });
  }

  /** The account is online: its connection serves requests, and its open job items resume. */
  attach(accountId: string, connection: RealnameConnection): () => void {
    this.#connections.set(accountId, connection);
    this.resume(accountId);
    return () => {
      if (this.#connections.get(accountId) === connection) this.#connections.delete(accountId);
    };
  }

  /** Runs the items a previous run left open (crash, quit, lost connection) for the account. */
  resume(accountId: string): void {
    for (const item of this.#deps.store.openJobItems())
      if (item.accountId === accountId && !this.bulk.running(item)) void this.bulk.run(item);
  }

  #client(accountId: string): AdhocClient | undefined {
    const connection = this.#connections.get(accountId);
    return connection && new AdhocClient(connection.request, this.#deps.adhocTimeoutMs);
  }

  async #policy(accountId: string, service: string): Promise<Result<RealnamePolicy | undefined>> {
    const connection = this.#connections.get(accountId);
    if (!connection) return fail('not-signed-in', 'the account is offline');
    try {
      // The disco service accepts an answer only from the JID asked (and the IQ caller too).
      const info = await connection.disco.info(service);
      return ok(parseRealnamePolicy(service, info.forms));
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      // A service that does not answer disco#info states no policy we could show.
      if (code === 'not-found' || code === 'not-supported') return ok(undefined);
      return fail(isErrorCode(code) ? code : 'internal', 'policy discovery failed');
    }
  }

  /** realname.policy */
  async policy(accountId: string, service: string): Promise<Result<PolicyAnswer>> {
    const policy = await this.#policy(accountId, service);
    if (!policy.ok) return policy;
    return ok({
      policy: policy.value
        ? {
            ...policy.value,
            requiredFor: [...policy.value.requiredFor],
            services: [...policy.value.services],
            legalText: [...policy.value.legalText],
          }
        : null,
      torOnly: this.#deps.torOnly(accountId),
    });
  }

  /** Keeps (masked) the receipt a completed command answered. */
  #keep(accountId: string, stage: AdhocStage, policy: RealnamePolicy): Receipt | undefined {
    const receipt = readReceipt(stage.form, policy.registrationService);
    if (receipt) this.#deps.store.saveReceipt(toStored(accountId, receipt, this.#deps.now()));
    return receipt;
  }

  async #status(accountId: string, client: AdhocClient, policy: RealnamePolicy) {
    const stage = await client.execute(policy.registrationService, policy.statusNode);
    return this.#keep(accountId, stage, policy);
  }

  /** realname.status */
  async status(
    accountId: string,
    service: string,
  ): Promise<Result<{ state: RegistrationState; receipt?: Receipt }>> {
    const policy = await this.#policy(accountId, service);
    if (!policy.ok) return policy;
    if (!policy.value) return ok({ state: 'not-required' });
    const client = this.#client(accountId)!;
    try {
      const receipt = await this.#status(accountId, client, policy.value);
      return ok({ state: stateOf(receipt), ...(receipt && { receipt }) });
    } catch (error) {
      const failure =
        error instanceof AdhocError ? error : new AdhocError('internal', 'status failed');
      return fail(failure.code, failure.message);
    }
  }

  /** realname.begin */
  async begin(accountId: string, service: string): Promise<Result<RegistrationStep>> {
    const policy = await this.#policy(accountId, service);
    if (!policy.ok) return policy;
    if (!policy.value) return fail('no-policy', 'the service states no real-name policy');
    const client = this.#client(accountId)!;
    let stage: AdhocStage;
    try {
      stage = await client.execute(policy.value.registrationService, policy.value.registerNode);
    } catch (error) {
      const failure =
        error instanceof AdhocError ? error : new AdhocError('internal', 'begin failed');
      return fail(failure.code, failure.message);
    }
    const session: Session = {
      id: randomUUID(),
      accountId,
      policy: policy.value,
      client,
      torOnly: this.#deps.torOnly(accountId),
      stage,
      fieldErrors: [],
      sent: true,
      secrets: [],
    };
    if (stage.status === 'completed') this.#keep(accountId, stage, policy.value);
    else this.#remember(session);
    return ok(this.#stepOf(session));
  }

  #stepOf(session: Session): RegistrationStep {
    return stepOf(session, { hasProfile: () => this.#deps.profiles.masked().saved });
  }

  #remember(session: Session): void {
    this.#sessions.set(session.id, session);
    if (this.#sessions.size <= MAX_SESSIONS) return;
    const oldest = this.#sessions.values().next().value!;
    this.#sessions.delete(oldest.id);
    void oldest.client.cancel(oldest.stage);
  }

  /** realname.step */
  async step(sessionId: string, request: StepRequest): Promise<Result<RegistrationStep>> {
    const session = this.#sessions.get(sessionId);
    if (!session) return fail('not-found', 'no such registration in progress');
    const result = await runStep(session, request, {
      now: this.#deps.now,
      openProfile: () => this.#deps.profiles.open(),
      hasProfile: () => this.#deps.profiles.masked().saved,
      receipt: (s, stage) => this.#keep(s.accountId, stage, s.policy),
    });
    if (!result.ok) {
      if (result.error.code === 'session-expired') this.#sessions.delete(sessionId);
      return result;
    }
    if (session.stage.status !== 'executing') this.#sessions.delete(sessionId);
    return ok(this.#stepOf(session));
  }

  /** realname.cancel */
  async cancel(sessionId: string): Promise<Result<null>> {
    const session = this.#sessions.get(sessionId);
    if (!session) return fail('not-found', 'no such registration in progress');
    this.#sessions.delete(sessionId);
    await session.client.cancel(session.stage);
    return ok(null);
  }

  /** realname.groups: see groups.ts. */
  groups(): Promise<Result<GroupRegistration[]>> {
    return ownedGroups({
      rooms: this.#deps.rooms(),
      jobs: this.#deps.store.jobItems(),
      torOnly: this.#deps.torOnly,
      policy: (accountId, service) => this.#policy(accountId, service),
      status: (accountId, policy) => this.#status(accountId, this.#client(accountId)!, policy),
      kept: (accountId, registrationService) => {
        const kept = this.#deps.store.receipt(accountId, registrationService);
        return kept && fromStored(kept);
      },
    });
  }

  /** realname.registerMany */
  async registerMany(
    items: readonly { accountId: string; service: string }[],
    consent: { registrationServices: readonly string[]; kinds: readonly IdentityKind[] },
  ): Promise<Result<{ jobId: string; items: JobItem[] }>> {
    if (!this.#deps.profiles.masked().saved) return fail('not-found', 'no saved profile');
    const jobId = randomUUID();
    const now = this.#deps.now();
    const consented = new Set(consent.registrationServices.map((s) => s.toLowerCase()));
    const kinds = IDENTITY_KINDS.filter((k) => consent.kinds.includes(k)).join(',');
    const rows: StoredJobItem[] = [];
    const seen = new Set<string>();
    for (const { accountId, service } of items) {
      const policy = await this.#policy(accountId, service);
      if (!policy.ok) return fail(policy.error.code, `${accountId}: policy unknown`);
      if (!policy.value) continue;
      const registrationService = policy.value.registrationService;
      // Nothing is queued unless every receiving service was named in the consent.
      if (!consented.has(registrationService))
        return fail('consent-required', 'consent must name every service');
      const key = `${accountId}\n${registrationService}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push({
        jobId,
        accountId,
        service: service.toLowerCase(),
        registrationService,
        state: 'queued',
        attempts: 0,
        consentKinds: kinds,
        createdAt: now,
        updatedAt: now,
      });
    }
    this.#deps.store.addJobItems(rows);
    for (const row of rows) void this.bulk.run(row);
    log.info(`job ${jobId}: ${rows.length} item(s) queued`);
    return ok({ jobId, items: rows.map((row) => jobItemOf(row)) });
  }

  /** realname.retry: failed and interrupted items of the job run again. */
  retry(jobId: string): Result<{ jobId: string; items: JobItem[] }> {
    const items = this.#deps.store.jobItems(jobId);
    if (items.length === 0) return fail('not-found', 'no such job');
    for (const item of items)
      if (item.state !== 'done' && !this.bulk.running(item)) void this.bulk.run(item);
    return ok({ jobId, items: items.map((item) => jobItemOf(item)) });
  }

  /** realname.jobs */
  jobs(): JobItem[] {
    return this.#deps.store.jobItems().map((item) => jobItemOf(item));
  }

  /** Cancels the registrations in progress (the app quits). */
  async dispose(): Promise<void> {
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(sessions.map((s) => s.client.cancel(s.stage)));
  }
}
