/**
 * The pure parts of the sidebar: the keys of a list, the Chats list as data (newest first, names
 * by kind, filters), conversation names by kind and the relative time beside each conversation.
 */
import { describe, expect, it } from 'vitest';
import type { Contact, Conversation, Message } from '../../../shared/contract';
import { chatEntries } from '../../../renderer/features/chats/chatEntries';
import { conversationName, roomName } from '../../../renderer/features/chats/conversationName';
import { listMove } from '../../../renderer/features/chats/listNavigation';
import { relativeTime } from '../../../renderer/features/chats/relativeTime';
import { convKey } from '../../../renderer/store/chat.selectors';

describe('listMove', () => {
  it('moves down and up within the list, starting from either end', () => {
    expect(listMove('ArrowDown', -1, 5)).toEqual({ to: 0 });
    expect(listMove('ArrowDown', 2, 5)).toEqual({ to: 3 });
    expect(listMove('ArrowDown', 4, 5)).toEqual({ to: 4 });
    expect(listMove('ArrowUp', -1, 5)).toEqual({ to: 4 });
    expect(listMove('ArrowUp', 0, 5)).toEqual({ to: 0 });
  });

  it('jumps with Home, End and Page Up/Down', () => {
    expect(listMove('Home', 3, 5)).toEqual({ to: 0 });
    expect(listMove('End', 0, 5)).toEqual({ to: 4 });
    expect(listMove('PageDown', 1, 50, { page: 10 })).toEqual({ to: 11 });
    expect(listMove('PageDown', 45, 50, { page: 10 })).toEqual({ to: 49 });
    expect(listMove('PageUp', 5, 50, { page: 10 })).toEqual({ to: 0 });
  });

  it('opens with Enter or Space only when an item has the focus', () => {
    expect(listMove('Enter', 2, 5)).toEqual({ open: true });
    expect(listMove(' ', 0, 5)).toEqual({ open: true });
    expect(listMove('Enter', -1, 5)).toBeNull();
  });

  it('uses Left and Right in a horizontal strip, and ignores other keys', () => {
    const strip = { orientation: 'horizontal' } as const;
    expect(listMove('ArrowRight', 0, 3, strip)).toEqual({ to: 1 });
    expect(listMove('ArrowLeft', 1, 3, strip)).toEqual({ to: 0 });
    expect(listMove('ArrowDown', 0, 3, strip)).toBeNull();
    expect(listMove('PageDown', 0, 3, strip)).toBeNull();
    expect(listMove('ArrowRight', 0, 3)).toBeNull();
    expect(listMove('a', 0, 3)).toBeNull();
    expect(listMove('ArrowDown', -1, 0)).toBeNull();
  });
});

const message = (
  c: Pick<Conversation, 'accountId' | 'kind' | 'peer'>,
  sentAt: number,
): Message => ({
  id: `${c.peer}-${sentAt}`,
  ...c,
  direction: 'in',
  body: 'hello',
  sentAt,
  state: 'received',
  via: 'live',
  private: false,
});

function conversations(
  list: Array<Omit<Conversation, 'unread' | 'lastMessage'> & { at?: number }>,
) {
  return Object.fromEntries(
    list.map(({ at, ...c }) => [
      convKey(c.accountId, c.peer),
      { ...c, unread: 0, ...(at === undefined ? {} : { lastMessage: message(c, at) }) },
    ]),
  );
}

const contact = (jid: string, name?: string): Contact => ({
  jid,
  ...(name ? { name } : {}),
  groups: [],
  subscription: 'both',
  pending: false,
  presence: { show: 'offline' },
});

