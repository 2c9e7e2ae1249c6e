/** Contacts (RFC 6121 roster items with presence) and incoming subscription requests. */
import * as v from 'valibot';
import { Presence } from './account';
import { JidText, Text, Timestamp } from './common';

export const Contact = v.object({
  jid: v.string(),
  name: v.optional(v.string()),
  groups: v.array(v.string()),
  subscription: v.picklist(['none', 'to', 'from', 'both', 'remove']),
  /** Set while our subscription request awaits an answer. */
  pending: v.boolean(),
  presence: Presence,
});
export type Contact = v.InferOutput<typeof Contact>;

/** Someone asked to see our presence. */
export const SubscriptionRequest = v.object({
  accountId: v.string(),
  jid: v.string(),
  /** The nickname they sent (XEP-0172), if any: it is their claim, not verified. */
  nick: v.optional(v.string()),
  receivedAt: Timestamp,
});
export type SubscriptionRequest = v.InferOutput<typeof SubscriptionRequest>;

const Groups = v.pipe(v.array(Text(256)), v.maxLength(32));

export const AddContactParams = v.object({
  accountId: JidText,
  jid: JidText,
  name: v.optional(Text(256)),
  groups: v.optional(Groups),
});
export type AddContactParams = v.InferOutput<typeof AddContactParams>;

export const UpdateContactParams = v.object({
  accountId: JidText,
  jid: JidText,
  name: v.optional(Text(256)),
  groups: Groups,
});
export type UpdateContactParams = v.InferOutput<typeof UpdateContactParams>;
