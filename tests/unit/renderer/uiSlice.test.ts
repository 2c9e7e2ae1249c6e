/**
 * The ui slice and its settings through createAppStore on a fake transport: start-up loads what
 * answers and keeps going past what fails, a link back after a drop and an unlocked secret store
 * take the whole picture again, settings persist (and bad stored settings fall back), dialogs
 * and action errors open and close.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AccountSnapshot } from '../../../shared/contract';
import { createAppStore } from '../../../renderer/store';
import { DEFAULT_SETTINGS, loadSettings } from '../../../renderer/store/settings';
import { contact, fail, fakeApi, settle } from './fakeApi';

const A = 'alice@example.org';
const snapshot = (accountId: string, status: AccountSnapshot['status']) =>
  ({ accountId, jid: accountId, status }) as unknown as AccountSnapshot;

/** A Storage over a Map. */
function memoryStorage(initial: Record<string, string> = {}): Storage {
  const map = new Map(Object.entries(initial));
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (key) => map.get(key) ?? null,
    key: (index) => [...map.keys()][index] ?? null,
    removeItem: (key) => void map.delete(key),
    setItem: (key, value) => void map.set(key, value),
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('ui slice', () => {
  it('start-up loads accounts and online rosters even when other requests fail', async () => {
    const api = fakeApi();
    api.answer('account.list', () => ({
      ok: true,
      value: [snapshot(A, 'online'), snapshot('off@x', 'disabled')],
    }));
    api.answer('roster.get', () => ({ ok: true, value: [contact('b@x')] }));
    api.answer('prefs.get', () => fail('internal'));
    const store = createAppStore(api);
    await store.getState().appStarted();
    const state = store.getState();
    expect(state.accountOrder).toEqual([A, 'off@x']);
    expect(state.activeAccountId).toBe(A);
    expect(state.rosters[A]).toHaveLength(1);
    expect(state.rosters['off@x']).toBeUndefined();
    expect(state.prefs).toBeNull();
    expect(state.appInfo).toBeNull();
  });

  it('a failed account list leaves no accounts and asks for no roster', async () => {
    const api = fakeApi();
    const store = createAppStore(api);
    await store.getState().appStarted();
    expect(store.getState().accountOrder).toEqual([]);
    expect(api.requests.some((r) => r.name === 'roster.get')).toBe(false);
  });

  it('takes the whole picture again when the link comes back after a drop, not before', async () => {
    const api = fakeApi();
    const store = createAppStore(api);
    const count = () => api.requests.filter((r) => r.name === 'account.list').length;
    store.getState().linkStatusChanged('open');
    await settle();
    expect(count()).toBe(0);
    store.getState().linkStatusChanged('closed');
    expect(store.getState().link).toBe('closed');
    store.getState().linkStatusChanged('open');
    await settle();
    expect(count()).toBe(1);
  });

  it('takes the whole picture again once the secret store is unlocked', async () => {
    const api = fakeApi();
    const store = createAppStore(api);
    const count = () => api.requests.filter((r) => r.name === 'account.list').length;
    store.getState().secretsChanged({ locked: true } as never);
    store.getState().secretsChanged({ locked: true } as never);
    await settle();
    expect(count()).toBe(0);
    api.answer('secrets.unlock', () => fail('bad-passphrase'));
    const result = await store.getState().secretsUnlockSubmitted('wrong');
    expect(result.ok).toBe(false);
    expect(store.getState().secrets).toEqual({ locked: true });
    api.answer('secrets.unlock', () => ({ ok: true, value: { locked: false } as never }));
    await store.getState().secretsUnlockSubmitted('right');
    await settle();
    expect(store.getState().secrets).toEqual({ locked: false });
    expect(count()).toBe(1);
  });

  it('keeps settings in localStorage and reads them back in the next store', () => {
    const storage = memoryStorage();
    vi.stubGlobal('localStorage', storage);
    const store = createAppStore(fakeApi());
    store.getState().localeChosen('zh-CN');
    store.getState().themeChosen('dark');
    store.getState().roomNotifyAllChosen('k1', true);
    store.getState().roomNotifyAllChosen('k1', true);
    store.getState().roomNotifyAllChosen('k2', true);
    store.getState().roomNotifyAllChosen('k1', false);
    expect(store.getState().settings).toEqual({
      locale: 'zh-CN',
      theme: 'dark',
      roomsNotifyAll: ['k2'],
    });
    expect(createAppStore(fakeApi()).getState().settings).toEqual(store.getState().settings);
  });

  it('stored settings that make no sense fall back to the defaults', () => {
    expect(loadSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(loadSettings(memoryStorage({ 'hutong.settings': '{not json' }))).toEqual(
      DEFAULT_SETTINGS,
    );
    expect(
      loadSettings(
        memoryStorage({
          'hutong.settings': JSON.stringify({ locale: 'xx', theme: 'neon', roomsNotifyAll: [1] }),
        }),
      ),
    ).toEqual(DEFAULT_SETTINGS);
  });

  it('a storage that refuses to save still applies the choice', () => {
    const storage = memoryStorage();
    storage.setItem = () => {
      throw new Error('quota');
    };
    vi.stubGlobal('localStorage', storage);
    const store = createAppStore(fakeApi());
    store.getState().themeChosen('light');
    expect(store.getState().settings.theme).toBe('light');
  });

  it('opens and closes dialogs, the people panel and action errors', () => {
    const store = createAppStore(fakeApi());
    const s = () => store.getState();
    s().dialogOpened({ kind: 'addContact' });
    expect(s().dialog).toEqual({ kind: 'addContact' });
    s().dialogClosed();
    expect(s().dialog).toBeNull();
    s().peoplePanelToggled();
    expect(s().peoplePanel).toBe(false);
    s().actionFailed({ code: 'internal', message: 'x' });
    expect(s().actionError?.code).toBe('internal');
    s().actionErrorDismissed();
    expect(s().actionError).toBeNull();
    s().filterChanged('bo');
    s().accountFilterChosen(A);
    expect(s()).toMatchObject({ filter: 'bo', accountFilter: A });
  });

  it('opening the open conversation again changes nothing; another one switches account', () => {
    const store = createAppStore(fakeApi());
    store.getState().contactOpened(A, 'b@x');
    const selected = store.getState().selected;
    store.getState().contactOpened(A, 'b@x');
    expect(store.getState().selected).toBe(selected);
    store.getState().conversationOpened({ accountId: 'other@x', kind: 'room', peer: 'r@m' });
    expect(store.getState().activeAccountId).toBe('other@x');
    store.getState().accountActivated(A);
    expect(store.getState().selected).toBeNull();
  });
});
