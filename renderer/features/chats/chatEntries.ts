/**
 * The Chats list as data: the conversations of the shown accounts, newest first, with their
 * names, filtered by the search box. Pure, so the list memoizes it on the store's objects, and
 * proportional to the number of conversations (one pass and one sort).
 */
import type { Contact, Conversation, RoomSnapshot } from '../../../shared/contract';
import { conversationName, type ConversationName } from './conversationName';

export interface ChatEntry {
  readonly key: string;
  readonly conversation: Conversation;
  readonly name: ConversationName;
}

/**
 * The entry last made for each conversation snapshot: an unchanged conversation keeps its entry
 * object, so its memoized row does not re-render when another conversation changes.
 */
const made = new WeakMap<Conversation, ChatEntry>();

const sameName = (a: ConversationName, b: ConversationName): boolean =>
  a.name === b.name && a.room === b.room;

export function chatEntries(
  conversations: Readonly<Record<string, Conversation>>,
  rosters: Readonly<Record<string, readonly Contact[]>>,
  accountOrder: readonly string[],
  accountFilter: string | null,
  query: string,
  rooms: Readonly<Record<string, RoomSnapshot>> = {},
): ChatEntry[] {
  // Conversations of a removed account stay in the history, not in the list.
  const shown = new Set(accountFilter ? [accountFilter] : accountOrder);
  const q = query.trim().toLocaleLowerCase();
  // Names looked up once per account: a roster as a map rather than a scan per conversation.
  const names = new Map<string, Map<string, string>>();
  const nameIndex = (accountId: string) => {
    let index = names.get(accountId);
    if (!index) {
      index = new Map();
      for (const c of rosters[accountId] ?? []) if (c.name?.trim()) index.set(c.jid, c.name.trim());
      names.set(accountId, index);
    }
    return index;
  };
  const entries: ChatEntry[] = [];
  for (const [key, conversation] of Object.entries(conversations)) {
    const { accountId, kind, peer } = conversation;
    if (!shown.has(accountId)) continue;
    const name =
      kind === 'chat'
        ? { name: nameIndex(accountId).get(peer) ?? peer }
        : conversationName(undefined, kind, peer, rooms[key]?.name);
    if (q && !matches(name, peer, q)) continue;
    const before = made.get(conversation);
    const entry = before && sameName(before.name, name) ? before : { key, conversation, name };
    made.set(conversation, entry);
    entries.push(entry);
  }
  return entries.sort(newestFirst);
}

const matches = (name: ConversationName, peer: string, q: string): boolean =>
  name.name.toLocaleLowerCase().includes(q) ||
  peer.toLocaleLowerCase().includes(q) ||
  (name.room?.toLocaleLowerCase().includes(q) ?? false);

const newestFirst = (a: ChatEntry, b: ChatEntry): number =>
  (b.conversation.lastMessage?.sentAt ?? 0) - (a.conversation.lastMessage?.sentAt ?? 0) ||
  (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
