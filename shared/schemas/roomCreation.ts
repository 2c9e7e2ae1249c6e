/** Creating a group (issue 9, point 4): its kind, the address check, progress and the result. */
import * as v from 'valibot';
import { JidText, NonEmpty, Text } from './common';

/**
 * What kind of group: who finds it and who may enter (mapped onto the service's own room
 * configuration by electron/muc/roomKindConfig.ts).
 */
export const GroupKind = v.picklist(['public', 'members-only', 'private']);
export type GroupKind = v.InferOutput<typeof GroupKind>;

export const CheckAddressParams = v.object({
  accountId: JidText,
  service: JidText,
  /** The local part the user chose (checked again in main: shared/groupAddress.ts). */
  local: Text(200),
});

export const AddressAvailability = v.object({
  /** The full address checked (empty when the local part is invalid). */
  room: v.string(),
  availability: v.picklist(['free', 'taken', 'invalid']),
});
export type AddressAvailability = v.InferOutput<typeof AddressAvailability>;

export const CreateRoomParams = v.object({
  accountId: JidText,
  service: JidText,
  local: Text(200),
  name: NonEmpty(200),
  description: Text(2000),
  kind: GroupKind,
  /** Our nickname in the new group (default: the account's local part). */
  nick: v.optional(NonEmpty(200)),
});
export type CreateRoomParams = v.InferOutput<typeof CreateRoomParams>;

/**
 * Settings of the kind the service's form did not offer (or did not keep): the group exists,
 * but the user is told, e.g. that the service lists every group regardless.
 */
export const UnappliedSetting = v.picklist([
  'name',
  'description',
  'listing',
  'membership',
  'addresses',
  'invitations',
]);
export type UnappliedSetting = v.InferOutput<typeof UnappliedSetting>;

/** Where a creation is: the wizard shows it as it goes. */
export const CreationStep = v.picklist([
  'checking',
  'entering',
  'configuring',
  'verifying',
  'opening',
  'removing',
]);
export type CreationStep = v.InferOutput<typeof CreationStep>;

export const RoomCreationProgress = v.object({
  accountId: v.string(),
  room: v.string(),
  step: CreationStep,
});
export type RoomCreationProgress = v.InferOutput<typeof RoomCreationProgress>;
