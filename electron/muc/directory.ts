/**
 * Finding group chats (XEP-0045 §6) by service discovery, never by an address the user types
 * in: the account server's group-chat services (identity conference/text offering the MUC
 * feature), the public rooms a service lists, and what a room says of itself (its disco#info:
 * features such as muc_passwordprotected, and the muc#roominfo form of XEP-0045 §15.5.4).
 * Everything comes from the network and passed the disco limits; numbers that are not numbers
 * are left out rather than guessed.
 */
import { NS } from '../../shared/namespaces';
import type { DiscoInfo, DiscoService } from '../disco';

export interface GroupChatService {
  readonly jid: string;
  readonly name?: string;
}

export interface RoomListing {
  readonly jid: string;
  readonly name?: string;
}

/** Who can see the occupants' real addresses (XEP-0045 §4.1). */
export type RoomAnonymity = 'non-anonymous' | 'semi-anonymous' | 'unknown';

export interface RoomInfo {
  readonly jid: string;
  readonly name?: string;
  readonly description?: string;
  readonly subject?: string;
  readonly occupants?: number;
  readonly language?: string;
  readonly anonymity: RoomAnonymity;
  readonly passwordProtected: boolean;
  readonly membersOnly: boolean;
  readonly moderated: boolean;
  readonly persistent: boolean;
  /** Whether the room archives its messages (XEP-0313), so history can be fetched. */
  readonly archived: boolean;
}

/** The account server's group-chat services, in the order the server lists them. */
export async function groupChatServices(disco: DiscoService): Promise<GroupChatService[]> {
  const found = await disco.findServices({ category: 'conference', type: 'text' });
  return found
    .filter((service) => service.info.features.includes(NS.muc))
    .map(({ jid, info, name }) => {
      const label = name ?? info.identities.find((i) => i.category === 'conference')?.name;
      return { jid, ...(label !== undefined && { name: label }) };
    });
}

/** The rooms a service lists (public ones: a service lists no hidden room). */
export async function listedRooms(disco: DiscoService, service: string): Promise<RoomListing[]> {
  const items = await disco.items(service);
  return items
    .filter((item) => item.node === undefined)
    .map(({ jid, name }) => ({ jid, ...(name !== undefined && { name }) }));
}

/** What a room says of itself; `fresh` asks again (occupant counts change). */
export async function roomInfo(
  disco: DiscoService,
  room: string,
  options: { fresh?: boolean } = {},
): Promise<RoomInfo> {
  return toRoomInfo(room, await disco.info(room, undefined, options));
}

export function toRoomInfo(room: string, info: DiscoInfo): RoomInfo {
  const has = (feature: string) => info.features.includes(feature);
  const form = info.forms.find((f) => f.formType === NS.mucRoomInfo);
  const value = (name: string): string | undefined => {
    const text = form?.fields.find((f) => f.var === name)?.values[0];
    return text === undefined || text === '' ? undefined : text;
  };
  const name = info.identities.find((i) => i.category === 'conference')?.name;
  const description = value('muc#roominfo_description');
  const subject = value('muc#roominfo_subject');
  const language = value('muc#roominfo_lang');
  const count = value('muc#roominfo_occupants');
  const occupants = count !== undefined && /^\d{1,9}$/.test(count) ? Number(count) : undefined;
  return {
    jid: room,
    ...(name !== undefined && name !== '' && { name }),
    ...(description !== undefined && { description }),
    ...(subject !== undefined && { subject }),
    ...(occupants !== undefined && { occupants }),
    ...(language !== undefined && { language }),
    anonymity: has('muc_nonanonymous')
      ? 'non-anonymous'
      : has('muc_semianonymous')
        ? 'semi-anonymous'
        : 'unknown',
    passwordProtected: has('muc_passwordprotected'),
    membersOnly: has('muc_membersonly'),
    moderated: has('muc_moderated'),
    persistent: has('muc_persistent'),
    archived: has(NS.mam),
  };
}

/** Case-insensitive filter over a room list's address, name and description (when known). */
export function filterRooms<T extends RoomListing & { description?: string }>(
  rooms: readonly T[],
  text: string,
): T[] {
  const words = text.toLocaleLowerCase().split(/\s+/u).filter(Boolean);
  if (!words.length) return [...rooms];
  return rooms.filter((room) => {
    const haystack = [room.jid, room.name ?? '', room.description ?? '']
      .join('\n')
      .toLocaleLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}
