/**
 * HutongApi over the browser host's WebSocket. The page is opened at
 * http://127.0.0.1:PORT/?token=T; the token authenticates the socket. The frames, all JSON text:
 * - page → host: a request `{ id, request, params }`;
 * - host → page: its answer `{ id, result }` (a Result envelope), or a batch of events
 *   `{ events: [{ event, payload }, ...] }`: what the main process emitted in one turn, in order,
 *   each event as the contract declares it (electron/ipc/eventBatch.ts). The host sends the
 *   events a request caused before its answer.
 * A batch's events reach the listeners one by one within the frame's task, so the bridge applies
 * them together before any answer that follows resolves its request.
 * The socket reconnects with backoff; requests sent before a drop fail with 'transport-closed'.
 * Answers and events are checked against the contract as they arrive (./check.ts).
 */
import type { EventMessage, RequestName, RequestParams } from '../../shared/contract';
import { transportClosed, type LinkStatus, type RendererApi, type UiResult } from './api';
import { checkAnswer, checkIncomingEvent, consoleReporter, type ContractReporter } from './check';

const TOKEN_KEY = 'hutong.token';
const BACKOFF_MS = [250, 500, 1000, 2000, 4000, 8000];

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
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function createWebSocketApi(
  url: string,
  report: ContractReporter = consoleReporter,
): RendererApi {
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
      if (entry.sent || socket?.readyState !== WebSocket.OPEN) continue;
      socket.send(entry.frame);
      entry.sent = true;
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
    ws.addEventListener('open', () => {
      attempt = 0;
      setStatus('open');
      flush();
    });
    ws.addEventListener('message', (event) => onMessage(event.data));
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      // What was sent may or may not have been carried out; the caller decides, we only report.
      for (const [id, entry] of pending) {
        if (!entry.sent) continue;
        pending.delete(id);
        entry.resolve(transportClosed());
      }
      setStatus('closed');
      const delay = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)] ?? 8000;
      attempt += 1;
      window.setTimeout(connect, delay);
    });
  };

  connect();

  return {
    request<N extends RequestName>(name: N, params: RequestParams<N>) {
      const id = nextId++;
      const frame = JSON.stringify({ id, request: name, params });
      return new Promise((resolve) => {
        pending.set(id, { name, frame, sent: false, resolve: resolve as Pending['resolve'] });
        flush();
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
