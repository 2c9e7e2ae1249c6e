/**
 * The browser host: the renderer served over HTTP and the contract over a WebSocket, on 127.0.0.1
 * only. A random per-launch token gates the socket, and the Origin and Host headers must be our
 * own, so neither another local user's page nor a DNS-rebinding site can drive the services
 * (a foreign Origin gets an HTTP 403; our own page with a wrong token a readable close code).
 * Events go out in batches, one frame each (the frames are described in
 * renderer/transport/websocket.ts). A client that stops reading is not answered without end:
 * its requests are flow-controlled (clientFlow.ts), and one that lets events pile up is dropped.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventMessage } from '../../shared/contract';
import { HOST_READY_FRAME, TOKEN_REFUSED_CLOSE_CODE } from '../../shared/hostLink';
import type { Dispatch } from '../ipc/dispatch';
import { createEventBatcher } from '../ipc/eventBatch';
import { createLogger } from '../log';
import { createClientFlow, type ClientFlow } from './clientFlow';
import { serveStatic } from './staticFiles';

const log = createLogger('host');

/** Requests are small; anything bigger is a bug or an attack. */
const MAX_MESSAGE_BYTES = 1024 * 1024;
/**
 * What may wait in a client's send buffer. A page that reads keeps it near zero even in a flood
 * (the browser reads the socket off its main thread); past this the page is frozen or gone, and
 * keeping every later event for it would grow the host without bound. It is dropped instead, and
 * reloads what it shows when it reconnects.
 */
export const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

export interface HostServerOptions {
  readonly staticDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly dispatch: Dispatch;
  readonly token?: string;
  /** MAX_BUFFERED_BYTES unless a test needs a smaller bound. */
  readonly maxBufferedBytes?: number;
}

/** One connected page as flow control sees it (for tests and diagnostics). */
export interface HostClientStats {
  readonly inFlight: number;
  readonly queued: number;
  readonly bufferedAmount: number;
  readonly paused: boolean;
}

export interface HostServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Queues an event for every connected page; it leaves with the next batch. */
  broadcast(message: EventMessage): void;
  clients(): HostClientStats[];
  close(): Promise<void>;
}

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function reject(socket: Socket, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startHostServer(options: HostServerOptions): Promise<HostServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const maxBuffered = options.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const flows = new WeakMap<WebSocket, ClientFlow>();
  let port = options.port;
  // One origin only: the CSP's connect-src names 127.0.0.1, and so does the printed URL.
  const allowedHosts = () => [`127.0.0.1:${port}`];
  const hostAllowed = (req: IncomingMessage) => allowedHosts().includes(req.headers.host ?? '');

  const server = createServer((req, res) => {
    if (!hostAllowed(req)) {
      res.writeHead(421).end();
      return;
    }
    serveStatic(options.staticDir, port, req, res).catch((error: unknown) => {
      log.error('static file failed', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  server.on('upgrade', (req, socket: Socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origins = allowedHosts().map((h) => `http://${h}`);
    if (url.pathname !== '/ws' || !hostAllowed(req)) return reject(socket, 404, 'Not Found');
    if (!origins.includes(req.headers.origin ?? '')) return reject(socket, 403, 'Forbidden');
    if (!sameToken(url.searchParams.get('token'), token)) {
      // Our own page with a stale token: tell it in a way it can read (shared/hostLink.ts).
      // Nothing it sends is read: no handler is attached before the socket closes.
      return wss.handleUpgrade(req, socket, head, (ws) =>
        ws.close(TOKEN_REFUSED_CLOSE_CODE, 'token refused'),
      );
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  /** Sends unless the client stopped reading; such a client is dropped (see MAX_BUFFERED_BYTES). */
  function sendTo(client: WebSocket, text: string): void {
    if (client.readyState !== client.OPEN) return;
    if (client.bufferedAmount + text.length > maxBuffered) {
      log.warn(`dropped a client that stopped reading (${client.bufferedAmount} bytes waiting)`);
      client.terminate();
      return;
    }
    client.send(text, () => flows.get(client)?.written());
  }

  // One serialization per batch, whatever the number of clients.
  const events = createEventBatcher({
    send: (batch) => {
      const text = JSON.stringify({ events: batch });
      for (const client of wss.clients) sendTo(client, text);
    },
  });

  function attach(ws: WebSocket): void {
    // Before any event batch can reach it (shared/hostLink.ts).
    ws.send(HOST_READY_FRAME);
    const flow = createClientFlow(ws, (text) => handle(ws, text));
    flows.set(ws, flow);
    ws.on('error', (error) => log.warn('socket error', error));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text only');
      flow.received(data.toString());
    });
  }

  async function handle(ws: WebSocket, text: string): Promise<void> {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return ws.close(1007, 'invalid JSON');
    }
    const { id, request, params } = (message ?? {}) as Record<string, unknown>;
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) return ws.close(1008, 'missing id');
    const result = await options.dispatch(request, params);
    // Events the request caused (a sent message stored) go first, in their own frame.
    events.flush();
    sendTo(ws, JSON.stringify({ id, result }));
  }

  await new Promise<void>((resolve, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    broadcast: (message) => events.push(message),
    clients: () =>
      [...wss.clients].map((ws) => ({
        ...(flows.get(ws)?.stats() ?? { inFlight: 0, queued: 0 }),
        bufferedAmount: ws.bufferedAmount,
        paused: ws.isPaused,
      })),
    async close() {
      events.close();
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
