/**
 * Events from the main process to the store through the real browser host and the renderer's
 * real WebSocket transport (over loopback; `ws` stands in for the browser's WebSocket): events
 * emitted in one turn travel as one frame and enter the store as one update, a request's answer
 * follows the events it caused, and a page that stops reading is dropped instead of buffered.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WS from 'ws';
import type { EventMessage, Message } from '../../../shared/contract';
import { ok } from '../../../shared/errors';
import { startHostServer, type HostServer } from '../../../electron/host/hostServer';
import type { Dispatch } from '../../../electron/ipc/dispatch';
import { MAX_BATCH_EVENTS } from '../../../electron/ipc/eventBatch';
import { connectBridge } from '../../../renderer/bridge';
import { createAppStore } from '../../../renderer/store';
import { convKey } from '../../../renderer/store/chat.selectors';
import { createWebSocketApi } from '../../../renderer/transport/websocket';
import { ALICE, BOB, conversation, msg } from './messages';

const BOB_KEY = convKey(ALICE, BOB);
const upserted = (message: Message): EventMessage => ({
  event: 'message.upserted',
  payload: message,
});

let host: HostServer;
let staticDir: string;
/** What the stand-in services answer; a test may emit through `host.broadcast` meanwhile. */
let handlers: Record<string, (params: unknown) => unknown>;
/** The frames the page received, in order: 'events' or 'result'. */
let frames: string[];
const cleanups: (() => void)[] = [];

beforeEach(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'hutong-host-static-'));
  handlers = {};
  frames = [];
  const dispatch: Dispatch = async (name, params) => {
    const handler = handlers[String(name)];
    if (!handler) return { ok: false, error: { code: 'not-supported', message: 'no' } };
    return ok(await handler(params));
  };
  host = await startHostServer({ staticDir, port: 0, dispatch, maxBufferedBytes: 1 << 20 });
  // The renderer's transport runs in a page; here `ws` plays the browser's WebSocket, sending
  // the page's Origin as a browser would.
  const origin = `http://127.0.0.1:${host.port}`;
  class PageSocket extends WS {
    constructor(url: string) {
      super(url, { origin });
      this.on('message', (data: Buffer) => {
        frames.push(JSON.parse(data.toString()).events ? 'events' : 'result');
      });
    }
  }
  const saved = { WebSocket: globalThis.WebSocket, window: globalThis.window };
  Object.assign(globalThis, { WebSocket: PageSocket, window: globalThis });
  cleanups.push(() => Object.assign(globalThis, saved));
});

afterEach(async () => {
  while (cleanups.length) cleanups.pop()!();
  await host.close();
  rmSync(staticDir, { recursive: true, force: true });
});

/** The renderer's transport, store and bridge on the host, with bob's newest page loaded. */
async function page() {
  handlers['chat.history'] = () => ({ messages: [msg(1)], hasNewer: false });
  const api = createWebSocketApi(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
  const store = createAppStore(api);
  const seen: string[] = [];
  api.onEvent((message) => seen.push(`event ${message.event}`));
  const disconnect = connectBridge(api, store);
  cleanups.push(disconnect);
  await store.getState().historyRequested({ accountId: ALICE, kind: 'chat', peer: BOB });
  let updates = 0;
  store.subscribe(() => (updates += 1));
  return { api, store, seen, updates: () => updates };
}

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('events through the browser host', () => {
  it('a flood emitted in one turn reaches the store in a few updates, in order', async () => {
    const { store, updates } = await page();
    const COUNT = 2000;
    for (let n = 2; n <= COUNT + 1; n += 1) {
      host.broadcast(upserted(msg(n)));
      host.broadcast({ event: 'conversation.changed', payload: conversation(BOB, n - 1, msg(n)) });
    }
    await until(() => store.getState().threads[BOB_KEY]?.messages.length === COUNT + 1);
    // 2,000 messages and one conversation snapshot (the later ones supersede the earlier).
    expect(updates()).toBeLessThanOrEqual(Math.ceil(COUNT / MAX_BATCH_EVENTS) + 1);
    expect(store.getState().threads[BOB_KEY]!.messages.map((m) => m.id)).toEqual(
      Array.from({ length: COUNT + 1 }, (_, i) => `m${i + 1}`),
    );
    expect(store.getState().conversations[BOB_KEY]?.unread).toBe(COUNT);
  });

  it("a send's answer comes after the events it caused, and finds them applied", async () => {
    const { store, seen } = await page();
    const pending = msg(2, { direction: 'out', state: 'pending', body: 'hi' });
    handlers['chat.send'] = () => {
      host.broadcast(upserted(pending));
      host.broadcast({ event: 'conversation.changed', payload: conversation(BOB, 0, pending) });
      return pending;
    };
    const request = store
      .getState()
      .messageSendRequested({ accountId: ALICE, kind: 'chat', peer: BOB }, 'hi');
    const result = await request.then((r) => {
      seen.push('result');
      // Already in the store when the answer arrives.
      expect(store.getState().threads[BOB_KEY]?.messages.at(-1)?.id).toBe('m2');
      return r;
    });
    expect(result.ok).toBe(true);
    expect(seen).toEqual(['event message.upserted', 'event conversation.changed', 'result']);
    // On the wire too: a browser handles each frame in its own task, in this order.
    expect(frames.slice(-2)).toEqual(['events', 'result']);
  });

  it('drops a page that stops reading instead of buffering for it without end', async () => {
    const reader = new WS(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, {
      origin: `http://127.0.0.1:${host.port}`,
    });
    await new Promise((resolve) => reader.once('open', resolve));
    const closed = new Promise<number>((resolve) => reader.once('close', resolve));
    // The page stops reading: its socket fills, then the host's buffer for it.
    (reader as unknown as { _socket: { pause(): void } })._socket.pause();
    const body = 'x'.repeat(16_000);
    for (let round = 0; round < 400; round += 1) {
      host.broadcast(upserted(msg(round, { body })));
      await new Promise((resolve) => setImmediate(resolve));
      if (reader.readyState !== WS.OPEN) break;
    }
    (reader as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await closed).toBe(1006);
  });
});
