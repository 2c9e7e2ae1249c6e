/**
 * The store's side of navigation: the open conversation is (account, kind, peer) and requests
 * carry its kind; the sidebar shows Chats once there are conversations unless the user chose;
 * preferences load, save and follow prefs.changed; archive progress adds up per running archive
 * and goes with its account.
 */
import { describe, expect, it } from 'vitest';
import type { AccountSnapshot, Conversation, Preferences } from '../../../shared/contract';
import { connectBridge } from '../../../renderer/bridge';
import { createAppStore } from '../../../renderer/store';
import { selectOpenContactKey } from '../../../renderer/store/roster.selectors';
import { contactKey } from '../../../renderer/store/subscriptions.slice';
import { selectArchiveActivity, selectSidebarTab } from '../../../renderer/store/ui.selectors';
import { fakeApi, settle } from './fakeApi';

const ALICE = 'alice@example.org';
const ROOM = 'lounge@rooms.example.org';

const snapshot = (accountId: string): AccountSnapshot => ({
  accountId,
  jid: accountId,
  status: 'online',
  saved: true,
  settings: { tls: 'starttls', proxy: { type: 'none' } } as AccountSnapshot['settings'],
  presence: { show: 'available' },
});

const conversation = (peer: string, kind: Conversation['kind'] = 'chat'): Conversation => ({
  accountId: ALICE,
  kind,
  peer,
  unread: 0,
});

describe('the open conversation', () => {
  it('is a conversation of a kind, and its requests say which kind', async () => {
    const api = fakeApi();
    api.answer('chat.history', () => ({
      ok: true,
      value: { messages: [], hasNewer: false },
    }));
    api.answer('chat.markRead', () => ({ ok: true, value: null }));
    const store = createAppStore(api);
    const ref = { accountId: ALICE, kind: 'room' as const, peer: ROOM };
    store.getState().conversationOpened(ref);
    expect(store.getState().selected).toEqual(ref);
    expect(store.getState().activeAccountId).toBe(ALICE);
    // Opening it again changes nothing (no new object, no second history request).
    const before = store.getState().selected;
    store.getState().conversationOpened({ ...ref });
    expect(store.getState().selected).toBe(before);
    await settle();
    const history = api.requests.filter((r) => r.name === 'chat.history');
    expect(history).toEqual([
      { name: 'chat.history', params: expect.objectContaining({ kind: 'room', peer: ROOM }) },
    ]);

    await store.getState().markReadRequested(ref);
    await store.getState().messageSendRequested(ref, 'hi');
    store.getState().ownStateChanged(ref, 'composing');
    await settle();
    for (const name of ['chat.markRead', 'chat.send', 'chat.setState'] as const) {
      expect(api.requests.find((r) => r.name === name)?.params).toMatchObject({
        accountId: ALICE,
        kind: 'room',
        peer: ROOM,
      });
    }
  });

  it('opens a contact as its one-to-one chat, which the contact list marks', () => {
    const store = createAppStore(fakeApi());
    store.getState().contactOpened(ALICE, 'bob@example.org');
    expect(store.getState().selected).toEqual({
      accountId: ALICE,
      kind: 'chat',
      peer: 'bob@example.org',
    });
    expect(selectOpenContactKey(store.getState())).toBe(contactKey(ALICE, 'bob@example.org'));
    // A private conversation through a room is not a contact, even with the same address form.
    store
      .getState()
      .conversationOpened({ accountId: ALICE, kind: 'occupant', peer: `${ROOM}/bob` });
    expect(selectOpenContactKey(store.getState())).toBeNull();
  });

  it('closes with its account, and a removed contact closes its chat', async () => {
    const api = fakeApi();
    api.answer('contact.remove', () => ({ ok: true, value: null }));
    const store = createAppStore(api);
    store.getState().accountsListed([snapshot(ALICE)]);
    store.getState().contactOpened(ALICE, 'bob@example.org');
    await store.getState().contactRemoveRequested(ALICE, 'bob@example.org');
    expect(store.getState().selected).toBeNull();

    store.getState().conversationOpened({ accountId: ALICE, kind: 'room', peer: ROOM });
    store.getState().accountRemoved(ALICE);
    expect(store.getState().selected).toBeNull();
  });
});

