/**
 * What a conversation is called, by kind: a contact by their roster name (else the bare JID), a
 * room by the name it gives itself (else its JID's local part), and a private
 * conversation through a room by the occupant's nickname together with the room, so that it never
 * passes for a roster contact of the same name.
 */
import { useTranslation } from 'react-i18next';
import type { Contact, ConversationKind } from '../../../shared/contract';
import { occupantParts } from '../../../shared/conversation';
import { useAppStore } from '../../store';

export interface ConversationName {
  /** The contact's or room's name, or the occupant's nickname. */
  readonly name: string;
  /** For a private conversation through a room: the room's name. */
  readonly room?: string;
}

/** A room's short name: the local part of its JID. */
export const roomName = (jid: string): string => {
  const at = jid.indexOf('@');
  return at > 0 ? jid.slice(0, at) : jid;
};

export function conversationName(
  contacts: readonly Contact[] | undefined,
  kind: ConversationKind,
  peer: string,
  /** The room's own name, when known (room snapshots). */
  title?: string,
): ConversationName {
  if (kind === 'room') return { name: title?.trim() || roomName(peer) };
  if (kind === 'occupant') {
    const parts = occupantParts(peer);
    return parts ? { name: parts.nick, room: roomName(parts.room) } : { name: peer };
  }
  return { name: contacts?.find((c) => c.jid === peer)?.name?.trim() || peer };
}

type Translate = ReturnType<typeof useTranslation>['t'];

/** The name as one line of text: "nick (via room)" for a private conversation. */
export const conversationTitle = (t: Translate, name: ConversationName): string =>
  name.room === undefined ? name.name : t('chats.viaRoom', { nick: name.name, room: name.room });

/** The title of one conversation, following roster renames. */
export function useConversationTitle(
  accountId: string,
  kind: ConversationKind,
  peer: string,
): string {
  const { t } = useTranslation();
  // Only a contact's name comes from the store: a string, so renders follow the name alone.
  const contactName = useAppStore((s) =>
    kind === 'chat'
      ? conversationName(s.rosters[accountId], kind, peer).name
      : kind === 'room'
        ? conversationName(undefined, kind, peer, s.rooms[`${accountId}\n${peer}`]?.name).name
        : null,
  );
  return conversationTitle(
    t,
    contactName === null ? conversationName(undefined, kind, peer) : { name: contactName },
  );
}
