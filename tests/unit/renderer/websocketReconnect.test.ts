/**
 * The renderer's WebSocket client (renderer/transport/websocket.ts) against a real `ws` server in
 * this process (`ws` plays the browser's WebSocket): requests are answered; when the server goes
 * away the link reports it and requests in flight fail with 'transport-closed' instead of hanging;
 * the client comes back with growing delays once the server does, and requests work again; a
 * token the server refuses is retried with the same growing, capped delays, never in a storm.
 *
 * The client schedules its reconnection with `window.setTimeout`: the test's `window` records the
 * delay asked for and waits a tenth of it, so the backoff is checked exactly and quickly.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WS, { WebSocketServer } from 'ws';
import type { LinkStatus, RendererApi } from '../../../renderer/transport';
import { createWebSocketApi } from '../../../renderer/transport/websocket';

const TOKEN = 'good-token';

interface TestServer {
  readonly port: number;
  /** Upgrades seen, accepted or not. */
  attempts: number;
  /** Requests received, by name. */
  readonly received: string[];
  /** When false, requests are received and never answered. */
  answering: boolean;
  close(): Promise<void>;
}

const servers = new Set<TestServer>();

const APP_INFO = { version: '0.1.0', transport: 'browser', locale: 'en', defaults: {} } as const;

/** A contact named after the account asked about, so each answer can be told apart. */
const rosterOf = (accountId: string) => [
  {
    jid: `friend-of-${accountId}`,
    groups: [],
    subscription: 'both',
    pending: false,
    presence: { show: 'offline' },
  },
];

/** Answers as the contract declares them (the client checks them): roster.get and app.info. */
function answerTo(request: string, params: unknown): unknown {
  if (request === 'roster.get') return rosterOf((params as { accountId: string }).accountId);
  return APP_INFO;
}

/** A host stand-in: refuses a wrong token with 401 and answers requests (see answerTo). */
async function startServer(port = 0): Promise<TestServer> {
  const http: Server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  const server: TestServer = {
    port: 0,
    attempts: 0,
    received: [],
    answering: true,
    close: async () => {
      servers.delete(server);
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
  http.on('upgrade', (req, socket, head) => {
    server.attempts += 1;
    const token = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('token');
    if (token !== TOKEN) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data) => {
        const { id, request, params } = JSON.parse(String(data)) as {
          id: number;
          request: string;
          params: unknown;
        };
        server.received.push(request);
        if (!server.answering) return;
        ws.send(JSON.stringify({ id, result: { ok: true, value: answerTo(request, params) } }));
      });
    });
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  Object.assign(server, { port: (http.address() as AddressInfo).port });
  servers.add(server);
  return server;
}

/** Resolves once `condition` holds, checking every few milliseconds (no fixed sleeps). */
async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * `ws` as the page's WebSocket. A browser's socket reports a failed connection as an 'error'
 * event nobody has to handle; `ws` is an EventEmitter that throws an unhandled 'error', so one
 * quiet listener makes it behave like the browser's.
 */
class PageSocket extends WS {
  constructor(url: string) {
    super(url);
    this.on('error', () => {});
  }
}

let delays: number[];
let stopped: boolean;
const timers = new Set<ReturnType<typeof setTimeout>>();
let saved: { WebSocket: unknown; window: unknown };

beforeEach(() => {
  delays = [];
  stopped = false;
  saved = { WebSocket: globalThis.WebSocket, window: globalThis.window };
  const testWindow = {
    setTimeout: (fn: () => void, ms: number) => {
      delays.push(ms);
      if (stopped) return 0;
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopped) fn();
      }, ms / 10);
      timers.add(timer);
      return 0;
    },
  };
  Object.assign(globalThis, { WebSocket: PageSocket, window: testWindow });
});

afterEach(async () => {
  // The client has no close(): stop its reconnection timers, then its server.
  stopped = true;
  for (const timer of timers) clearTimeout(timer);
  timers.clear();
  for (const server of [...servers]) await server.close();
  Object.assign(globalThis, saved);
});

function client(port: number, token = TOKEN): { api: RendererApi; statuses: LinkStatus[] } {
  const api = createWebSocketApi(`ws://127.0.0.1:${port}/?token=${token}`);
  const statuses: LinkStatus[] = [];
  api.onLinkStatus((status) => statuses.push(status));
  return { api, statuses };
}

describe('WebSocket client', () => {
  it('answers requests, including those made before the socket opened', async () => {
    const server = await startServer();
    const { api, statuses } = client(server.port);
    const early = api.request('app.info', {});
    expect(statuses).toEqual(['connecting']);
    expect(await early).toEqual({ ok: true, value: APP_INFO });
    expect(statuses).toEqual(['connecting', 'open']);
    const results = await Promise.all([
      api.request('roster.get', { accountId: 'a@x' }),
      api.request('roster.get', { accountId: 'b@x' }),
    ]);
    expect(results).toEqual([
      { ok: true, value: rosterOf('a@x') },
      { ok: true, value: rosterOf('b@x') },
    ]);
  });

  it('fails requests in flight with transport-closed when the server goes, and reports it', async () => {
    const server = await startServer();
    const { api, statuses } = client(server.port);
    await until(() => statuses.at(-1) === 'open');
    server.answering = false;
    const inFlight = api.request('app.info', {});
    await until(() => server.received.length === 1);
    await server.close();
    const result = await inFlight;
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('transport-closed');
    expect(statuses).toContain('closed');
  });

  it('reconnects with growing delays once the server is back, and requests work again', async () => {
    const first = await startServer();
    const port = first.port;
    const { api, statuses } = client(port);
    await until(() => statuses.at(-1) === 'open');
    await first.close();
    await until(() => delays.length >= 3);
    // Nobody there: each failed attempt waits longer than the one before.
    expect(delays.slice(0, 3)).toEqual([250, 500, 1000]);
    expect(statuses.slice(0, 4)).toEqual(['connecting', 'open', 'closed', 'connecting']);
    // A request made while the link is down waits for it rather than failing.
    const queued = api.request('app.info', {});
    const second = await startServer(port);
    expect(await queued).toEqual({ ok: true, value: APP_INFO });
    expect(statuses.at(-1)).toBe('open');
    expect(second.received).toEqual(['app.info']);
    expect(await api.request('roster.get', { accountId: 'a@x' })).toEqual({
      ok: true,
      value: rosterOf('a@x'),
    });
    // A connection that opened starts the backoff again from its shortest delay.
    const before = delays.length;
    await second.close();
    await until(() => delays.length > before);
    expect(delays[before]).toBe(250);
  });

  it(
    'retries a refused token with growing, capped delays, never in a storm',
    { timeout: 20_000 },
    async () => {
      const server = await startServer();
      const { api, statuses } = client(server.port, 'wrong-token');
      await until(() => delays.length >= 8, 10_000);
      expect(delays.slice(0, 8)).toEqual([250, 500, 1000, 2000, 4000, 8000, 8000, 8000]);
      // One upgrade per scheduled retry, plus the first: no attempts outside the backoff.
      expect(server.attempts).toBeLessThanOrEqual(delays.length + 1);
      expect(statuses).not.toContain('open');
      // The server never saw a request, and the pending one still waits for a link.
      expect(server.received).toEqual([]);
      let settled = false;
      void api.request('app.info', {}).then(() => (settled = true));
      await new Promise((resolve) => setImmediate(resolve));
      expect(settled).toBe(false);
    },
  );
});