describe('the sidebar tab', () => {
  it('is Contacts without conversations, Chats with them, and the user choice after that', () => {
    const store = createAppStore(fakeApi());
    expect(selectSidebarTab(store.getState())).toBe('contacts');
    store.getState().conversationChanged(conversation('bob@example.org'));
    expect(selectSidebarTab(store.getState())).toBe('chats');
    store.getState().sidebarTabChosen('contacts');
    store.getState().conversationChanged(conversation('carol@example.org'));
    expect(selectSidebarTab(store.getState())).toBe('contacts');
  });
});

describe('preferences', () => {
  it('load at start, save through prefs.set, and follow prefs.changed', async () => {
    const api = fakeApi();
    let saved: Preferences = { archiveWindowDays: 7 };
    api.answer('prefs.get', () => ({ ok: true, value: saved }));
    api.answer('prefs.set', (params) => {
      saved = { ...saved, ...(params as Partial<Preferences>) };
      return { ok: true, value: saved };
    });
    const store = createAppStore(api);
    const disconnect = connectBridge(api, store);
    await settle();
    expect(store.getState().prefs).toEqual({ archiveWindowDays: 7 });

    const result = await store.getState().prefsChosen({ archiveWindowDays: 30 });
    expect(result.ok).toBe(true);
    expect(store.getState().prefs).toEqual({ archiveWindowDays: 30 });

    api.deliver([{ event: 'prefs.changed', payload: { archiveWindowDays: 365 } }]);
    await settle();
    expect(store.getState().prefs).toEqual({ archiveWindowDays: 365 });
    disconnect();
  });

  it('keep what is in force when saving fails', async () => {
    const api = fakeApi();
    api.answer('prefs.get', () => ({ ok: true, value: { archiveWindowDays: 7 } }));
    const store = createAppStore(api);
    await store.getState().prefsRequested();
    const result = await store.getState().prefsChosen({ archiveWindowDays: 1 });
    expect(result.ok).toBe(false);
    expect(store.getState().prefs).toEqual({ archiveWindowDays: 7 });
  });
});

describe('archive progress', () => {
  it('adds up the running catch-ups and forgets those of a removed account', async () => {
    const api = fakeApi();
    const store = createAppStore(api);
    const disconnect = connectBridge(api, store);
    store.getState().accountsListed([snapshot(ALICE), snapshot('bob@example.org')]);
    expect(selectArchiveActivity(store.getState())).toEqual({ running: 0, fetched: 0 });
    api.deliver([
      {
        event: 'archive.progress',
        payload: { accountId: ALICE, archive: ALICE, phase: 'newest', fetched: 40 },
      },
      {
        event: 'archive.progress',
        payload: {
          accountId: 'bob@example.org',
          archive: 'bob@example.org',
          phase: 'older',
          fetched: 5,
        },
      },
      {
        event: 'archive.progress',
        payload: { accountId: ALICE, archive: ALICE, phase: 'older', fetched: 140 },
      },
    ]);
    await settle();
    expect(selectArchiveActivity(store.getState())).toEqual({ running: 2, fetched: 145 });
    store.getState().accountRemoved('bob@example.org');
    expect(selectArchiveActivity(store.getState())).toEqual({ running: 1, fetched: 140 });
    api.deliver([
      {
        event: 'archive.progress',
        payload: { accountId: ALICE, archive: ALICE, phase: 'done', fetched: 150 },
      },
    ]);
    await settle();
    expect(selectArchiveActivity(store.getState())).toEqual({ running: 0, fetched: 0 });
    // The idle answer is one object, so a component selecting it does not re-render for nothing.
    expect(selectArchiveActivity(store.getState())).toBe(selectArchiveActivity(store.getState()));
    disconnect();
  });
});
