/**
 * The chat slice through createAppStore on a fake transport: history pages (newest, older, around
 * a hit), an answer to an older request dropped, a failed load kept as the thread's error with its
 * messages intact, read marks clearing the badge at once, sends filling in what no event brought,
 * typing per conversation, and the link waiting for confirmation.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HistoryPage } from '../../../shared/contract';
import { createAppStore } from '../../../renderer/store';
import { convKey } from '../../../renderer/store/chat.selectors';
import { fail, fakeApi, settle } from './fakeApi';
import { ALICE, BOB, conversation, msg } from './messages';

const KEY = convKey(ALICE, BOB);
const REF = { accountId: ALICE, kind: 'chat' as const, peer: BOB };
const page = (from: number, to: number, olderCursor?: string): HistoryPage => ({
  messages: Array.from({ length: to - from + 1 }, (_, i) => msg(from + i)),
  hasNewer: false,
  ...(olderCursor !== undefined && { olderCursor }),
});

afterEach(() => vi.unstubAllGlobals());

describe('chat slice', () => {
  it('loads the newest page, then older ones until the start of history', async () => {
    const api = fakeApi();
    api.answer('chat.history', (params) =>
      (params as { before?: string }).before === 'c1'
        ? { ok: true, value: page(1, 2) }
        : { ok: true, value: page(3, 4, 'c1') },
    );
    const store = createAppStore(api);
    const loading = store.getState().historyRequested(REF);
    expect(store.getState().threads[KEY]?.loading).toBe(true);
    await loading;
    expect(store.getState().threads[KEY]).toMatchObject({ loading: false, olderCursor: 'c1' });
    await store.getState().olderRequested(ALICE, BOB);
    const thread = store.getState().threads[KEY]!;
    expect(thread.messages.map((m) => m.id)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(thread.olderCursor).toBeUndefined();
    const asked = api.requests.length;
    // Nothing older to ask for, nor for a conversation never loaded.
    await store.getState().olderRequested(ALICE, BOB);
    await store.getState().olderRequested(ALICE, 'stranger@x');
    expect(api.requests).toHaveLength(asked);
  });

  it('a failed page keeps the loaded messages and shows the error', async () => {
    const api = fakeApi();
    api.answer('chat.history', () => ({ ok: true, value: page(3, 4, 'c1') }));
    const store = createAppStore(api);
    await store.getState().historyRequested(REF);
    api.answer('chat.history', () => fail('not-connected'));
    await store.getState().olderRequested(ALICE, BOB);
    const thread = store.getState().threads[KEY]!;
    expect(thread.messages.map((m) => m.id)).toEqual(['m3', 'm4']);
    expect(thread).toMatchObject({ loading: false, olderCursor: 'c1' });
    expect(thread.error?.code).toBe('not-connected');
  });

  it('drops the answer to an older request that arrives after a newer one', async () => {
    const api = fakeApi();
    const answers: ((value: HistoryPage) => void)[] = [];
    api.answer(
      'chat.history',
      () => new Promise((resolve) => answers.push((value) => resolve({ ok: true, value }))),
    );
    const store = createAppStore(api);
    const first = store.getState().historyRequested(REF);
    const second = store.getState().historyRequested(REF, 'm9');
    await settle();
    answers[1]!({ messages: [msg(9)], hasNewer: true });
    await second;
    answers[0]!(page(1, 2));
    await first;
    const thread = store.getState().threads[KEY]!;
    expect(thread.messages.map((m) => m.id)).toEqual(['m9']);
    expect(thread.hasNewer).toBe(true);
  });

  it('marking read clears the badge at once, and only for a known conversation', async () => {
    const api = fakeApi();
    const store = createAppStore(api);
    store.getState().conversationsChanged([conversation(BOB, 3, msg(1))]);
    expect(store.getState().unreadTotal).toBe(3);
    const done = store.getState().markReadRequested(REF);
    expect(store.getState().conversations[KEY]?.unread).toBe(0);
    expect(store.getState().unreadTotal).toBe(0);
    await done;
    await store.getState().markReadRequested({ ...REF, peer: 'stranger@x' });
    expect(store.getState().conversations[convKey(ALICE, 'stranger@x')]).toBeUndefined();
  });

  it('a sent message fills in the open thread; a failed send adds nothing', async () => {
    const api = fakeApi();
    api.answer('chat.history', () => ({ ok: true, value: page(1, 1) }));
    const store = createAppStore(api);
    await store.getState().historyRequested(REF);
    api.answer('chat.send', () => fail('not-connected'));
    expect((await store.getState().messageSendRequested(REF, 'hi')).ok).toBe(false);
    expect(store.getState().threads[KEY]?.messages).toHaveLength(1);
    const sent = msg(2, { direction: 'out', state: 'pending', body: 'hi' });
    api.answer('chat.send', () => ({ ok: true, value: sent }));
    await store.getState().messageSendRequested(REF, 'hi');
    expect(store.getState().threads[KEY]?.messages.map((m) => m.id)).toEqual(['m1', 'm2']);
  });

  it('keeps the other party state per conversation', () => {
    const store = createAppStore(fakeApi());
    store.getState().peerStateChanged(ALICE, BOB, 'composing');
    store.getState().peerStateChanged(ALICE, 'carol@x', 'paused');
    expect(store.getState().peerStates).toEqual({
      [KEY]: 'composing',
      [convKey(ALICE, 'carol@x')]: 'paused',
    });
  });

  it('stale threads keep only the open one, and reload it', async () => {
    const api = fakeApi();
    api.answer('chat.history', () => ({ ok: true, value: page(1, 2) }));
    const store = createAppStore(api);
    await store.getState().historyRequested(REF);
    await store.getState().historyRequested({ ...REF, peer: 'carol@x' });
    store.setState({ selected: REF });
    const before = api.requests.length;
    store.getState().threadsStale();
    expect(Object.keys(store.getState().threads)).toEqual([KEY]);
    await settle();
    expect(api.requests.length).toBe(before + 1);
  });

  it('jumps count up so the same message can be jumped to twice', () => {
    const store = createAppStore(fakeApi());
    store.getState().jumpRequested(REF, 'm1');
    store.getState().jumpRequested(REF, 'm1');
    expect(store.getState().jump).toMatchObject({ messageId: 'm1', seq: 2 });
    store.getState().jumpDone();
    expect(store.getState().jump).toBeNull();
  });

  it('a link waits for confirmation; the page opens it when the host cannot', async () => {
    const open = vi.fn();
    vi.stubGlobal('window', { open });
    const api = fakeApi();
    const store = createAppStore(api);
    store.getState().linkClicked('https://example.org/');
    store.getState().linkCancelled();
    await store.getState().linkConfirmed();
    expect(api.requests).toEqual([]);
    store.getState().linkClicked('https://example.org/');
    await store.getState().linkConfirmed();
    expect(store.getState().pendingLink).toBeNull();
    expect(api.requests).toEqual([{ name: 'link.open', params: { url: 'https://example.org/' } }]);
    expect(open).toHaveBeenCalledWith('https://example.org/', '_blank', 'noopener,noreferrer');
    api.answer('link.open', () => ({ ok: true, value: null }));
    store.getState().linkClicked('https://example.org/2');
    await store.getState().linkConfirmed();
    expect(open).toHaveBeenCalledTimes(1);
  });
});
