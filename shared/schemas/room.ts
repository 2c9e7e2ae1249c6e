/** Group chats (XEP-0045): rooms, their occupants, discovery, invitations and data forms. */
import * as v from 'valibot';
import { FIELD_TYPES, type DataForm } from '../dataforms';
import { JidText, NonEmpty, Text, Timestamp, type SameType } from './common';

export const Role = v.picklist(['moderator', 'participant', 'visitor', 'none']);
export type Role = v.InferOutput<typeof Role>;
export const Affiliation = v.picklist(['owner', 'admin', 'member', 'outcast', 'none']);
export type Affiliation = v.InferOutput<typeof Affiliation>;

/**
 * Why a room refused us or put us out: the refusals of XEP-0045 §7.2 on entering, and what a
 * room says when it removes us (kicked, banned, membership lost, destroyed, shut down).
 */
export const RoomRefusal = v.picklist([
  'nickname-conflict',
  'password-required',
  'banned',
  'members-only',
  'room-full',
  'room-locked',
  'nickname-required',
  'not-allowed',
  'kicked',
  'membership-lost',
  'destroyed',
  'shutdown',
  'service-gone',
  /** The service requires a real-name registration before creating a group (issue 9). */
  'realname-required',
  'timeout',
  'other',
]);
export type RoomRefusal = v.InferOutput<typeof RoomRefusal>;

/** A nickname: the resource of an occupant JID (RFC 7622 allows up to 1023 bytes). */
export const Nick = NonEmpty(200);

export const Occupant = v.object({
  nick: v.string(),
  role: Role,
  affiliation: Affiliation,
  /** Their real bare JID, when the room shows it to us. */
  realJid: v.optional(v.string()),
  show: v.optional(v.string()),
  status: v.optional(v.string()),
  /** This occupant is us. */
  self: v.boolean(),
});
export type Occupant = v.InferOutput<typeof Occupant>;

/** Who can see the occupants' real addresses (XEP-0045 §4.1). */
export const RoomAnonymity = v.picklist(['non-anonymous', 'semi-anonymous', 'unknown']);

export const RoomSnapshot = v.object({
  accountId: v.string(),
  room: v.string(),
  /** Our nickname: the one the room confirmed once joined (it may rewrite what we asked). */
  nick: v.string(),
  /** The room rewrote the nickname we asked for (status 210). */
  nickRewritten: v.boolean(),
  name: v.optional(v.string()),
  status: v.picklist(['joining', 'joined', 'offline', 'failed']),
  /** Why the last attempt failed or why the room put us out. */
  refusal: v.optional(RoomRefusal),
  /** The room's own words with the refusal, shown as text. */
  refusalText: v.optional(v.string()),
  subject: v.optional(v.string()),
  /** Who set the subject (a nickname), when the room says. */
  subjectBy: v.optional(v.string()),
  role: Role,
  affiliation: Affiliation,
  anonymity: RoomAnonymity,
  /** The room keeps an archive (XEP-0313): history comes from it. */
  archived: v.boolean(),
  occupants: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Entered again automatically (after a restart, on every device with the bookmark). */
  autojoin: v.boolean(),
});
export type RoomSnapshot = v.InferOutput<typeof RoomSnapshot>;

/** Changes to a room's occupant list since the last event (or the whole list with reset). */
export const OccupantsDelta = v.object({
  accountId: v.string(),
  room: v.string(),
  /** The list below replaces everything known so far. */
  reset: v.boolean(),
  upserted: v.array(Occupant),
  removed: v.array(v.string()),
  /** Nickname changes (XEP-0045 §7.6), old → new, to keep private conversations apart. */
  renamed: v.array(v.object({ from: v.string(), to: v.string() })),
  /** Who came in while we were there (the list sent as we enter is not "arriving"). */
  arrived: v.array(v.string()),
});
export type OccupantsDelta = v.InferOutput<typeof OccupantsDelta>;

