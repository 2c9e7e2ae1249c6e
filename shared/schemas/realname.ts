/**
 * Real-name registration (issue 9) as the renderer sees it: the policy a group service states,
 * the registration command's stages, consent, the saved profile (masked only), the registration
 * state of every owned group and the jobs that register many at once. Nothing here ever holds a
 * full ID number or mobile number going to the renderer; values going from it are checked again
 * in the main process.
 */
import * as v from 'valibot';
import { ERROR_CODES } from '../errors';
import type { RealnamePolicy } from '../realnamePolicy';
import type { IdentityKind } from '../realnameFields';
import { JidText, NonEmpty, Text, Timestamp, type SameType } from './common';
import { DataFormSchema, FormValuesSchema } from './room';

export const IdentityKindSchema = v.picklist(['person-name', 'id-number', 'mobile']);
const identityKindSame: SameType<v.InferOutput<typeof IdentityKindSchema>, IdentityKind> = true;
void identityKindSame;

/** The policy of a group-chat service (shared/realnamePolicy.ts). */
export const RealnamePolicySchema = v.object({
  service: v.string(),
  /** Who receives the data: the one JID the commands and the consent name. */
  registrationService: v.string(),
  registerNode: v.string(),
  statusNode: v.string(),
  requiredFor: v.array(v.string()),
  services: v.array(v.string()),
  authority: v.string(),
  legalText: v.array(v.string()),
  legalUrl: v.optional(v.string()),
  retentionDays: v.optional(v.number()),
  approval: v.picklist(['manual', 'automatic']),
  pendingCounts: v.boolean(),
  existingRoomsDeadline: v.optional(v.string()),
  existingRoomsAfterDeadline: v.picklist(['none', 'read-only']),
});
// The main process parses policies as shared/realnamePolicy.ts types them; they must stay the same.
const policySame: SameType<v.InferOutput<typeof RealnamePolicySchema>, RealnamePolicy> = true;
void policySame;

/** What `realname.policy` answers: no policy means no registration step at all. */
export const PolicyAnswer = v.object({
  policy: v.nullable(RealnamePolicySchema),
  /**
   * The account is Tor-only: the UI must say plainly that registering ties the group to the
   * person's identity, and the saved profile is never filled in for it.
   */
  torOnly: v.boolean(),
});
export type PolicyAnswer = v.InferOutput<typeof PolicyAnswer>;

/** A receipt as kept and shown: the ID number masked to its last four characters. */
export const ReceiptSchema = v.object({
  registrationService: v.string(),
  status: v.picklist(['none', 'pending', 'approved', 'rejected']),
  receipt: v.optional(v.string()),
  submitted: v.optional(v.string()),
  idNumberMasked: v.optional(v.string()),
  decided: v.optional(v.string()),
  /** The operator's reason for a rejection, as text. */
  reason: v.optional(v.string()),
});
export type Receipt = v.InferOutput<typeof ReceiptSchema>;

/** not-required: the service has no policy. unknown: the state could not be asked now. */
export const RegistrationState = v.picklist([
  'not-required',
  'missing',
  'pending',
  'registered',
  'rejected',
  'unknown',
]);
export type RegistrationState = v.InferOutput<typeof RegistrationState>;

export const CommandAction = v.picklist(['prev', 'next', 'complete']);

/**
 * Explicit consent echoed back by the renderer with every submission that sends values: the
 * service that receives them and exactly the vars that go. The main process compares both with
 * what it would send and refuses (consent-required) on any difference, sending nothing.
 */
export const ConsentSchema = v.object({
  agreed: v.literal(true),
  registrationService: JidText,
  fields: v.pipe(v.array(Text(500)), v.maxLength(200)),
});

export const FieldErrorSchema = v.object({ var: v.string(), problem: v.string() });

