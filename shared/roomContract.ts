/**
 * The room.* and invitation.* part of the contract (issue 7): finding, entering and leaving
 * rooms, their people and moderation, invitations, and the events that keep the renderer current.
 */
import * as v from 'valibot';
import { AccountRef, JidText, NonEmpty, Text, type RequestSpec } from './schemas/common';
import {
  Affiliation,
  AffiliationEntry,
  DataFormSchema,
  FormValuesSchema,
  GroupChatService,
  JoinRoomParams,
  Nick,
  Occupant,
  OccupantsDelta,
  Role,
  RoomInfo,
  RoomInvitation,
  RoomListing,
  RoomRef,
  RoomSnapshot,
} from './schemas/room';
import {
  AddressAvailability,
  CheckAddressParams,
  CreateRoomParams,
  RoomCreationProgress,
  UnappliedSetting,
} from './schemas/roomCreation';

export const roomRequests = {
  /** The rooms of every account: joined, entering, or kept from before (offline). */
  'room.list': { params: v.object({}), result: v.array(RoomSnapshot) },
  /** Who is in a room now. */
  'room.occupants': { params: RoomRef, result: v.array(Occupant) },
  /** The account server's group-chat services, found by service discovery. */
  'room.services': { params: AccountRef, result: v.array(GroupChatService) },
  /** The public rooms a group-chat service lists. */
  'room.directory': {
    params: v.object({ accountId: JidText, service: JidText }),
    result: v.array(RoomListing),
  },
  /** What a room says of itself (before entering: anonymity, password, archive). */
  'room.info': { params: RoomRef, result: RoomInfo },
  /** Enters a room (creating it when it does not exist); resolves once in or refused. */
  'room.join': { params: JoinRoomParams, result: RoomSnapshot },
  /** Leaves a room and stops entering it automatically; its history stays. */
  'room.leave': { params: RoomRef, result: v.null() },
  /** Changes our nickname in a room we are in (XEP-0045 §7.6); resolves once the room agreed. */
  'room.nick': { params: v.object({ ...RoomRef.entries, nick: Nick }), result: RoomSnapshot },
  'room.setSubject': {
    params: v.object({ ...RoomRef.entries, subject: Text(1000) }),
    result: v.null(),
  },
  /** Kick (role none), voice (participant), revoke voice (visitor), moderator. */
  'room.setRole': {
    params: v.object({
      ...RoomRef.entries,
      nick: Nick,
      role: Role,
      reason: v.optional(Text(1000)),
    }),
    result: v.null(),
  },
  /** Membership, admin, owner, ban (outcast), none: by real address. */
  'room.setAffiliation': {
    params: v.object({
      ...RoomRef.entries,
      jid: JidText,
      affiliation: Affiliation,
      reason: v.optional(Text(1000)),
    }),
    result: v.null(),
  },
  /** The users of one affiliation (members, admins, owners, banned). */
  'room.affiliations': {
    params: v.object({ ...RoomRef.entries, affiliation: Affiliation }),
    result: v.array(AffiliationEntry),
  },
  /** The room's configuration form, as the room sends it (owners only). */
  'room.config': { params: RoomRef, result: DataFormSchema },
  /** Submits the configuration form last fetched with these values. */
  'room.configure': {
    params: v.object({ ...RoomRef.entries, values: FormValuesSchema }),
    result: v.null(),
  },
  /** Destroys the room for everyone. */
  'room.destroy': {
    params: v.object({ ...RoomRef.entries, reason: v.optional(Text(1000)) }),
    result: v.null(),
  },
  /** Invites someone to the room. */
  'room.invite': {
    params: v.object({ ...RoomRef.entries, jid: JidText, reason: v.optional(Text(1000)) }),
    result: v.null(),
  },
  /**
   * Whether a new group's address is free on a service (disco#info: item-not-found is free);
   * an address that is no valid local part is 'invalid' without asking.
   */
  'room.checkAddress': { params: CheckAddressParams, result: AddressAvailability },
  /**
   * Creates a group and configures it as its kind says; resolves once it is open (we are in it)
   * or everything made was removed again. Progress comes as room.creation events.
   */
  'room.create': {
    params: CreateRoomParams,
    result: v.object({ room: RoomSnapshot, unapplied: v.array(UnappliedSetting) }),
  },
  /** Invitations waiting for an answer. */
  'invitation.list': { params: v.object({}), result: v.array(RoomInvitation) },
  /** Accepts (enters the room under `nick`) or declines an invitation. */
  'invitation.answer': {
    params: v.object({ id: NonEmpty(200), accept: v.boolean(), nick: v.optional(Nick) }),
    result: v.nullable(RoomSnapshot),
  },
} as const satisfies Record<string, RequestSpec>;

export const roomEvents = {
  /** A room's state changed (entering, joined, subject, our role, put out). */
  'room.changed': RoomSnapshot,
  /** We left a room (it is no longer listed). */
  'room.removed': RoomRef,
  /** Who is in a room: what changed since the last event. */
  'room.occupants': OccupantsDelta,
  /** A group being created reached a step (room.create). */
  'room.creation': RoomCreationProgress,
  /** The invitations waiting for an answer. */
  'invitations.replaced': v.object({ invitations: v.array(RoomInvitation) }),
} as const satisfies Record<string, v.GenericSchema>;
