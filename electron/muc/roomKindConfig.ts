/**
 * A group's kind as the service's own configuration form (XEP-0045 §10.1.3, muc#roomconfig):
 * which fields to set to what, from the fields that form really has. Pure.
 *
 *   kind          listed (publicroom)  members only  real addresses (whois)  members invite
 *   public        yes                  no            moderators             –
 *   members-only  yes                  yes           moderators             no
 *   private       no                   yes           anyone                 yes
 *
 * Every kind is persistent: a group outlives its last occupant. Some settings are essential
 * (without them the group would be more open than asked, or vanish when empty): persistence,
 * members-only for the two closed kinds, and being hidden for a private group. When the form
 * lacks one of those, or the room does not report it afterwards, the group is not kept
 * (roomCreation.ts removes it). The others (name, description, listing of an open group,
 * address visibility, invitations) are applied where offered and reported otherwise.
 */
import type { DataForm, FormField, FormValues } from '../../shared/dataforms';
import type { GroupKind, UnappliedSetting } from '../../shared/contract';
import type { RoomInfo } from './directory';

const F = {
  name: 'muc#roomconfig_roomname',
  description: 'muc#roomconfig_roomdesc',
  persistent: 'muc#roomconfig_persistentroom',
  listed: 'muc#roomconfig_publicroom',
  membersOnly: 'muc#roomconfig_membersonly',
  whois: 'muc#roomconfig_whois',
  password: 'muc#roomconfig_passwordprotectedroom',
  invites: 'muc#roomconfig_allowinvites',
  /** Prosody's own name for "members may invite" in a members-only room. */
  memberInvites: '{http://prosody.im/protocol/muc}roomconfig_allowmemberinvites',
} as const;

export interface GroupDetails {
  readonly name: string;
  readonly description: string;
  readonly kind: GroupKind;
}

/** Essential settings that could not be applied, by what they mean. */
export type EssentialSetting = 'persistence' | 'membership' | 'hidden';

export interface KindConfig {
  /** Values for the form's fields (submissionOf keeps the form's own for the rest). */
  readonly values: FormValues;
  readonly missingEssential: readonly EssentialSetting[];
  readonly unapplied: readonly UnappliedSetting[];
}

const bool = (on: boolean) => [on ? '1' : '0'];

/** The values that make `form` configure a group of these details. */
export function kindConfig(form: DataForm, details: GroupDetails): KindConfig {
  const byVar = new Map(form.fields.flatMap((f) => (f.var ? [[f.var, f] as const] : [])));
  const values: Record<string, readonly string[]> = {};
  const missingEssential: EssentialSetting[] = [];
  const unapplied: UnappliedSetting[] = [];
  const closed = details.kind !== 'public';
  const listed = details.kind !== 'private';

  const set = (name: string, value: readonly string[]): boolean => {
    const field = byVar.get(name);
    if (!field || !accepts(field, value)) return false;
    values[name] = value;
    return true;
  };

  if (!set(F.name, [details.name])) unapplied.push('name');
  if (details.description !== '' && !set(F.description, [details.description]))
    unapplied.push('description');
  if (!set(F.persistent, bool(true))) missingEssential.push('persistence');
  if (!set(F.membersOnly, bool(closed))) {
    if (closed) missingEssential.push('membership');
    else unapplied.push('membership');
  }
  if (!set(F.listed, bool(listed))) {
    if (listed) unapplied.push('listing');
    else missingEssential.push('hidden');
  }
  if (!set(F.whois, [details.kind === 'private' ? 'anyone' : 'moderators'])) {
    unapplied.push('addresses');
  }
  // No password: who may enter is decided by membership, not by a shared secret.
  set(F.password, bool(false));
  if (closed) {
    const invites = bool(details.kind === 'private');
    if (!set(F.invites, invites) && !set(F.memberInvites, invites)) unapplied.push('invitations');
  }
  return { values, missingEssential, unapplied };
}

/** Whether a field can take this value: a boolean takes 0/1, a list only its options. */
function accepts(field: FormField, value: readonly string[]): boolean {
  if (field.type === 'fixed' || field.type === 'hidden') return false;
  if (field.type === 'boolean') return true;
  if (field.type === 'list-single' || field.type === 'list-multi') {
    return value.every((v) => field.options.some((o) => o.value === v));
  }
  return true;
}

/**
 * What the room says of itself after configuration, against the kind: essential settings it
 * does not report make the group unusable as asked; a listing it does not report is only told.
 */
export function kindMismatch(
  info: Pick<RoomInfo, 'persistent' | 'membersOnly'> & { readonly hidden?: boolean },
  kind: GroupKind,
): { readonly essential: readonly EssentialSetting[]; readonly listing: boolean } {
  const essential: EssentialSetting[] = [];
  if (!info.persistent) essential.push('persistence');
  if (info.membersOnly !== (kind !== 'public')) essential.push('membership');
  // The room's hidden state is only known when it lists muc_hidden or muc_public.
  if (kind === 'private' && info.hidden === false) essential.push('hidden');
  return { essential, listing: kind !== 'private' && info.hidden === true };
}
