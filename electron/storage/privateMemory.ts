/**
 * Private (OTR) conversations kept in memory only, unless the user chose to keep them on disk
 * for that contact: what pidgin-otr users expect (nothing of a private conversation survives on
 * the computer), and what a private conversation's no-permanent-store hint asks of the server.
 *
 * The chat core sees one message store. Behind it are two complete stores with the same schema:
 * the database file, and a SQLite database in memory. A message goes to memory when it is
 * private and its contact is not kept; everything that reads (history pages, the Chats list, the
 * outbox, receipts, corrections) reads both; the archive's bookkeeping, search and preferences
 * are the disk's alone (private messages are never archived nor indexed). Deleting rows after
 * the fact would still have written the text to the file and its WAL.
 */
import type Database from 'better-sqlite3';
import type { Conversation } from '../../shared/contract';
import { guarded } from './errors';
import { historyPage } from './history';
import type { MessageStore, MessageStoreExtras, NewMessage } from './types';

type Store = MessageStore & MessageStoreExtras;

export interface PrivateMemoryParts {
  readonly disk: { readonly store: Store; readonly db: Database.Database };
  readonly memory: { readonly store: Store; readonly db: Database.Database };
  /** Whether the user keeps private conversations with this contact on disk. */
  readonly keeps: (accountId: string, peer: string) => boolean;
}

export function withPrivateMemory({ disk, memory, keeps }: PrivateMemoryParts): Store {
  const inMemory = (message: NewMessage) =>
    message.private && !keeps(message.accountId, message.peer);
  /** The store holding a message, by id (memory first: it is small). */
  const holder = (id: string) => (memory.store.get(id) ? memory.store : disk.store);

  return {
    ...disk.store,
    insert: (message) => (inMemory(message) ? memory : disk).store.insert(message),
    insertMany(messages) {
      // In runs of one store at a time, in the order given (arrival order is seq order). The
      // archive never holds private messages, so a catch-up is one run: one disk transaction.
      const results: ReturnType<Store['insertMany']> = [];
      for (let start = 0; start < messages.length;) {
        const target = inMemory(messages[start]!);
        let end = start + 1;
        while (end < messages.length && inMemory(messages[end]!) === target) end += 1;
        results.push(...(target ? memory : disk).store.insertMany(messages.slice(start, end)));
        start = end;
      }
      return results;
    },
    update: (id, patch) => holder(id).update(id, patch),
    get: (id) => memory.store.get(id) ?? disk.store.get(id),
    findByXmppId: (accountId, peer, xmppId) =>
      memory.store.findByXmppId(accountId, peer, xmppId) ??
      disk.store.findByXmppId(accountId, peer, xmppId),
    page: (accountId, peer, options) =>
      guarded('read history', () => historyPage([disk.db, memory.db], accountId, peer, options)),
    outbox: (accountId) =>
      merge(disk.store.outbox(accountId), memory.store.outbox(accountId), (m) => m.sentAt),
    conversations: () =>
      mergeConversations([...disk.store.conversations(), ...memory.store.conversations()]),
    conversation: (accountId, peer) =>
      mergeConversations([
        disk.store.conversation(accountId, peer),
        memory.store.conversation(accountId, peer),
      ])[0]!,
    markRead: (accountId, peer) =>
      disk.store.markRead(accountId, peer) + memory.store.markRead(accountId, peer),
    addCorrection: (correction) => holder(correction.messageId).addCorrection(correction),
    corrections: (accountId) =>
      merge(
        disk.store.corrections(accountId),
        memory.store.corrections(accountId),
        (c) => c.createdAt,
      ),
    removeCorrection(id) {
      disk.store.removeCorrection(id);
      memory.store.removeCorrection(id);
    },
  };
}

/** Two lists each in its store's order as one, by time (stable: the disk's first on a tie). */
function merge<T>(disk: T[], memory: T[], at: (item: T) => number): T[] {
  if (memory.length === 0) return disk;
  return [...disk, ...memory].sort((a, b) => at(a) - at(b));
}

/**
 * One entry per conversation, newest first: a conversation with messages in both stores has the
 * unread of both and the newer last message. A conversation with nothing stored (as
 * conversation() describes one) loses to one with messages.
 */
function mergeConversations(all: readonly Conversation[]): Conversation[] {
  const byKey = new Map<string, Conversation>();
  for (const c of all) {
    const key = `${c.accountId}\0${c.peer}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, c);
      continue;
    }
    const newer =
      !seen.lastMessage ||
      (c.lastMessage !== undefined && c.lastMessage.sentAt >= seen.lastMessage.sentAt)
        ? c
        : seen;
    byKey.set(key, {
      ...newer,
      kind: newer.lastMessage ? newer.kind : seen.kind,
      unread: seen.unread + c.unread,
    });
  }
  // Stable: the disk's own order (newest first) holds among equal times.
  const at = (c: Conversation) => c.lastMessage?.sentAt ?? -1;
  return [...byKey.values()].sort((a, b) => at(b) - at(a));
}