describe('chatEntries', () => {
  const all = conversations([
    { accountId: 'a@x', kind: 'chat', peer: 'bob@x', at: 100 },
    { accountId: 'b@x', kind: 'room', peer: 'lounge@rooms.x', at: 300 },
    { accountId: 'a@x', kind: 'occupant', peer: 'lounge@rooms.x/Wang Fang', at: 200 },
    { accountId: 'a@x', kind: 'chat', peer: 'new@x' },
    { accountId: 'gone@x', kind: 'chat', peer: 'old@x', at: 999 },
  ]);
  const rosters = { 'a@x': [contact('bob@x', 'Bob Builder')] };

  it('lists the shown accounts newest first, without a last message last', () => {
    const entries = chatEntries(all, rosters, ['a@x', 'b@x'], null, '');
    expect(entries.map((e) => e.conversation.peer)).toEqual([
      'lounge@rooms.x',
      'lounge@rooms.x/Wang Fang',
      'bob@x',
      'new@x',
    ]);
  });

  it('names each kind: roster name, room local part, nickname with its room', () => {
    const names = Object.fromEntries(
      chatEntries(all, rosters, ['a@x', 'b@x'], null, '').map((e) => [e.conversation.peer, e.name]),
    );
    expect(names['bob@x']).toEqual({ name: 'Bob Builder' });
    expect(names['new@x']).toEqual({ name: 'new@x' });
    expect(names['lounge@rooms.x']).toEqual({ name: 'lounge' });
    expect(names['lounge@rooms.x/Wang Fang']).toEqual({ name: 'Wang Fang', room: 'lounge' });
  });

  it('filters by account and by name, address or room', () => {
    const peers = (filter: string | null, query: string) =>
      chatEntries(all, rosters, ['a@x', 'b@x'], filter, query).map((e) => e.conversation.peer);
    expect(peers('b@x', '')).toEqual(['lounge@rooms.x']);
    expect(peers(null, 'builder')).toEqual(['bob@x']);
    expect(peers(null, 'BOB@')).toEqual(['bob@x']);
    expect(peers(null, 'wang')).toEqual(['lounge@rooms.x/Wang Fang']);
    expect(peers('a@x', 'lounge')).toEqual(['lounge@rooms.x/Wang Fang']);
    expect(peers(null, 'nobody')).toEqual([]);
  });

  it('keeps the entry of an unchanged conversation, so its row need not render again', () => {
    const first = chatEntries(all, rosters, ['a@x', 'b@x'], null, '');
    const bobKey = convKey('a@x', 'bob@x');
    const changed = { ...all, [bobKey]: { ...all[bobKey]!, unread: 3 } };
    const second = chatEntries(changed, rosters, ['a@x', 'b@x'], null, '');
    const byPeer = (list: typeof first, peer: string) =>
      list.find((e) => e.conversation.peer === peer);
    expect(byPeer(second, 'lounge@rooms.x')).toBe(byPeer(first, 'lounge@rooms.x'));
    expect(byPeer(second, 'bob@x')).not.toBe(byPeer(first, 'bob@x'));
    // A roster rename gives the conversation a new entry, with the new name.
    const renamed = { 'a@x': [contact('bob@x', 'Robert')] };
    expect(byPeer(chatEntries(changed, renamed, ['a@x'], null, ''), 'bob@x')?.name).toEqual({
      name: 'Robert',
    });
  });

  it('orders a thousand conversations in one pass and one sort', () => {
    const many = conversations(
      Array.from({ length: 1000 }, (_, i) => ({
        accountId: 'a@x',
        kind: 'chat' as const,
        peer: `p${i}@x`,
        at: (i * 7919) % 1000,
      })),
    );
    const times = chatEntries(many, {}, ['a@x'], null, '').map(
      (e) => e.conversation.lastMessage?.sentAt ?? 0,
    );
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(times).toHaveLength(1000);
  });
});

describe('conversationName', () => {
  it('falls back to the address and keeps an occupant apart from a contact', () => {
    expect(conversationName(undefined, 'chat', 'bob@x')).toEqual({ name: 'bob@x' });
    expect(conversationName([contact('bob@x', '  ')], 'chat', 'bob@x')).toEqual({ name: 'bob@x' });
    // An occupant named like a contact is still the occupant, through its room.
    expect(conversationName([contact('bob@x', 'Bob')], 'occupant', 'r@m/Bob')).toEqual({
      name: 'Bob',
      room: 'r',
    });
    expect(conversationName(undefined, 'occupant', 'not-an-occupant')).toEqual({
      name: 'not-an-occupant',
    });
    expect(roomName('rooms.example')).toBe('rooms.example');
  });
});

describe('relativeTime', () => {
  // Noon on Wednesday 2026-12-02, local time.
  const now = new Date(2026, 11, 2, 12, 0).getTime();
  const at = (days: number, hours = 0) => now - days * 86_400_000 - hours * 3_600_000;

  it('shows the time today, "Yesterday", the weekday this week, else the date', () => {
    expect(relativeTime(at(0, 3), 'en-US', 'Yesterday', now)).toBe('9:00 AM');
    expect(relativeTime(at(1), 'en-US', 'Yesterday', now)).toBe('Yesterday');
    expect(relativeTime(at(3), 'en-US', 'Yesterday', now)).toBe('Sun');
    expect(relativeTime(at(10), 'en-US', 'Yesterday', now)).toBe('Nov 22');
    expect(relativeTime(new Date(2025, 5, 1).getTime(), 'en-US', 'Yesterday', now)).toBe(
      'Jun 1, 2025',
    );
    expect(relativeTime(at(3), 'zh-CN', '昨天', now)).toBe('周日');
  });

  it('shows a time, not a date, for a stamp slightly in the future', () => {
    expect(relativeTime(now + 60_000, 'en-US', 'Yesterday', now)).toBe('12:01 PM');
  });
});
