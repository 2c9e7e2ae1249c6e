/**
 * The real-name policy a group-chat service publishes (server/README.md, "Discovery"): an
 * extended disco#info form (XEP-0128) with FORM_TYPE urn:hutong:realname:policy:0 on the service
 * itself. Parsed here once into a typed object for the creation wizard and the registration step.
 * The form is the server's word and untrusted: texts are capped, numbers that are not numbers and
 * values outside the known ones are left out, and a form naming no registration service is still
 * a policy (the step then says so rather than silently skipping registration).
 */

export const REALNAME_POLICY_FORM = 'urn:hutong:realname:policy:0';
/** The feature a covered service lists beside the form. */
export const REALNAME_FEATURE = 'urn:hutong:realname:0';

const MAX_TEXT = 2000;
const MAX_LINES = 100;
const MAX_LIST = 50;

/** What the policy asks registration for. */
export type RealnameRequirement = 'room-creation' | 'room-ownership';

export interface RealnamePolicy {
  /** The service that takes registrations (ad-hoc commands), when the form names one. */
  readonly registrationService?: string;
  readonly registerNode?: string;
  readonly statusNode?: string;
  readonly requiredFor: readonly RealnameRequirement[];
  /** The group-chat services the policy covers. */
  readonly services: readonly string[];
  /** Who orders the collection, as the provider states it. */
  readonly authority?: string;
  /** The legal text, one paragraph per entry. */
  readonly legalText: readonly string[];
  readonly legalUrl?: string;
  /** How long the data is kept, in days. */
  readonly retentionDays?: number;
  readonly approval?: 'manual' | 'automatic';
  /** A pending registration already allows creating groups. */
  readonly pendingCounts: boolean;
  /** XEP-0082 date after which unregistered existing groups are affected. */
  readonly existingRoomsDeadline?: string;
  readonly existingRoomsAfterDeadline?: 'none' | 'read-only';
}

/** The shape of an extended-info form as disco hands it over (electron/disco DiscoForm). */
export interface PolicyFormInput {
  readonly formType: string;
  readonly fields: readonly { readonly var: string; readonly values: readonly string[] }[];
}

const cap = (text: string) => text.slice(0, MAX_TEXT);

/** The policy in a disco#info answer's forms, or undefined when the service has none. */
export function parseRealnamePolicy(forms: readonly PolicyFormInput[]): RealnamePolicy | undefined {
  const form = forms.find((f) => f.formType === REALNAME_POLICY_FORM);
  if (!form) return undefined;
  const values = (name: string): readonly string[] =>
    form.fields.find((f) => f.var === name)?.values ?? [];
  const one = (name: string): string | undefined => {
    const text = values(name)[0]?.trim();
    return text ? cap(text) : undefined;
  };
  const pick = <T extends string>(name: string, allowed: readonly T[]): T | undefined =>
    allowed.find((a) => a === one(name));
  const days = one('retention-days');
  const requiredFor = values('required-for')
    .slice(0, MAX_LIST)
    .filter((r): r is RealnameRequirement => r === 'room-creation' || r === 'room-ownership');
  const registrationService = one('registration-service');
  const registerNode = one('register-node');
  const statusNode = one('status-node');
  const authority = one('authority');
  const legalUrl = one('legal-url');
  const approval = pick('approval', ['manual', 'automatic'] as const);
  const deadline = one('existing-rooms-deadline');
  const after = pick('existing-rooms-after-deadline', ['none', 'read-only'] as const);
  return {
    // A policy that names nothing it is required for still covers creation: failing open would
    // hide the step on a server that then refuses the creation anyway.
    requiredFor: requiredFor.length ? [...new Set(requiredFor)] : ['room-creation'],
    services: values('services').slice(0, MAX_LIST).map(cap),
    legalText: values('legal-text')
      .slice(0, MAX_LINES)
      .map(cap)
      .filter((line) => line.trim() !== ''),
    pendingCounts: one('pending-counts') === '1' || one('pending-counts') === 'true',
    ...(registrationService && { registrationService }),
    ...(registerNode && { registerNode }),
    ...(statusNode && { statusNode }),
    ...(authority && { authority }),
    ...(legalUrl && /^https?:\/\//i.test(legalUrl) && { legalUrl }),
    ...(days && /^\d{1,6}$/.test(days) && { retentionDays: Number(days) }),
    ...(approval && { approval }),
    ...(deadline && { existingRoomsDeadline: deadline }),
    ...(after && { existingRoomsAfterDeadline: after }),
  };
}

/** Whether creating a group on a service with this policy needs a registration first. */
export function registrationNeededToCreate(policy: RealnamePolicy | undefined): boolean {
  return policy !== undefined && policy.requiredFor.includes('room-creation');
}
