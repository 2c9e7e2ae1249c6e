/**
 * How the events of one batch enter the chat slice, in time proportional to what changed rather
 * than to what is loaded: a flood's batch of 300 messages for one conversation copies its array
 * once and appends, instead of scanning and copying the whole array 300 times; a state change
 * (sent → delivered) is found from the end, where recent messages are; the conversations of a
 * batch cost one copy of the map, and the unread total follows by difference.
 *
 * One fact of the main process makes scanning from the end enough: a stored message keeps its
 * sentAt for good (updates change state, body, editedAt, never the time), and a thread is in
 * sentAt order, so a message already in the list is never before the first one older than it.
 */
import type { Conversation, Message } from '../../shared/contract';
import { convKey } from './chat.selectors';

/** The part of a conversation's history a thread holds (see Thread in chat.slice.ts). */
export interface LoadedWindow {
  readonly messages: readonly Message[];
  /** Cursor for older pages; undefined when the start of history is loaded. */
  readonly olderCursor: string | undefined;
  /** True when the window ends before the present (opened around a search hit). */
  readonly hasNewer: boolean;
}

export interface MergeResult {
  /** The new list: the same array when nothing changed. */
  readonly messages: readonly Message[];
  /** Messages of the batch that were not in the list (inserted or left outside the window). */
  readonly fresh: readonly Message[];
}

/** Where `message` is in `list` (by id) or would go (after those of the same time), from the end. */
function locate(list: readonly Message[], message: Message): { found: boolean; at: number } {
  let at = list.length;
  for (let i = list.length - 1; i >= 0; i -= 1) {
    const other = list[i]!;
    if (other.sentAt < message.sentAt) break;
    if (other.id === message.id) return { found: true, at: i };
    if (other.sentAt > message.sentAt) at = i;
  }
  return { found: false, at };
}

export interface MergeOptions {
  /**
   * Leave messages already in the list as they are. For a request's result (the message a send
   * stored): the events sent before it brought the same message, maybe in a later state (sent,
   * delivered) that the result must not undo; it only fills in when no event did.
   */
  readonly keepKnown?: boolean;
}

/**
 * Merges a batch of messages (in arrival order) into a window, oldest first, with at most one
 * copy of the array. Known messages are replaced in place. New ones go in time order (ties keep
 * arrival order), except where the window does not reach: older than its first message while
 * older history is not loaded, or newer than its last while it ends before the present. Those
 * come with the pages that cover them.
 */
export function mergeMessages(
  loaded: LoadedWindow,
  batch: readonly Message[],
  options: MergeOptions = {},
): MergeResult {
  const list = loaded.messages;
  let out: Message[] | null = null;
  const fresh: Message[] = [];
  for (const message of batch) {
    const current = out ?? list;
    const { found, at } = locate(current, message);
    if (found && options.keepKnown) continue;
    if (!found) {
      fresh.push(message);
      const first = current[0];
      const last = current[current.length - 1];
      if (first && loaded.olderCursor !== undefined && message.sentAt < first.sentAt) continue;
      if (last && loaded.hasNewer && message.sentAt > last.sentAt) continue;
    }
    out ??= list.slice();
    if (found) out[at] = message;
    else if (at === out.length) out.push(message);
    else out.splice(at, 0, message);
  }
  return { messages: out ?? list, fresh };
}

/**
 * A loaded page (oldest first) merged into a window. An older page goes before the window (one
 * copy; only its messages of the same time as the window's first need the general merge). The
 * newest page replaces the window, but keeps what events brought after the page was read: the
 * host sends those events before the page itself.
 */
export function mergePage(
  list: readonly Message[],
  page: readonly Message[],
  older: boolean,
): readonly Message[] {
  const open = { olderCursor: undefined, hasNewer: false };
  if (!older) {
    const last = page[page.length - 1];
    let from = list.length;
    while (from > 0 && (!last || list[from - 1]!.sentAt > last.sentAt)) from -= 1;
    return mergeMessages({ messages: page, ...open }, list.slice(from)).messages;
  }
  const first = list[0];
  let split = 0;
  while (split < page.length && (!first || page[split]!.sentAt < first.sentAt)) split += 1;
  const joined = split === 0 ? list : [...page.slice(0, split), ...list];
  return split === page.length
    ? joined
    : mergeMessages({ messages: joined, ...open }, page.slice(split)).messages;
}

/** What a batch of message events changes in the chat slice. */
export interface MessagesPatch<T extends LoadedWindow> {
  readonly threads: Readonly<Record<string, T>>;
  /** The newest new incoming message of each conversation the batch touched (for notifying). */
  readonly incoming: readonly Message[];
}

/**
 * Applies message events to the loaded threads: grouped by conversation, each thread merged once,
 * the threads map copied once. Conversations that are not loaded only feed `incoming`.
 */
export function upsertIntoThreads<T extends LoadedWindow>(
  threads: Readonly<Record<string, T>>,
  batch: readonly Message[],
  options: MergeOptions = {},
): MessagesPatch<T> {
  const groups = new Map<string, Message[]>();
  for (const message of batch) {
    const key = convKey(message.accountId, message.peer);
    const group = groups.get(key);
    if (group) group.push(message);
    else groups.set(key, [message]);
  }
  let next: Record<string, T> | null = null;
  const incoming: Message[] = [];
  for (const [key, group] of groups) {
    const thread = threads[key];
    let fresh: readonly Message[] = group;
    if (thread) {
      const merged = mergeMessages(thread, group, options);
      fresh = merged.fresh;
      if (merged.messages !== thread.messages) {
        next ??= { ...threads };
        next[key] = { ...thread, messages: merged.messages };
      }
    }
    let newest: Message | undefined;
    for (const message of fresh) {
      // A correction of a message we never saw is not news.
      if (message.direction !== 'in' || message.editedAt) continue;
      if (!newest || message.sentAt >= newest.sentAt) newest = message;
    }
    if (newest) incoming.push(newest);
  }
  return { threads: next ?? threads, incoming };
}

/**
 * Applies conversation snapshots (a later one of the same conversation wins) with one copy of the
 * map, and moves the unread total by the difference.
 */
export function upsertConversations(
  conversations: Readonly<Record<string, Conversation>>,
  unreadTotal: number,
  batch: readonly Conversation[],
): { conversations: Readonly<Record<string, Conversation>>; unreadTotal: number } {
  if (batch.length === 0) return { conversations, unreadTotal };
  const next = { ...conversations };
  let total = unreadTotal;
  for (const conversation of batch) {
    const key = convKey(conversation.accountId, conversation.peer);
    total += conversation.unread - (next[key]?.unread ?? 0);
    next[key] = conversation;
  }
  return { conversations: next, unreadTotal: total };
}

/** The unread total of a whole list (when the list is loaded anew). */
export function unreadOf(conversations: Readonly<Record<string, Conversation>>): number {
  let total = 0;
  for (const conversation of Object.values(conversations)) total += conversation.unread;
  return total;
}
