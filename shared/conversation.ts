/**
 * Conversations of every kind, named the same way on both sides: the key of a conversation and
 * the normal form of its peer. A one-to-one chat and a room are named by a bare JID; a private
 * conversation through a room by the occupant JID room@service/nick, whose nickname (the
 * resource) keeps its case and spaces, since it is all that tells two occupants apart.
 */
import type { ConversationKind } from './schemas/chat';
import { bareJid, formatJid, parseJid } from './jid';

/** The normal form of a conversation's peer, or null when it is malformed for its kind. */
export function conversationPeer(kind: ConversationKind, text: string): string | null {
  const jid = parseJid(text);
  if (!jid) return null;
  if (kind === 'occupant') {
    // A room has a localpart; the nickname is the resource and must be there.
    return jid.local !== '' && jid.resource !== '' ? formatJid(jid) : null;
  }
  return bareJid(jid);
}

/** The key of a conversation in maps and lists: a newline cannot occur in a JID. */
export const conversationKey = (accountId: string, peer: string): string => `${accountId}\n${peer}`;

/** The room and nickname of an occupant JID; undefined when it is not one. */
export function occupantParts(peer: string): { room: string; nick: string } | undefined {
  const slash = peer.indexOf('/');
  if (slash <= 0 || slash === peer.length - 1) return undefined;
  return { room: peer.slice(0, slash), nick: peer.slice(slash + 1) };
}
