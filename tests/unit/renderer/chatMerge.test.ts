/**
 * Merging a batch of events into the chat slice: the result (order, replacement by id, windows
 * that do not reach the present or the start), and the cost, counted as reads of the loaded array:
 * a batch of new messages costs one copy plus a few reads from the end, not a scan per message.
 */
import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../../shared/contract';
import {
  mergeMessages,
  mergePage,
  upsertConversations,
  upsertIntoThreads,
  type LoadedWindow,
} from '../../../renderer/store/chat.merge';
import { convKey } from '../../../renderer/store/chat.selectors';
import { msg, T0 } from './messages';

const open = (messages: readonly Message[]): LoadedWindow => ({
  messages,
  olderCursor: undefined,
  hasNewer: false,
});
const ids = (list: readonly Message[]) => list.map((m) => m.id);
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => msg(from + i));

/** An array that counts how many of its elements are read (the cost of a merge). */
function counted(list: readonly Message[]): { list: readonly Message[]; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(list as Message[], {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads += 1;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { list: proxy, reads: () => reads };
}

describe('mergeMessages', () => {
  it('appends newer messages in order and replaces known ones in place', () => {
    const list = range(1, 5);
    const delivered = { ...msg(4), state: 'read' as const };
    const { messages, fresh } = mergeMessages(open(list), [msg(6), delivered, msg(7)]);
    expect(ids(messages)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
    expect(messages[3]).toBe(delivered);
    expect(ids(fresh)).toEqual(['m6', 'm7']);
    expect(ids(list)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('puts a late message in time order; same time keeps arrival order', () => {
    const list = range(1, 3);
    const late = msg(2, { id: 'late', sentAt: msg(2).sentAt + 1 });
    const tie = msg(3, { id: 'tie' });
    expect(ids(mergeMessages(open(list), [late, tie]).messages)).toEqual([
      'm1',
      'm2',
      'late',
      'm3',
      'tie',
    ]);
  });

  it('returns the same array when nothing changes', () => {
    const list = range(1, 3);
    expect(mergeMessages(open(list), []).messages).toBe(list);
    expect(mergeMessages(open(list), [msg(2)], { keepKnown: true }).messages).toBe(list);
  });

  it('keepKnown fills in a missing message but never undoes a later state', () => {
    const sent = msg(3, { direction: 'out', state: 'sent' });
    const list = [...range(1, 2), sent];
    const pending = msg(3, { direction: 'out', state: 'pending' });
    expect(mergeMessages(open(list), [pending], { keepKnown: true }).messages[2]).toBe(sent);
    const missing = mergeMessages(open(range(1, 2)), [pending], { keepKnown: true });
    expect(missing.messages[2]).toBe(pending);
  });

  it('leaves out what the window does not reach, and reports it as fresh', () => {
    const list = range(10, 12);
    const older = { messages: list, olderCursor: 'c', hasNewer: false };
    const before = mergeMessages(older, [msg(5), msg(13)]);
    expect(ids(before.messages)).toEqual(['m10', 'm11', 'm12', 'm13']);
    expect(ids(before.fresh)).toEqual(['m5', 'm13']);
    const aroundHit = { messages: list, olderCursor: undefined, hasNewer: true };
    const after = mergeMessages(aroundHit, [msg(13), { ...msg(11), state: 'read' as const }]);
    expect(ids(after.messages)).toEqual(['m10', 'm11', 'm12']);
    expect(after.messages[1]?.state).toBe('read');
  });

  it('costs one copy and a few reads from the end for a batch of new messages', () => {
    const { list, reads } = counted(range(1, 10_000));
    const batch = range(10_001, 10_300);
    const { messages } = mergeMessages(open(list), batch);
    expect(messages).toHaveLength(10_300);
    // One copy (10,000 reads) and, per new message, a look at the tail. A scan of the whole
    // array per message would be 300 × 10,000 reads.
    expect(reads()).toBeLessThan(10_000 + 4 * 300);
  });

  it('finds a state change from the end', () => {
    const { list, reads } = counted(range(1, 10_000));
    const { messages } = mergeMessages(open(list), [{ ...msg(9_990), state: 'read' }]);
    expect(messages[9_989]?.state).toBe('read');
    expect(reads()).toBeLessThan(10_000 + 20);
  });
});

describe('mergePage', () => {
  it('the newest page replaces the window but keeps what events brought after it', () => {
    const window = [...range(1, 3), msg(20), msg(21)];
    const page = range(15, 20);
    expect(ids(mergePage(window, page, false))).toEqual([
      'm15',
      'm16',
      'm17',
      'm18',
      'm19',
      'm20',
      'm21',
    ]);
    expect(ids(mergePage([msg(1)], [], false))).toEqual(['m1']);
  });

  it('an older page goes before the window, without duplicates at the seam', () => {
    const window = range(10, 12);
    expect(ids(mergePage(window, range(7, 9), true))).toEqual(ids(range(7, 12)));
    expect(ids(mergePage(window, range(8, 10), true))).toEqual(ids(range(8, 12)));
  });
});

describe('upsertIntoThreads', () => {
  const carol = (n: number, patch: Partial<Message> = {}) =>
    msg(n, { peer: 'carol@example.org', id: `c${n}`, ...patch });

  it('merges each conversation once and copies the threads map once', () => {
    const bobKey = convKey('alice@example.org', 'bob@example.org');
    const threads = { [bobKey]: { ...open(range(1, 2)), loading: false } };
    const patch = upsertIntoThreads(threads, [msg(3), carol(1), msg(4)]);
    expect(Object.keys(patch.threads)).toEqual([bobKey]);
    expect(ids(patch.threads[bobKey]!.messages)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(patch.threads[bobKey]!.loading).toBe(false);
  });

  it('names the newest new incoming message of each conversation, once', () => {
    const bobKey = convKey('alice@example.org', 'bob@example.org');
    const threads = { [bobKey]: open(range(1, 2)) };
    const { incoming } = upsertIntoThreads(threads, [
      msg(3),
      msg(5),
      msg(4),
      { ...msg(2), state: 'read' },
      msg(6, { direction: 'out', state: 'pending' }),
      carol(1),
      carol(2, { editedAt: T0 }),
    ]);
    expect(ids(incoming)).toEqual(['m5', 'c1']);
    expect(upsertIntoThreads(threads, [{ ...msg(2), state: 'read' }]).incoming).toEqual([]);
  });
});

describe('upsertConversations', () => {
  const conv = (peer: string, unread: number): Conversation => ({
    accountId: 'alice@example.org',
    kind: 'chat',
    peer,
    unread,
  });

  it('keeps the unread total by difference; the last snapshot of a conversation wins', () => {
    const start = upsertConversations({}, 0, [conv('bob@x', 2), conv('carol@x', 1)]);
    expect(start.unreadTotal).toBe(3);
    const next = upsertConversations(start.conversations, start.unreadTotal, [
      conv('bob@x', 3),
      conv('bob@x', 0),
      conv('dave@x', 4),
    ]);
    expect(next.unreadTotal).toBe(5);
    expect(Object.keys(next.conversations)).toHaveLength(3);
    expect(upsertConversations(next.conversations, 5, []).conversations).toBe(next.conversations);
  });
});