/** One stage of the registration command, as the renderer draws it. */
export const RegistrationStep = v.object({
  /** The main process's id of this registration (not the service's sessionid). */
  sessionId: v.string(),
  accountId: v.string(),
  /** The group service whose policy asked for it. */
  service: v.string(),
  registrationService: v.string(),
  status: v.picklist(['executing', 'completed', 'canceled']),
  /** Allowed next actions; empty once completed or canceled. */
  actions: v.array(CommandAction),
  defaultAction: v.optional(CommandAction),
  /** The service's form; every label and text is plain text to show, never markup. */
  form: v.optional(DataFormSchema),
  /** var → identity kind for fields checked locally (shared/realnameFields.ts). */
  identityFields: v.record(v.string(), IdentityKindSchema),
  /** Identity fields the saved profile can fill in the main process (none on Tor-only). */
  profileFillable: v.array(v.string()),
  /** Refusals of the last submission, by field: local checks or the service's invalid-field. */
  fieldErrors: v.array(FieldErrorSchema),
  /** Whether the last action sent anything to the service (false: refused locally). */
  sent: v.boolean(),
  notes: v.array(v.object({ type: v.picklist(['info', 'warn', 'error']), text: v.string() })),
  receipt: v.optional(ReceiptSchema),
  torOnly: v.boolean(),
});
export type RegistrationStep = v.InferOutput<typeof RegistrationStep>;

export const BeginParams = v.object({ accountId: JidText, service: JidText });

export const StepParams = v.object({
  sessionId: NonEmpty(100),
  action: CommandAction,
  values: v.optional(FormValuesSchema),
  /** Fill the identity fields from the saved profile in the main process (never on Tor-only). */
  useProfile: v.optional(v.boolean()),
  consent: v.optional(ConsentSchema),
});

/** The saved registration profile as the renderer may see it: masked, or nothing. */
export const ProfileSchema = v.object({
  saved: v.boolean(),
  nameMasked: v.optional(v.string()),
  idNumberMasked: v.optional(v.string()),
  mobileMasked: v.optional(v.string()),
  savedAt: v.optional(Timestamp),
});
export type RealnameProfile = v.InferOutput<typeof ProfileSchema>;

export const SaveProfileParams = v.object({
  name: Text(4096),
  idNumber: Text(4096),
  mobile: Text(4096),
});

export const SaveProfileAnswer = v.object({
  profile: ProfileSchema,
  /** Non-empty when refused (nothing saved); vars are person-name, id-number, mobile. */
  fieldErrors: v.array(FieldErrorSchema),
});

/** A job item: one account on one registration service (all of its groups there). */
export const JobItem = v.object({
  jobId: v.string(),
  accountId: v.string(),
  service: v.string(),
  registrationService: v.string(),
  state: v.picklist(['queued', 'checking', 'submitting', 'done', 'failed']),
  /** When done: the registration state reached. */
  outcome: v.optional(RegistrationState),
  error: v.optional(v.picklist(ERROR_CODES)),
  receipt: v.optional(ReceiptSchema),
  updatedAt: Timestamp,
});
export type JobItem = v.InferOutput<typeof JobItem>;

/** The groups one account owns on one group service, with their shared registration state. */
export const GroupRegistration = v.object({
  accountId: v.string(),
  service: v.string(),
  registrationService: v.optional(v.string()),
  state: RegistrationState,
  receipt: v.optional(ReceiptSchema),
  torOnly: v.boolean(),
  rooms: v.array(v.object({ room: v.string(), name: v.optional(v.string()) })),
  /** The latest job item for this account and service, if any. */
  job: v.optional(JobItem),
});
export type GroupRegistration = v.InferOutput<typeof GroupRegistration>;

const ServiceRef = v.object({ accountId: JidText, service: JidText });

export const RegisterManyParams = v.object({
  items: v.pipe(v.array(ServiceRef), v.minLength(1), v.maxLength(500)),
  /** Every item uses the saved profile; consent names each receiving service and the kinds. */
  consent: v.object({
    agreed: v.literal(true),
    registrationServices: v.pipe(v.array(JidText), v.maxLength(500)),
    kinds: v.array(IdentityKindSchema),
  }),
});

export { ServiceRef };
