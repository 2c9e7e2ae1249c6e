/**
 * OTR (issue 8) as the renderer sees it: whether an account has its private-conversation key,
 * is making it, and the key's fingerprint (40 hex digits; shown in five groups of eight).
 */
import * as v from 'valibot';

export const OtrFingerprint = v.pipe(v.string(), v.regex(/^[0-9a-f]{40}$/));

export const OtrKeyStatus = v.variant('state', [
  v.object({ state: v.literal('none') }),
  v.object({ state: v.literal('generating') }),
  v.object({ state: v.literal('ready'), fingerprint: OtrFingerprint }),
]);
export type OtrKeyStatus = v.InferOutput<typeof OtrKeyStatus>;

export const OtrKeyEvent = v.object({ accountId: v.string(), status: OtrKeyStatus });
export type OtrKeyEvent = v.InferOutput<typeof OtrKeyEvent>;

/** Where a one-to-one conversation stands with OTR. */
export const OtrConversationState = v.object({
  accountId: v.string(),
  peer: v.string(),
  /** starting: asked for, being set up (messages wait); finished: the other side ended it. */
  state: v.picklist(['plaintext', 'starting', 'private', 'finished']),
  /** The contact's key, while private. */
  fingerprint: v.optional(OtrFingerprint),
  trust: v.optional(v.picklist(['unverified', 'verified', 'smp'])),
  /** Their key is not the one we knew for them: warn before anything is sent. */
  changed: v.optional(v.boolean()),
  /** The contact's device (XMPP resource) the conversation is with. */
  device: v.optional(v.string()),
  /** Every device of the contact private with us, when more than one (see otr.selectDevice). */
  devices: v.optional(v.array(v.string())),
});
export type OtrConversationState = v.InferOutput<typeof OtrConversationState>;

/** A step of SMP (verifying each other with a shared secret) in one conversation. */
export const OtrSmpEvent = v.object({
  accountId: v.string(),
  peer: v.string(),
  event: v.variant('kind', [
    /** The contact asks us to verify: answer their question (or give the shared secret). */
    v.object({ kind: v.literal('asked'), question: v.optional(v.string()) }),
    v.object({ kind: v.literal('result'), success: v.boolean() }),
    v.object({ kind: v.literal('aborted') }),
    /** A proof did not hold: someone is not following the protocol. */
    v.object({ kind: v.literal('cheated') }),
  ]),
});
export type OtrSmpEvent = v.InferOutput<typeof OtrSmpEvent>;

/** When to talk privately: never, when asked (manual), when the contact can (opportunistic), always. */
export const OtrPolicy = v.picklist(['never', 'manual', 'opportunistic', 'always']);
export type OtrPolicy = v.InferOutput<typeof OtrPolicy>;

/** The policy for an account (peer absent) or one contact, and whether it is inherited. */
export const OtrPolicySetting = v.object({
  policy: OtrPolicy,
  inherited: v.boolean(),
  /** A contact's only: private conversations with them are kept on disk (off: in memory only). */
  keepHistory: v.optional(v.boolean()),
});
export type OtrPolicySetting = v.InferOutput<typeof OtrPolicySetting>;

/** Something about OTR the user should know, in one conversation. */
export const OtrNotice = v.object({
  accountId: v.string(),
  peer: v.string(),
  /**
   * older-version-only: the contact offers only OTR 1 or 2 (no private conversation);
   * peer-error: their app reported an OTR error (text: its words); unreadable: a private message
   * could not be read (meant for a session that ended, or damaged).
   */
  code: v.picklist(['older-version-only', 'peer-error', 'unreadable']),
  text: v.optional(v.string()),
});
export type OtrNotice = v.InferOutput<typeof OtrNotice>;
