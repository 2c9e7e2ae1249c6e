/**
 * The bridge and the store together, with a stand-in transport: a batch of events is one store
 * update (one notification of the subscribers, so one render), applied at the end of the task it
 * came in; notifications get one message per conversation per batch; the unread total follows;
 * a request's result never undoes what events brought; a reconnect reloads the open thread.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventMessage, Message } from '../../../shared/contract';
import { connectBridge } from '../../../renderer/bridge';
import { createAppStore, type AppStore } from '../../../renderer/store';
import { convKey, selectTotalUnread } from '../../../renderer/store/chat.selectors';
import { fakeApi, settle, type FakeApi } from './fakeApi';
import { ALICE, BOB, conversation, msg } from './messages';

const CAROL = 'carol@example.org';
const BOB_KEY = convKey(ALICE, BOB);
const upserted = (message: Message): EventMessage => ({
  event: 'message.upserted',
  payload: message,
});

let disconnect: (() => void) | undefined;
afterEach(() => {
  disconnect?.();
  disconnect = undefined;
  vi.restoreAllMocks();
});

/** A store on a fake transport, bridged, with bob's conversation open and its newest page in. */
async function connected(): Promise<{ api: FakeApi; store: AppStore; updates: () => number }> {
  const api = fakeApi();
  api.answer('chat.history', () => ({
    ok: true,
    value: { messages: [msg(1), msg(2)], hasNewer: false },
  }));
  const store = createAppStore(api);
  disconnect = connectBridge(api, store);
  store.setState({ selected: { accountId: ALICE, kind: 'chat', peer: BOB } });
  await settle();
  let updates = 0;
  store.subscribe(() => (updates += 1));
  return { api, store, updates: () => updates };
}