export const RoomRef = v.object({ accountId: JidText, room: JidText });
export type RoomRef = v.InferOutput<typeof RoomRef>;

export const JoinRoomParams = v.object({
  ...RoomRef.entries,
  nick: Nick,
  password: v.optional(Text(1000)),
});
export type JoinRoomParams = v.InferOutput<typeof JoinRoomParams>;

export const GroupChatService = v.object({ jid: v.string(), name: v.optional(v.string()) });
export type GroupChatService = v.InferOutput<typeof GroupChatService>;

export const RoomListing = v.object({
  jid: v.string(),
  name: v.optional(v.string()),
});
export type RoomListing = v.InferOutput<typeof RoomListing>;

export const RoomInfo = v.object({
  jid: v.string(),
  /** The room does not exist yet: entering it creates it. */
  exists: v.boolean(),
  name: v.optional(v.string()),
  description: v.optional(v.string()),
  subject: v.optional(v.string()),
  occupants: v.optional(v.number()),
  language: v.optional(v.string()),
  anonymity: RoomAnonymity,
  passwordProtected: v.boolean(),
  membersOnly: v.boolean(),
  moderated: v.boolean(),
  persistent: v.boolean(),
  archived: v.boolean(),
});
export type RoomInfo = v.InferOutput<typeof RoomInfo>;

export const AffiliationEntry = v.object({
  jid: v.string(),
  affiliation: Affiliation,
  nick: v.optional(v.string()),
  reason: v.optional(v.string()),
});
export type AffiliationEntry = v.InferOutput<typeof AffiliationEntry>;

/** An invitation to a room, waiting for the user's answer: never joined automatically. */
export const RoomInvitation = v.object({
  id: v.string(),
  accountId: v.string(),
  room: v.string(),
  /** Who invites (a bare JID). */
  inviter: v.string(),
  via: v.picklist(['room', 'direct']),
  reason: v.optional(v.string()),
  /** The inviter is in the account's roster. */
  fromContact: v.boolean(),
  /** A password came with it: joining uses it without showing it. */
  hasPassword: v.boolean(),
  receivedAt: Timestamp,
});
export type RoomInvitation = v.InferOutput<typeof RoomInvitation>;

const FormField = v.object({
  type: v.picklist(FIELD_TYPES),
  var: v.optional(v.string()),
  label: v.optional(v.string()),
  desc: v.optional(v.string()),
  required: v.boolean(),
  values: v.pipe(v.array(v.string()), v.readonly()),
  options: v.pipe(
    v.array(v.pipe(v.object({ label: v.optional(v.string()), value: v.string() }), v.readonly())),
    v.readonly(),
  ),
  validate: v.optional(
    v.object({
      datatype: v.string(),
      method: v.picklist(['basic', 'open', 'range', 'regex']),
      min: v.optional(v.string()),
      max: v.optional(v.string()),
      regex: v.optional(v.string()),
      listMin: v.optional(v.number()),
      listMax: v.optional(v.number()),
    }),
  ),
});

/** A data form (XEP-0004) as shared/dataforms.ts models it. */
export const DataFormSchema = v.object({
  type: v.picklist(['form', 'submit', 'cancel', 'result']),
  title: v.optional(v.string()),
  instructions: v.pipe(v.array(v.string()), v.readonly()),
  fields: v.pipe(v.array(v.pipe(FormField, v.readonly())), v.readonly()),
});
// The main process builds forms as shared/dataforms.ts types them; they must stay the same.
const dataFormSame: SameType<v.InferOutput<typeof DataFormSchema>, DataForm> = true;
void dataFormSame;

/** What the user entered in a form, by field var. */
export const FormValuesSchema = v.pipe(
  v.record(Text(500), v.pipe(v.array(Text(20_000)), v.maxLength(1000), v.readonly())),
  v.check((values) => Object.keys(values).length <= 1000, 'too many fields'),
);
