/**
 * The otr.* part of the contract (issue 8): requests about an account's key, its contacts'
 * private conversations, verification and Pidgin's files, and the events that report them.
 */
import * as v from 'valibot';
import { AccountRef, JidText, Text, type RequestSpec } from './schemas/common';
import {
  OtrConversationState,
  OtrFingerprint,
  OtrKeyEvent,
  OtrKeyStatus,
  OtrNotice,
  OtrPolicy,
  OtrPolicySetting,
  OtrSmpEvent,
} from './schemas/otr';

/** One contact of one account. */
const OtrPeerRef = v.object({ ...AccountRef.entries, peer: JidText });

export const otrRequests = {
  /** The account's OTR key: none yet, being made, or ready with its fingerprint. */
  'otr.key': { params: AccountRef, result: OtrKeyStatus },
  /**
   * Makes the account's OTR key if it has none (in the background of the main process);
   * resolves once it is ready. Fails with secrets-locked while the secrets store is locked.
   */
  'otr.generate': { params: AccountRef, result: OtrKeyStatus },
  /** Where a one-to-one conversation stands with OTR. */
  'otr.state': {
    params: OtrPeerRef,
    result: OtrConversationState,
  },
  /**
   * Asks the contact for a private conversation (or a fresh one); messages typed meanwhile wait.
   * Makes the account's key first if it has none.
   */
  'otr.start': {
    params: OtrPeerRef,
    result: OtrConversationState,
  },
  /** Ends the private conversation; what waited for it fails (it is never sent in plaintext). */
  'otr.end': {
    params: OtrPeerRef,
    result: OtrConversationState,
  },
  /** Our user goes on with a contact whose key changed (held messages then go). */
  'otr.acknowledge': {
    params: OtrPeerRef,
    result: OtrConversationState,
  },
  /** Marks the contact's current fingerprint as compared by hand (or not any more). */
  'otr.verify': {
    params: v.object({
      ...OtrPeerRef.entries,
      fingerprint: OtrFingerprint,
      verified: v.boolean(),
    }),
    result: OtrConversationState,
  },
  /**
   * SMP: starts it with a shared secret (and a question for the contact, if any), answers the
   * contact's, or aborts it. Steps and the result come as otr.smp events.
   */
  'otr.smp': {
    params: v.object({
      ...OtrPeerRef.entries,
      action: v.picklist(['start', 'answer', 'abort']),
      secret: v.optional(Text(1000)),
      question: v.optional(Text(1000)),
    }),
    result: v.null(),
  },
  /**
   * Takes this account's key from a libotr key file (Pidgin's otr.private_key), replacing the
   * account's key. not-found when the file holds none for the account.
   */
  'otr.importKey': {
    params: v.object({ ...AccountRef.entries, text: v.pipe(v.string(), v.maxLength(200_000)) }),
    result: OtrKeyStatus,
  },
  /** Takes the contacts' fingerprints and trust from Pidgin's otr.fingerprints. */
  'otr.importFingerprints': {
    params: v.object({ ...AccountRef.entries, text: v.pipe(v.string(), v.maxLength(2_000_000)) }),
    result: v.object({ imported: v.number(), skipped: v.number() }),
  },
  /**
   * Saves the account's key as Pidgin's otr.private_key where the user chooses (a save dialog of
   * the main process: the key never reaches the renderer). No path: the user cancelled.
   */
  'otr.exportKey': { params: AccountRef, result: v.object({ path: v.optional(v.string()) }) },
  /** The contacts' fingerprints and trust as an otr.fingerprints file (nothing secret). */
  'otr.exportFingerprints': { params: AccountRef, result: v.object({ text: v.string() }) },
  /** When to talk privately, for the account (no peer) or one contact. */
  'otr.policy': {
    params: v.object({ ...AccountRef.entries, peer: v.optional(JidText) }),
    result: OtrPolicySetting,
  },
  /** Sets it; without a policy the contact follows the account (the account: manual). */
  'otr.setPolicy': {
    params: v.object({
      ...AccountRef.entries,
      peer: v.optional(JidText),
      policy: v.optional(OtrPolicy),
    }),
    result: OtrPolicySetting,
  },
  /** Our messages go to this device of the contact (one of the state's devices) from now on. */
  'otr.selectDevice': {
    params: v.object({ ...OtrPeerRef.entries, device: v.pipe(v.string(), v.maxLength(1023)) }),
    result: OtrConversationState,
  },
  /**
   * Whether private conversations with a contact are kept on disk (still out of search). Off by
   * default: they live in memory and are gone when Hutong quits. Applies to messages from now on.
   */
  'otr.setKeepHistory': {
    params: v.object({ ...AccountRef.entries, peer: JidText, keep: v.boolean() }),
    result: OtrPolicySetting,
  },
} as const satisfies Record<string, RequestSpec>;

export const otrEvents = {
  /** An account's OTR key started or finished being made. */
  'otr.key': OtrKeyEvent,
  /** A one-to-one conversation became private, was ended, or is being set up. */
  'otr.state': OtrConversationState,
  /** A step of SMP with a contact. */
  'otr.smp': OtrSmpEvent,
  /** Something about OTR in a conversation the user should know. */
  'otr.notice': OtrNotice,
} as const satisfies Record<string, v.GenericSchema>;
