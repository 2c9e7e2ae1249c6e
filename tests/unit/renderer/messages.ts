/** Messages for the renderer tests: message n of alice's conversation with bob, n seconds in. */
import type { Conversation, Message } from '../../../shared/contract';

export const ALICE = 'alice@example.org';
export const BOB = 'bob@example.org';
export const T0 = Date.UTC(2026, 11, 1, 9);

export function msg(n: number, patch: Partial<Message> = {}): Message {
  return {
    id: `m${n}`,
    accountId: ALICE,
    kind: 'chat',
    peer: BOB,
    direction: 'in',
    body: `message ${n}`,
    sentAt: T0 + n * 1000,
    state: 'received',
    via: 'live',
    private: false,
    ...patch,
  };
}

export function conversation(peer: string, unread: number, last?: Message): Conversation {
  return {
    accountId: ALICE,
    kind: 'chat',
    peer,
    unread,
    ...(last ? { lastMessage: last } : {}),
  };
}