describe('bridge', () => {
  it('applies a flood batch as one store update at the end of its task', async () => {
    const { api, store, updates } = await connected();
    expect(store.getState().threads[BOB_KEY]?.messages).toHaveLength(2);
    const batch: EventMessage[] = [];
    for (let n = 3; n <= 502; n += 1) {
      batch.push(upserted(msg(n)));
      batch.push({ event: 'conversation.changed', payload: conversation(BOB, n - 2, msg(n)) });
    }
    api.deliver(batch);
    // Nothing yet: the transport may still be handing over this task's events.
    expect(updates()).toBe(0);
    await Promise.resolve();
    expect(updates()).toBe(1);
    const state = store.getState();
    const messages = state.threads[BOB_KEY]!.messages;
    expect(messages).toHaveLength(502);
    expect(messages.at(-1)?.id).toBe('m502');
    expect(messages.every((m, i) => i === 0 || m.sentAt > messages[i - 1]!.sentAt)).toBe(true);
    expect(state.conversations[BOB_KEY]?.unread).toBe(500);
    expect(selectTotalUnread(state)).toBe(500);
    // One notification for the whole batch: its newest message.
    expect(state.incoming?.messages.map((m) => m.id)).toEqual(['m502']);
  });

  it('signals one new incoming message per conversation per batch', async () => {
    const { api, store } = await connected();
    const carol = (n: number) => msg(n, { peer: CAROL, id: `c${n}` });
    api.deliver([upserted(msg(3)), upserted(carol(1)), upserted(msg(4)), upserted(carol(2))]);
    await Promise.resolve();
    const first = store.getState().incoming;
    expect(first?.messages.map((m) => m.id)).toEqual(['m4', 'c2']);
    // A batch with no new incoming message (a receipt on our own) leaves the signal alone.
    api.deliver([upserted(msg(5, { direction: 'out', state: 'delivered' }))]);
    await Promise.resolve();
    expect(store.getState().incoming).toBe(first);
    // The same messages again (a state change) are not news.
    api.deliver([upserted({ ...msg(4), state: 'read' })]);
    await Promise.resolve();
    expect(store.getState().incoming).toBe(first);
  });

  it('keeps the unread total across snapshots, a reload and a mark-read', async () => {
    const { api, store } = await connected();
    api.deliver([
      { event: 'conversation.changed', payload: conversation(BOB, 2) },
      { event: 'conversation.changed', payload: conversation(CAROL, 3) },
    ]);
    await Promise.resolve();
    expect(selectTotalUnread(store.getState())).toBe(5);
    api.answer('chat.conversations', () => ({
      ok: true,
      value: [conversation(BOB, 1), conversation(CAROL, 1)],
    }));
    await store.getState().conversationsRequested();
    expect(selectTotalUnread(store.getState())).toBe(2);
    await store.getState().markReadRequested({ accountId: ALICE, kind: 'chat', peer: BOB });
    expect(selectTotalUnread(store.getState())).toBe(1);
  });

  it("a send's result never undoes the state the events brought", async () => {
    const { api, store } = await connected();
    const pending = msg(3, { direction: 'out', state: 'pending', body: 'hi' });
    api.answer('chat.send', () => {
      // As the host does: the events the send caused, then (in a later task) the result.
      api.deliver([upserted(pending), upserted({ ...pending, state: 'sent' })]);
      return { ok: true, value: pending };
    });
    const result = await store
      .getState()
      .messageSendRequested({ accountId: ALICE, kind: 'chat', peer: BOB }, 'hi');
    expect(result.ok).toBe(true);
    const messages = store.getState().threads[BOB_KEY]!.messages;
    expect(messages.filter((m) => m.id === 'm3').map((m) => m.state)).toEqual(['sent']);
  });

  it('one event that cannot be applied does not keep the others out', async () => {
    const { api, store } = await connected();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    store.setState({
      peerStateChanged: () => {
        throw new Error('a bug');
      },
    });
    api.deliver([
      { event: 'chat.state', payload: { accountId: ALICE, peer: BOB, state: 'composing' } },
      upserted(msg(3)),
    ]);
    await Promise.resolve();
    expect(store.getState().threads[BOB_KEY]?.messages.at(-1)?.id).toBe('m3');
    expect(error).toHaveBeenCalledWith('event chat.state could not be applied', expect.any(Error));
  });

  it('after the link was down, drops stale threads and reloads the open one', async () => {
    const { api, store } = await connected();
    store.setState({
      threads: {
        ...store.getState().threads,
        [convKey(ALICE, CAROL)]: {
          messages: [],
          olderCursor: undefined,
          hasNewer: false,
          loading: false,
          error: null,
        },
      },
    });
    api.answer('chat.history', () => ({
      ok: true,
      value: { messages: [msg(1), msg(2), msg(3)], hasNewer: false },
    }));
    api.setLink('closed');
    api.setLink('open');
    await settle();
    const { threads } = store.getState();
    expect(Object.keys(threads)).toEqual([BOB_KEY]);
    expect(threads[BOB_KEY]?.messages.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
  });

  it('loads the newest page of the 8 most recent conversations ahead, and opens one without asking again', async () => {
    vi.useFakeTimers();
    try {
      const api = fakeApi();
      const peers = Array.from({ length: 10 }, (_, i) => `friend${i}@example.org`);
      // friend9 spoke last; friend0 first.
      api.answer('chat.conversations', () => ({
        ok: true,
        value: peers.map((peer, i) => conversation(peer, 0, msg(i, { peer }))),
      }));
      api.answer('chat.history', (params) => ({
        ok: true,
        value: {
          messages: [msg(100, { peer: (params as { peer: string }).peer })],
          hasNewer: false,
        },
      }));
      const store = createAppStore(api);
      disconnect = connectBridge(api, store);
      await vi.advanceTimersByTimeAsync(0);
      expect(api.requests.filter((r) => r.name === 'chat.history')).toEqual([]);
      await vi.advanceTimersByTimeAsync(1000);

      const prefetched = api.requests.filter((r) => r.name === 'chat.history');
      expect(prefetched.map((r) => (r.params as { peer: string }).peer)).toEqual(
        peers.slice(2).reverse(),
      );
      // Loaded ahead, not opened: the host must not move their catch-up ahead of the open one.
      for (const r of prefetched) expect(r.params).toMatchObject({ background: true });

      store.setState({ selected: { accountId: ALICE, kind: 'chat', peer: 'friend5@example.org' } });
      await vi.advanceTimersByTimeAsync(0);
      expect(api.requests.filter((r) => r.name === 'chat.history')).toHaveLength(8);
      expect(
        store.getState().threads[convKey(ALICE, 'friend5@example.org')]?.messages,
      ).toHaveLength(1);
      // One not loaded ahead is asked for when opened, in the foreground.
      store.setState({ selected: { accountId: ALICE, kind: 'chat', peer: 'friend0@example.org' } });
      await vi.advanceTimersByTimeAsync(0);
      expect(api.requests.at(-1)).toMatchObject({ name: 'chat.history' });
      expect(api.requests.at(-1)!.params).not.toHaveProperty('background');
    } finally {
      vi.useRealTimers();
    }
  });
});
