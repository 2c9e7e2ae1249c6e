/**
 * The real-name registration policy a group-chat service publishes in its disco#info, as an
 * XEP-0128 form with FORM_TYPE urn:hutong:realname:policy:0 (server/README.md, "Discovery").
 * Pure: the main process passes the forms it read (already within disco's limits) and gets a
 * typed policy, or undefined when the service publishes none, in which case no registration step
 * is shown at all. The form is untrusted: a policy without a valid registration service is no
 * policy we can act on (undefined), unknown values fall back to the strictest reading, and every
 * text is kept as text (the renderer never turns it into markup).
 */
import { parseJid } from './jid';

export const REALNAME_NS = {
  /** Feature the covered group service and the registration service list. */
  feature: 'urn:hutong:realname:0',
  policyForm: 'urn:hutong:realname:policy:0',
  registerNode: 'urn:hutong:realname:register',
  statusNode: 'urn:hutong:realname:status',
  registerForm: 'urn:hutong:realname:register:0',
  receiptForm: 'urn:hutong:realname:receipt:0',
} as const;

/** The shape of an extended disco#info form the parser needs (electron/disco's DiscoForm fits). */
export interface PolicySourceForm {
  readonly formType: string;
  readonly fields: readonly { readonly var: string; readonly values: readonly string[] }[];
}

/** What a service states about real-name registration. */
export interface RealnamePolicy {
  /** The group-chat service whose disco#info carried the form. */
  readonly service: string;
  /** Who receives the data: the JID the ad-hoc commands go to. */
  readonly registrationService: string;
  readonly registerNode: string;
  readonly statusNode: string;
  /** e.g. room-creation, room-ownership (unknown values are kept: the UI shows them as text). */
  readonly requiredFor: readonly string[];
  /** Every group service the policy covers (the asked one is always included). */
  readonly services: readonly string[];
  readonly authority: string;
  /** One paragraph per entry. */
  readonly legalText: readonly string[];
  readonly legalUrl?: string;
  /** How long the service says it keeps the data; undefined when it says nothing usable. */
  readonly retentionDays?: number;
  readonly approval: 'manual' | 'automatic';
  readonly pendingCounts: boolean;
  /** XEP-0082 date-time after which unregistered existing rooms are affected. */
  readonly existingRoomsDeadline?: string;
  readonly existingRoomsAfterDeadline: 'none' | 'read-only';
}

/** Longest text kept from the policy; the disco parser already cuts at its own limit. */
const MAX_TEXT = 4096;
const MAX_LIST = 64;

const cut = (text: string) => (text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text);

function validJid(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const jid = parseJid(text);
  // A service is a domain JID or a node: never a full JID with a resource (that is a client).
  return jid && !jid.resource ? text.toLowerCase() : undefined;
}

/**
 * The policy of `service` from its disco#info forms; undefined when none of them is a usable
 * policy form. Only the first policy form counts (XEP-0128 allows one form per FORM_TYPE).
 */
export function parseRealnamePolicy(
  service: string,
  forms: readonly PolicySourceForm[],
): RealnamePolicy | undefined {
  const form = forms.find((f) => f.formType === REALNAME_NS.policyForm);
  if (!form) return undefined;
  const values = new Map<string, readonly string[]>();
  for (const field of form.fields) if (!values.has(field.var)) values.set(field.var, field.values);
  const one = (name: string) => values.get(name)?.[0];
  const registrationService = validJid(one('registration-service'));
  if (!registrationService) return undefined;
  const asked = service.toLowerCase();
  const covered = (values.get('services') ?? [])
    .slice(0, MAX_LIST)
    .flatMap((jid) => validJid(jid) ?? []);
  const retention = one('retention-days');
  const retentionDays =
    retention !== undefined && /^\d{1,6}$/.test(retention) ? Number(retention) : undefined;
  const legalUrl = one('legal-url');
  const deadline = one('existing-rooms-deadline');
  const node = (name: string, fallback: string) => {
    const value = one(name);
    return value && value.length <= 512 ? value : fallback;
  };
  return {
    service: asked,
    registrationService,
    registerNode: node('register-node', REALNAME_NS.registerNode),
    statusNode: node('status-node', REALNAME_NS.statusNode),
    // No statement of what it is required for reads as the strictest: required to create rooms.
    requiredFor: (values.get('required-for') ?? ['room-creation']).slice(0, MAX_LIST).map(cut),
    services: covered.includes(asked) ? covered : [asked, ...covered],
    authority: cut(one('authority') ?? ''),
    legalText: (values.get('legal-text') ?? []).slice(0, MAX_LIST).map(cut),
    ...(legalUrl && /^https?:\/\//i.test(legalUrl) && { legalUrl: cut(legalUrl) }),
    ...(retentionDays !== undefined && { retentionDays }),
    approval: one('approval') === 'automatic' ? 'automatic' : 'manual',
    pendingCounts: one('pending-counts') === '1' || one('pending-counts') === 'true',
    ...(deadline && !Number.isNaN(Date.parse(deadline)) && { existingRoomsDeadline: deadline }),
    existingRoomsAfterDeadline:
      one('existing-rooms-after-deadline') === 'none' ? 'none' : 'read-only',
  };
}
