/**
 * HutongApi over the browser host's WebSocket. The page is opened at
 * http://127.0.0.1:PORT/?token=T; the token authenticates the socket. The frames, all JSON text:
 * - host → page, first: `{ ready: true }` (HOST_READY_FRAME), the token accepted;
 * - page → host: a request `{ id, request, params }`;
 * - host → page: its answer `{ id, result }` (a Result envelope), or a batch of events
 *   `{ events: [{ event, payload }, ...] }`: what the main process emitted in one turn, in order,
 *   each event as the contract declares it (electron/ipc/eventBatch.ts). The host sends the
 *   events a request caused before its answer.
 * A batch's events reach the listeners one by one within the frame's task, so the bridge applies
 * them together before any answer that follows resolves its request.
 *
 * The link's states (LinkStatus): a socket that cannot reach the host reconnects with backoff
 * ('closed' between attempts); one the host closes with TOKEN_REFUSED_CLOSE_CODE ('refused')
 * never retries, since the token is new at every launch and this one can never work again. The
 * link is 'open' once the host's ready frame arrives, not when the socket opens (a refused socket
 * opens too, just before it closes), so nothing is sent before the token is accepted.
 *
 * Requests while the link is down fail at once rather than wait. A request is what the user asked
 * for at that moment (send this, go away, join that room): carried out seconds later, after they
 * have moved on, it would surprise them; the durable queue for messages is the main process's
 * outbox, which the page cannot reach while the link is down, so holding requests in page memory
 * would only pretend to keep them (a reload loses them). The banner says the link is down; the
 * failed action shows 'transport-closed' and can be retried; on reconnection the store reloads
 * what it shows. Only while an attempt is under way ('connecting', as when the page starts) do
 * requests wait for it, and at most REQUEST_WAIT_MS, so nothing hangs on a host that never answers.
 * What was sent and is unanswered when the socket closes fails too: it may or may not have been
 * carried out, and the caller decides.
 * Answers and events are checked against the contract as they arrive (./check.ts).
 */
import type { EventMessage, RequestName, RequestParams } from '../../shared/contract';
import { TOKEN_REFUSED_CLOSE_CODE } from '../../shared/hostLink';
import {
  transportClosed,
  transportRefused,
  type LinkStatus,
  type RendererApi,
  type UiResult,
} from './api';
import { checkAnswer, checkIncomingEvent, consoleReporter, type ContractReporter } from './check';

const TOKEN_KEY = 'hutong.token';
const BACKOFF_MS = [250, 500, 1000, 2000, 4000, 8000];
/** The longest a request waits for a connection attempt under way before it fails. */
export const REQUEST_WAIT_MS = 10_000;

/** Takes the token from the address bar once, keeps it for reloads, and hides it from the URL. */
export function takeToken(loc: Location = window.location): string {
  const url = new URL(loc.href);
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) {
    sessionStorage.setItem(TOKEN_KEY, fromQuery);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromQuery;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

interface Pending {
  readonly name: RequestName;
  readonly frame: string;
  sent: boolean;
  readonly resolve: (result: UiResult<unknown>) => void;
  /** Fails an unsent request after REQUEST_WAIT_MS; cleared once it is sent. */
  timer?: ReturnType<typeof setTimeout>;
}

export interface WebSocketApiOptions {
  /** REQUEST_WAIT_MS unless a test needs a shorter wait. */
  readonly requestWaitMs?: number;
  /** Where refused answers and events are reported (the console unless a test listens). */
  readonly report?: ContractReporter;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function createWebSocketApi(url: string, options: WebSocketApiOptions = {}): RendererApi {
  const requestWaitMs = options.requestWaitMs ?? REQUEST_WAIT_MS;
  const report = options.report ?? consoleReporter;
  const pending = new Map<number, Pending>();
  const eventListeners = new Set<(message: EventMessage) => void>();
  const statusListeners = new Set<(status: LinkStatus) => void>();
  let status: LinkStatus = 'connecting';
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;

  const setStatus = (next: LinkStatus): void => {
    if (next === status) return;
    status = next;
    for (const listener of statusListeners) listener(next);
  };

  const flush = (): void => {
    for (const entry of pending.values()) {
      // Nothing leaves before the host's ready frame: an opened socket may still be refused.
      if (entry.sent || status !== 'open' || socket?.readyState !== WebSocket.OPEN) continue;
      socket.send(entry.frame);
      entry.sent = true;
      clearTimeout(entry.timer);
    }
  };

  /** Fails every request, sent or waiting, with `result`. */
  const failAll = (result: UiResult<never>): void => {
    for (const [id, entry] of pending) {
      pending.delete(id);
      clearTimeout(entry.timer);
      entry.resolve(result);
    }
  };

  const onMessage = (raw: unknown): void => {
    if (typeof raw !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch {
      return;
    }
    if (!isObject(message)) return;
    if (message.ready === true) {
      attempt = 0;
      setStatus('open');
      flush();
      return;
    }
    if (typeof message.id === 'number' && 'result' in message) {
      const entry = pending.get(message.id);
      if (!entry) return;
      pending.delete(message.id);
      entry.resolve(checkAnswer(entry.name, message.result, report));
    } else if (Array.isArray(message.events)) {
      for (const raw of message.events as unknown[]) {
        const event = checkIncomingEvent(raw, report);
        if (!event) continue;
        for (const listener of eventListeners) listener(event);
      }
    }
  };

  const connect = (): void => {
    setStatus('connecting');
    const ws = new WebSocket(url);
    socket = ws;
    ws.addEventListener('message', (event) => onMessage(event.data));
    ws.addEventListener('close', (event) => {
      if (socket !== ws) return;
      socket = null;
      if (event.code === TOKEN_REFUSED_CLOSE_CODE) {
        failAll(transportRefused());
        setStatus('refused');
        return;
      }
      // Sent or waiting for this attempt, every request fails now (see the header).
      failAll(transportClosed());
      setStatus('closed');
      const delay = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)] ?? 8000;
      attempt += 1;
      window.setTimeout(connect, delay);
    });
  };

  connect();

  return {
    request<N extends RequestName>(name: N, params: RequestParams<N>) {
      if (status === 'refused') return Promise.resolve(transportRefused());
      if (status === 'closed') return Promise.resolve(transportClosed());
      const id = nextId++;
      const frame = JSON.stringify({ id, request: name, params });
      return new Promise((resolve) => {
        const entry: Pending = { name, frame, sent: false, resolve: resolve as Pending['resolve'] };
        pending.set(id, entry);
        flush();
        if (entry.sent) return;
        entry.timer = setTimeout(() => {
          if (pending.get(id) !== entry || entry.sent) return;
          pending.delete(id);
          entry.resolve(transportClosed());
        }, requestWaitMs);
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onLinkStatus(listener) {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
  };
}
