/**
 * "Typing" is forgotten when the account goes offline: after a reconnection the chat state that
 * would have ended it may never come, and a contact stayed "typing…" for ever.
 */
import { describe, expect, it } from 'vitest';
import type { AccountSnapshot } from '../../../shared/contract';
import { createAppStore } from '../../../renderer/store';
import { convKey } from '../../../renderer/store/chat.selectors';
import { fakeApi } from './fakeApi';

const ALICE = 'alice@example.org';
const CAROL = 'carol@example.org';

const snapshot = (accountId: string, status: AccountSnapshot['status']): AccountSnapshot => ({
  accountId,
  jid: accountId,
  status,
  saved: true,
  settings: { tls: 'starttls', proxy: { type: 'none' } } as AccountSnapshot['settings'],
  presence: { show: 'available' },
});

describe('typing across a reconnection', () => {
  it('forgets who was typing on an account that goes offline, and only there', () => {
    const store = createAppStore(fakeApi());
    const s = () => store.getState();
    s().accountChanged(snapshot(ALICE, 'online'));
    s().accountChanged(snapshot(CAROL, 'online'));
    s().peerStateChanged(ALICE, 'bob@example.org', 'composing');
    s().peerStateChanged(CAROL, 'dan@example.org', 'composing');
    s().roomTypingChanged(ALICE, 'lounge@rooms.example.org', 'Eve', 'composing');
    s().accountChanged(snapshot(ALICE, 'online'));
    expect(s().peerStates[convKey(ALICE, 'bob@example.org')]).toBe('composing');

    s().accountChanged(snapshot(ALICE, 'offline'));
    expect(s().peerStates[convKey(ALICE, 'bob@example.org')]).toBeUndefined();
    expect(s().roomTyping[convKey(ALICE, 'lounge@rooms.example.org')]).toBeUndefined();
    expect(s().peerStates[convKey(CAROL, 'dan@example.org')]).toBe('composing');
  });
});
