/**
 * The renderer refuses what does not match the contract (renderer/transport/check.ts), through
 * the real browser host and the renderer's real WebSocket transport, store and bridge: a
 * malformed answer fails its request with 'invalid-result' and leaves the store alone; a
 * malformed event is dropped and reported while the rest of its batch is applied; keys the
 * contract does not declare never reach the store; and reports never quote what was refused.
 * The host here sends what the stand-in dispatch returns, unchecked, as a faulty main process
 * would; the last case puts the main process's own check (createDispatch) back in front.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WS from 'ws';
import type { EventMessage, HutongApi, RequestHandlers } from '../../../shared/contract';
import { ok } from '../../../shared/errors';
import { startHostServer, type HostServer } from '../../../electron/host/hostServer';
import { createDispatch, type Dispatch } from '../../../electron/ipc/dispatch';
import { connectBridge } from '../../../renderer/bridge';
import { createAppStore } from '../../../renderer/store';
import { convKey } from '../../../renderer/store/chat.selectors';
import { fromPreload, type PreloadApi } from '../../../renderer/transport';
import { createWebSocketApi } from '../../../renderer/transport/websocket';
import { ALICE, BOB, msg } from './messages';

const BOB_KEY = convKey(ALICE, BOB);
/** Text from outside that a report must never quote. */
const SECRET = 'words from a contact';

let host: HostServer;
let staticDir: string;
/** The stand-in main process: answers each request with this envelope, as is. */
let answer: (name: string, params: unknown) => unknown;
let problems: string[];
const cleanups: (() => void)[] = [];
/** Set once a test is over: the client's reconnection timers then do nothing. */
let stopped = false;

/** What was reported about `name`'s answers or events (the bridge's start-up requests aside). */
const reported = (name: string) => problems.filter((p) => p.startsWith(`${name} `));

async function startHost(dispatch: Dispatch): Promise<void> {
  host = await startHostServer({ staticDir, port: 0, dispatch });
  const origin = `http://127.0.0.1:${host.port}`;
  class PageSocket extends WS {
    constructor(url: string) {
      super(url, { origin });
    }
  }
  const saved = { WebSocket: globalThis.WebSocket, window: globalThis.window };
  const testWindow = {
    setTimeout: (fn: () => void, ms: number) => (stopped ? 0 : setTimeout(fn, ms)),
  };
  Object.assign(globalThis, { WebSocket: PageSocket, window: testWindow });
  cleanups.push(() => Object.assign(globalThis, saved));
}

beforeEach(async () => {
  stopped = false;
  staticDir = mkdtempSync(join(tmpdir(), 'hutong-contract-'));
  problems = [];
  answer = () => ({ ok: false, error: { code: 'not-supported', message: 'no' } });
  await startHost(async (name, params) => answer(String(name), params) as never);
});

afterEach(async () => {
  stopped = true;
  await host.close();
  // The pages see their sockets close before the globals they use go away.
  await new Promise((resolve) => setTimeout(resolve, 20));
  while (cleanups.length) cleanups.pop()!();
  rmSync(staticDir, { recursive: true, force: true });
});

/** The renderer's transport, store and bridge on the host, reporting into `problems`. */
function page() {
  const api = createWebSocketApi(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, {
    report: (p) => problems.push(p),
  });
  const store = createAppStore(api);
  cleanups.push(connectBridge(api, store));
  return { api, store };
}

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

const history = { accountId: ALICE, kind: 'chat', peer: BOB } as const;

