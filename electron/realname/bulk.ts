/**
 * Registering many at once with the saved profile: one job item per account and registration
 * service (a registration is the account's, not a room's), kept in SQLite so that a crash, a quit
 * or a lost connection never leads to a second submission.
 *
 * Exactly once, and why it holds. Before an item sends anything it asks the service's status
 * command; a pending or approved registration ends the item there. Only then is the item marked
 * 'submitting', committed (fsynced) before the command starts. After an interruption the item is
 * still 'submitting' (or 'failed'), and the next run asks the status again: whether the last
 * submission reached the service or not, the answer says so, and only "none" (or "rejected")
 * leads to a new submission. The reference service adds its own guard: for a pending or approved
 * person its register command answers the receipt instead of a form, and a completed session's
 * id is unknown afterwards, so a stanza re-sent on stream resumption cannot register twice either.
 */
import type { JobItem } from '../../shared/contract';
import { submissionOf, type DataForm, type FormValues } from '../../shared/dataforms';
import type { ErrorCode } from '../../shared/errors';
import { isErrorCode } from '../../shared/errors';
import {
  checkRegistrationValues,
  identityFields,
  type IdentityKind,
} from '../../shared/realnameFields';
import type { RealnamePolicy } from '../../shared/realnamePolicy';
import type { JobState, RealnameStore, StoredJobItem } from '../storage/realnameStore';
import { AdhocError, type AdhocClient, type AdhocStage } from './adhoc';
import type { IdentityValues } from './profile';
import { readReceipt, stateOf } from './receipts';

/** Stages a registration command may take before we give up on it (the reference has two). */
const MAX_STAGES = 6;

export interface BulkDeps {
  readonly store: RealnameStore;
  readonly now: () => number;
  /** What an item needs to run now; a coded failure when it cannot (offline, Tor-only...). */
  readonly prepare: (
    item: StoredJobItem,
  ) => Promise<
    { ok: true; client: AdhocClient; policy: RealnamePolicy } | { ok: false; code: ErrorCode }
  >;
  readonly openProfile: () => Promise<IdentityValues | undefined>;
  /** Asks the status command; keeps and answers the receipt. */
  readonly status: (
    item: StoredJobItem,
    client: AdhocClient,
    policy: RealnamePolicy,
  ) => Promise<ReturnType<typeof readReceipt>>;
  readonly saveReceipt: (
    item: StoredJobItem,
    stage: AdhocStage,
    policy: RealnamePolicy,
  ) => ReturnType<typeof readReceipt>;
  readonly progress: (item: JobItem) => void;
}

export function jobItemOf(item: StoredJobItem, receipt?: ReturnType<typeof readReceipt>): JobItem {
  const outcome = item.outcome as JobItem['outcome'];
  return {
    jobId: item.jobId,
    accountId: item.accountId,
    service: item.service,
    registrationService: item.registrationService,
    state: item.state,
    ...(outcome && { outcome }),
    ...(isErrorCode(item.error) && { error: item.error }),
    ...(receipt && { receipt }),
    updatedAt: item.updatedAt,
  };
}

class ItemFailure extends Error {
  constructor(readonly code: ErrorCode) {
    super(code);
  }
}

/** The values that fill `form` from the profile; fails when the form asks for more. */
function fill(
  form: DataForm,
  profile: IdentityValues,
  consented: readonly IdentityKind[],
): FormValues {
  const kinds = identityFields(form);
  const values: Record<string, string[]> = {};
  for (const [name, kind] of Object.entries(kinds)) {
    if (!consented.includes(kind)) throw new ItemFailure('consent-required');
    values[name] = [profile[kind]];
  }
  for (const field of form.fields) {
    if (
      field.var === undefined ||
      kinds[field.var] ||
      field.type === 'hidden' ||
      field.type === 'fixed'
    )
      continue;
    // The service's own consent box: the person consented for this job, naming this service.
    if (field.type === 'boolean' && field.var === 'consent') values[field.var] = ['1'];
    else if (field.required && !field.values.some((v) => v !== ''))
      throw new ItemFailure('needs-input');
  }
  const checked = checkRegistrationValues(form, values, Date.now());
  if (!checked.ok) throw new ItemFailure('invalid-params');
  return checked.values;
}

export class BulkRunner {
  readonly #running = new Set<string>();

  constructor(private readonly deps: BulkDeps) {}

  #key = (item: StoredJobItem) => `${item.jobId}\n${item.accountId}\n${item.registrationService}`;

  #set(
    item: StoredJobItem,
    state: JobState,
    extra: { outcome?: string; error?: string; attempt?: boolean } = {},
    receipt?: ReturnType<typeof readReceipt>,
  ): StoredJobItem {
    const now = this.deps.now();
    this.deps.store.setJobState(item, state, now, extra);
    const next: StoredJobItem = {
      ...item,
      state,
      updatedAt: now,
      attempts: item.attempts + (extra.attempt ? 1 : 0),
      ...(extra.outcome !== undefined ? { outcome: extra.outcome } : {}),
      ...(extra.error !== undefined ? { error: extra.error } : {}),
    };
    if (extra.error === undefined) delete (next as { error?: string }).error;
    this.deps.progress(jobItemOf(next, receipt));
    return next;
  }

  /** Whether the item is being run now (by this process). */
  running(item: StoredJobItem): boolean {
    return this.#running.has(this.#key(item));
  }

  /** Runs the item unless it already runs; settles when it is done or failed. */
  async run(item: StoredJobItem): Promise<void> {
    const key = this.#key(item);
    if (this.#running.has(key)) return;
    this.#running.add(key);
    try {
      await this.#run(item);
    } finally {
      this.#running.delete(key);
    }
  }

  async #run(start: StoredJobItem): Promise<void> {
    let item = start;
    try {
      const ready = await this.deps.prepare(item);
      if (!ready.ok) throw new ItemFailure(ready.code);
      const { client, policy } = ready;
      item = this.#set(item, 'checking');
      const before = await this.deps.status(item, client, policy);
      if (before && (before.status === 'pending' || before.status === 'approved')) {
        this.#set(item, 'done', { outcome: stateOf(before) }, before);
        return;
      }
      const profile = await this.deps.openProfile();
      if (!profile) throw new ItemFailure('not-found');
      const consented = item.consentKinds.split(',').filter(Boolean) as IdentityKind[];
      // Committed before anything is sent: see the module comment.
      item = this.#set(item, 'submitting', { attempt: true });
      let stage = await client.execute(policy.registrationService, policy.registerNode);
      for (let n = 0; stage.status === 'executing' && n < MAX_STAGES; n += 1) {
        const action = stage.defaultAction ?? 'complete';
        if (!stage.form) {
          stage = await client.act(stage, action);
          continue;
        }
        let values: FormValues;
        try {
          values = fill(stage.form, profile, consented);
        } catch (error) {
          await client.cancel(stage);
          throw error;
        }
        stage = await client.act(stage, action, submissionOf(stage.form, values));
      }
      if (stage.status !== 'completed') {
        await client.cancel(stage);
        throw new ItemFailure('rejected-by-server');
      }
      const receipt = this.deps.saveReceipt(item, stage, policy);
      this.#set(item, 'done', { outcome: stateOf(receipt) }, receipt);
    } catch (error) {
      const code: ErrorCode =
        error instanceof ItemFailure || error instanceof AdhocError ? error.code : 'internal';
      this.#set(item, 'failed', { error: code });
    }
  }
}
