/**
 * The realname.* part of the contract (issue 9, client side): discovering a group service's
 * registration policy, running its registration command stage by stage with explicit consent,
 * the saved profile (seen masked only; filled in by the main process), and registering the
 * groups of many accounts at once. A registration belongs to an account on a registration
 * service, not to a room: every group that account owns on the covered services shares it.
 */
import * as v from 'valibot';
import { NonEmpty, type RequestSpec } from './schemas/common';
import {
  BeginParams,
  GroupRegistration,
  JobItem,
  PolicyAnswer,
  ProfileSchema,
  ReceiptSchema,
  RegisterManyParams,
  RegistrationState,
  RegistrationStep,
  SaveProfileAnswer,
  SaveProfileParams,
  ServiceRef,
  StepParams,
} from './schemas/realname';

export const realnameRequests = {
  /** The policy a group-chat service publishes (null: no registration step), and Tor-only. */
  'realname.policy': { params: ServiceRef, result: PolicyAnswer },
  /** Starts the registration command of the service's policy; answers its first stage. */
  'realname.begin': { params: BeginParams, result: RegistrationStep },
  /**
   * Submits a stage (next, complete) or goes back (prev). A submission carrying values needs
   * `consent` echoing the receiving service and exactly the vars that go; checks run locally
   * first, and a refused value comes back as fieldErrors with `sent: false`.
   */
  'realname.step': { params: StepParams, result: RegistrationStep },
  /** Cancels a registration in progress (also tells the service). */
  'realname.cancel': { params: v.object({ sessionId: NonEmpty(100) }), result: v.null() },
  /** The account's registration state on the service's policy (status command). */
  'realname.status': {
    params: ServiceRef,
    result: v.object({ state: RegistrationState, receipt: v.optional(ReceiptSchema) }),
  },
  /** The saved profile, masked (saved: false when there is none). */
  'realname.profile': { params: v.object({}), result: ProfileSchema },
  /** Checks and saves the profile, sealed at rest; answers it masked, or the field errors. */
  'realname.saveProfile': { params: SaveProfileParams, result: SaveProfileAnswer },
  /**
   * Erases the profile and every local copy of identity data: receipts' masked numbers, and
   * jobs that would still use the profile (they fail with not-found).
   */
  'realname.eraseProfile': {
    params: v.object({}),
    result: v.object({ receipts: v.number(), jobs: v.number() }),
  },
  /** Every group the user owns on every online account, by account and group service. */
  'realname.groups': { params: v.object({}), result: v.array(GroupRegistration) },
  /** Registers each (account, service) with the saved profile; progress comes as events. */
  'realname.registerMany': {
    params: RegisterManyParams,
    result: v.object({ jobId: v.string(), items: v.array(JobItem) }),
  },
  /** Runs the failed (or interrupted) items of a job again; nothing registers twice. */
  'realname.retry': {
    params: v.object({ jobId: NonEmpty(100) }),
    result: v.object({ jobId: v.string(), items: v.array(JobItem) }),
  },
  /** Every job item kept, newest first (for a renderer that reloads). */
  'realname.jobs': { params: v.object({}), result: v.array(JobItem) },
} as const satisfies Record<string, RequestSpec>;

export const realnameEvents = {
  /** A job item changed state (queued, checking, submitting, done, failed). */
  'realname.progress': JobItem,
  /** The saved profile changed (saved or erased), masked. */
  'realname.profile': ProfileSchema,
} as const satisfies Record<string, v.GenericSchema>;
