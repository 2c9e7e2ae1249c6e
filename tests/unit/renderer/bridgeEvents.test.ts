/**
 * Every contract event reaches its slice action through the bridge. The table below names, for
 * each event of shared/contract.ts, the action the bridge must call; a new event without an entry
 * (or with no handler in the bridge) fails here.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES, type EventMessage, type EventName } from '../../../shared/contract';
import { applyEvents } from '../../../renderer/bridge';
import { createAppStore, type AppState } from '../../../renderer/store';
import { fakeApi } from './fakeApi';

type ActionName = {
  [K in keyof AppState]: AppState[K] extends (...args: never[]) => unknown ? K : never;
}[keyof AppState];

/** A payload with every field some handler destructures; the actions are stubbed. */
const PAYLOAD = {
  accountId: 'alice@example.org',
  jid: 'bob@example.org',
  peer: 'bob@example.org',
  status: 'offline',
  contacts: [],
  requests: [],
  invitations: [],
  presence: { show: 'unavailable' },
  state: 'composing',
};

const EXPECTED: Record<EventName, { action: ActionName; payload?: object }> = {
  'account.changed': { action: 'accountChanged' },
  'account.removed': { action: 'accountRemoved' },
  'secrets.changed': { action: 'secretsChanged' },
  'roster.replaced': { action: 'rosterReplaced' },
  'contact.presence': { action: 'contactPresenceChanged' },
  'subscriptions.replaced': { action: 'subscriptionsReplaced' },
  'message.upserted': { action: 'messagesUpserted' },
  'conversation.changed': { action: 'conversationsChanged' },
  'chat.state': { action: 'peerStateChanged' },
  'archive.progress': { action: 'archiveProgressed' },
  'room.changed': { action: 'roomChanged' },
  'room.removed': { action: 'roomRemoved' },
  'room.occupants': { action: 'occupantsChanged' },
  'room.creation': { action: 'roomCreationProgressed' },
  'invitations.replaced': { action: 'invitationsReplaced' },
  'prefs.changed': { action: 'prefsChanged' },
  'otr.key': { action: 'otrKeyChanged' },
  'otr.state': { action: 'otrStateChanged' },
  'otr.smp': { action: 'otrSmpChanged' },
  'otr.notice': { action: 'otrNoticed' },
  'realname.progress': { action: 'realnameProgressReceived' },
  'realname.profile': { action: 'realnameProfileChanged' },
};

/** A store whose every action is a stub, so a handler's only effect is the call it makes. */
function stubbedStore() {
  const store = createAppStore(fakeApi());
  const stubs: Record<string, ReturnType<typeof vi.fn>> = {};
  const state = store.getState() as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(state)) {
    if (typeof value === 'function') stubs[key] = vi.fn();
  }
  store.setState(stubs as unknown as Partial<AppState>);
  return { store, stubs };
}

afterEach(() => vi.restoreAllMocks());

describe('bridge: every contract event has a handler', () => {
  it('the table names every contract event and nothing else', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...EVENT_NAMES].sort());
  });

  it.each(EVENT_NAMES)('%s reaches its slice action', (name) => {
    const errors = vi.spyOn(console, 'error');
    const { store, stubs } = stubbedStore();
    const expected = EXPECTED[name];
    expect(expected, `no bridge expectation for ${name}`).toBeDefined();
    const payload = { ...PAYLOAD, ...expected.payload };
    applyEvents(store, [{ event: name, payload } as unknown as EventMessage]);
    expect(errors).not.toHaveBeenCalled();
    expect(stubs[expected.action], `${name} → ${expected.action}`).toHaveBeenCalledTimes(1);
    // The payload (or its parts) went to the action: nothing else was handed to another action.
    const called = Object.entries(stubs)
      .filter(([, stub]) => stub.mock.calls.length > 0)
      .map(([key]) => key);
    expect(called).toEqual([expected.action]);
  });

  it('a typing state in a room goes to the room typing action', () => {
    const { store, stubs } = stubbedStore();
    applyEvents(store, [
      {
        event: 'chat.state',
        payload: { accountId: 'a@x', kind: 'room', peer: 'r@muc.x', nick: 'n', state: 'composing' },
      },
    ]);
    expect(stubs.roomTypingChanged).toHaveBeenCalledWith('a@x', 'r@muc.x', 'n', 'composing');
    expect(stubs.peerStateChanged).not.toHaveBeenCalled();
  });

  it('an event that fails to apply does not keep the rest of its batch out', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { store, stubs } = stubbedStore();
    stubs.accountRemoved!.mockImplementation(() => {
      throw new Error('boom');
    });
    applyEvents(store, [
      { event: 'account.removed', payload: { accountId: 'a@x' } },
      { event: 'subscriptions.replaced', payload: { requests: [] } },
    ]);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(stubs.subscriptionsReplaced).toHaveBeenCalledWith([]);
  });
});
