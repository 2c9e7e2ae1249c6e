/**
 * A real `ws` server standing in for the browser host, and `ws` playing the browser's WebSocket,
 * for the renderer's WebSocket client (renderer/transport/websocket.ts).
 *
 * The client schedules its reconnection with `window.setTimeout`: the test's `window` records the
 * delay asked for and waits a tenth of it, so the backoff is checked exactly and quickly.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach } from 'vitest';
import WS, { WebSocketServer } from 'ws';
import { HOST_READY_FRAME, TOKEN_REFUSED_CLOSE_CODE } from '../../../shared/hostLink';
import type { LinkStatus, RendererApi } from '../../../renderer/transport';
import {
  createWebSocketApi,
  type WebSocketApiOptions,
} from '../../../renderer/transport/websocket';

export const TOKEN = 'good-token';

export interface TestServer {
  readonly port: number;
  /** Upgrades seen, accepted or not. */
  attempts: number;
  /** Requests received, by name. */
  readonly received: string[];
  /** When false, requests are received and never answered. */
  answering: boolean;
  close(): Promise<void>;
}

/**
 * How the stand-in treats an upgrade: as the host does ('host': a wrong token is accepted and
 * closed with TOKEN_REFUSED_CLOSE_CODE), with an HTTP 401 (which a browser cannot read), or not
 * at all (a host that accepts connections and never answers).
 */
export type Refusal = 'host' | 'http-401';

const servers = new Set<TestServer>();

export const APP_INFO = {
  version: '0.1.0',
  transport: 'browser',
  locale: 'en',
  defaults: {},
} as const;

/** A contact named after the account asked about, so each answer can be told apart. */
export const rosterOf = (accountId: string) => [
  {
    jid: `friend-of-${accountId}`,
    groups: [],
    subscription: 'both',
    pending: false,
    presence: { show: 'offline' },
  },
];

/** Answers as the contract declares them (the client checks them): roster.get, else app.info. */
function answerTo(request: unknown, params: unknown): unknown {
  if (request === 'roster.get') return rosterOf((params as { accountId: string }).accountId);
  return APP_INFO;
}

/** A host stand-in answering requests (see answerTo), or refusing the token as told. */
export async function startServer(
  port = 0,
  options: { refusal?: Refusal; silent?: boolean } = {},
): Promise<TestServer> {
  const http: Server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  const held = new Set<import('node:stream').Duplex>();
  const server: TestServer = {
    port: 0,
    attempts: 0,
    received: [],
    answering: true,
    close: async () => {
      servers.delete(server);
      for (const client of wss.clients) client.terminate();
      for (const socket of held) socket.destroy();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
  http.on('upgrade', (req, socket, head) => {
    server.attempts += 1;
    if (options.silent) {
      held.add(socket);
      return;
    }
    const token = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('token');
    if (token !== TOKEN && options.refusal === 'http-401') {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (token !== TOKEN) return ws.close(TOKEN_REFUSED_CLOSE_CODE, 'token refused');
      ws.send(HOST_READY_FRAME);
      ws.on('message', (data) => {
        const { id, request, params } = JSON.parse(String(data)) as {
          id: number;
          request: string;
          params: unknown;
        };
        server.received.push(request);
        if (server.answering)
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
export async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
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

/** The reconnection delays the client asked for, in order. */
export const delays: number[] = [];
let stopped = false;
const timers = new Set<ReturnType<typeof setTimeout>>();
let saved: { WebSocket: unknown; window: unknown };

/** Installs the page's globals around each test of the calling file and cleans up after it. */
export function useWsHarness(): void {
  beforeEach(() => {
    delays.length = 0;
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
    // A client's socket may report its close after this (a held connection cut by close()): its
    // reconnection then finds a window that schedules nothing, rather than none at all.
    Object.assign(globalThis, {
      WebSocket: saved.WebSocket,
      window: saved.window ?? { setTimeout: () => 0 },
    });
  });
}

export function client(
  port: number,
  token = TOKEN,
  options?: WebSocketApiOptions,
): { api: RendererApi; statuses: LinkStatus[] } {
  const api = createWebSocketApi(`ws://127.0.0.1:${port}/?token=${token}`, options);
  const statuses: LinkStatus[] = [];
  api.onLinkStatus((status) => statuses.push(status));
  return { api, statuses };
}