describe('the renderer refuses what does not match the contract', () => {
  it('fails a request whose answer does not match its result schema, with invalid-result', async () => {
    const { api, store } = page();
    answer = () => ok({ messages: [{ ...msg(1, { body: SECRET }), sentAt: 'yesterday' }] });
    const result = await api.request('chat.history', history);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-result' } });
    expect(reported('chat.history')).toEqual([
      'chat.history result: messages.0.sentAt: expected number (number)',
    ]);
    // Through the store too: the page is not stored, nothing throws.
    await store.getState().historyRequested(history);
    expect(store.getState().threads[BOB_KEY]?.messages ?? []).toEqual([]);
  });

  it.each([
    ['an error code outside the contract', { ok: false, error: { code: 'made-up', message: 'x' } }],
    ['an error without its message', { ok: false, error: { code: 'internal' } }],
    ['no envelope at all', 'fine'],
    ['an envelope without ok', { value: [] }],
  ])('refuses %s', async (_label, envelope) => {
    const { api } = page();
    answer = () => envelope;
    expect(await api.request('otr.exportFingerprints', { accountId: ALICE })).toMatchObject({
      ok: false,
      error: { code: 'invalid-result' },
    });
    expect(reported('otr.exportFingerprints')).toHaveLength(1);
  });

  it('passes a well-formed error through as it is', async () => {
    const { api } = page();
    const refusal = { code: 'room-refused', message: 'x', condition: 'banned' };
    answer = () => ({ ok: false, error: refusal });
    expect(await api.request('account.list', {})).toEqual({ ok: false, error: refusal });
    expect(reported('account.list')).toEqual([]);
  });

  it('drops and reports a malformed event; the rest of its batch reaches the store', async () => {
    const { api, store } = page();
    answer = () => ok({ messages: [msg(1)], hasNewer: false });
    await store.getState().historyRequested(history);
    const seen: string[] = [];
    api.onEvent((message) => seen.push(message.event));
    host.broadcast({ event: 'message.upserted', payload: msg(2) });
    host.broadcast({
      event: 'message.upserted',
      payload: { ...msg(3, { body: SECRET }), direction: 'sideways' },
    } as unknown as EventMessage);
    host.broadcast({ event: 'no.such.event', payload: { text: SECRET } } as never);
    host.broadcast({ event: 'account.removed', payload: null } as never);
    host.broadcast({ event: 'message.upserted', payload: msg(4) });
    await until(() => store.getState().threads[BOB_KEY]?.messages.length === 3);
    expect(store.getState().threads[BOB_KEY]!.messages.map((m) => m.id)).toEqual([
      'm1',
      'm2',
      'm4',
    ]);
    expect(seen).toEqual(['message.upserted', 'message.upserted']);
    // The bridge's start-up requests got that history page too: their reports are not counted.
    expect(problems.filter((p) => !p.includes(' result: '))).toEqual([
      'message.upserted event: direction: expected ("in" | "out") (picklist)',
      'event: unknown name',
      'account.removed event: (root): expected Object (object)',
    ]);
    expect(problems.join('\n')).not.toContain(SECRET);
  });

  it('keeps keys the contract does not declare out of the store', async () => {
    const { store } = page();
    answer = () => ok({ messages: [{ ...msg(1), html: '<b>x</b>' }], hasNewer: false });
    await store.getState().historyRequested(history);
    const extra = { ...msg(2), html: '<i>y</i>' };
    host.broadcast({ event: 'message.upserted', payload: extra });
    await until(() => store.getState().threads[BOB_KEY]?.messages.length === 2);
    for (const message of store.getState().threads[BOB_KEY]!.messages) {
      expect(message).not.toHaveProperty('html');
    }
  });

  it('gets internal, not the malformed value, when the main process checks its answers', async () => {
    await host.close();
    const unused = async () => ok(null);
    const handlers = new Proxy({} as RequestHandlers, { get: () => unused });
    const malformed = { ...handlers, 'account.list': async () => ok([{ accountId: SECRET }]) };
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await startHost(createDispatch(malformed as RequestHandlers));
      const { api } = page();
      expect(await api.request('account.list', {})).toMatchObject({
        ok: false,
        error: { code: 'internal' },
      });
      expect(reported('account.list')).toEqual([]);
      const logged = errors.mock.calls.flat().join('\n');
      expect(logged).toContain('refused to send a malformed answer: account.list result: 0.jid');
      expect(logged).not.toContain(SECRET);
    } finally {
      errors.mockRestore();
    }
  });
});

// What electron/preload.ts exposes is a HutongApi; the page takes it as a PreloadApi.
const preloadFits = (api: HutongApi): PreloadApi => api;
void preloadFits;

describe('the preload transport', () => {
  it('refuses a malformed answer and drops a malformed event, reporting both', async () => {
    let deliver: (message: unknown) => void = () => {};
    const preload: PreloadApi = {
      request: async () => ({ ok: true, value: { version: 1 } }),
      onEvent: (listener) => {
        deliver = listener;
        return () => {};
      },
    };
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const api = fromPreload(preload);
      const seen: EventMessage[] = [];
      api.onEvent((message) => seen.push(message));
      expect(await api.request('app.info', {})).toMatchObject({
        ok: false,
        error: { code: 'invalid-result' },
      });
      deliver({ event: 'message.upserted', payload: { ...msg(1), sentAt: -1 } });
      deliver({ event: 'message.upserted', payload: msg(2) });
      expect(seen.map((m) => (m.payload as { id: string }).id)).toEqual(['m2']);
      expect(errors.mock.calls.map((call) => call[0])).toEqual([
        '[contract] refused from the main process: app.info result: version: expected string (string)',
        '[contract] refused from the main process: message.upserted event: sentAt: expected >=0 (min_value)',
      ]);
    } finally {
      errors.mockRestore();
    }
  });
});
