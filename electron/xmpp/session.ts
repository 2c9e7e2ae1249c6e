/**
 * The lifecycle around an @xmpp entity: start() with deadlines and one coded failure, stop() that
 * works in any state, and after online every 'error' and the end of the session surfaced as our
 * own events. The entity always has an 'error' listener, so no failure can become an exception.
 */
import type { Client } from '@xmpp/client-core';
import type { Logger } from '../log';
import type { ErrorCode } from '../../shared/errors';
import { XmppError, connectionClosed, toXmppError } from './errors';
import { XmppSocket } from './socket';

export interface XmppSecurity {
  readonly tls: true;
  /** True when the certificate was accepted because it matched the user's pin. */
  readonly pinned: boolean;
  readonly fingerprint: string;
}

export interface XmppSession {
  /** Full JID the server bound. */
  readonly boundJid: string;
  readonly security: XmppSecurity;
}

export interface XmppClientEvents {
  /** A failure after start() resolved; a fatal one is followed by 'disconnected'. */
  error: (error: XmppError) => void;
  /** The online session ended; `error` is absent when stop() ended it. */
  disconnected: (error: XmppError | undefined) => void;
}

export interface SessionDeps {
  readonly entity: Client;
  readonly log: Logger;
  /** Bare JID, for log lines. */
  readonly label: string;
  readonly connectTimeoutMs: number;
  /** Aborted when the session is torn down, so a STARTTLS in flight does not carry on. */
  readonly abort: AbortController;
  /** How the socket was secured; throws when it was not. */
  readonly security: () => XmppSecurity;
}

/** How long stop() waits for the server to close the stream before cutting the socket. */
const STOP_WAIT_MS = 2_000;
// Errors after which the stream cannot go on; they explain the disconnect that follows.
const FATAL: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'stream-error',
  'xml-policy',
  'stanza-too-large',
  'timeout',
  'tls-failed',
]);

interface Internals {
  socket: unknown;
  timeout: number;
  status: string;
  _detachParser(): void;
}

export function createSession(deps: SessionDeps) {
  const { entity, log, label, connectTimeoutMs } = deps;
  const internals = entity as unknown as Internals;
  let state: 'idle' | 'starting' | 'online' | 'ended' = 'idle';
  let stopping = false;
  let fatal: XmppError | undefined;
  let failStart: ((reason: unknown) => void) | null = null;
  let stopped: Promise<void> | null = null;
  const listeners = {
    error: new Set<XmppClientEvents['error']>(),
    disconnected: new Set<XmppClientEvents['disconnected']>(),
  };

  function emit<E extends keyof XmppClientEvents>(
    event: E,
    arg: Parameters<XmppClientEvents[E]>[0],
  ) {
    for (const listener of [...listeners[event]]) {
      try {
        (listener as (a: typeof arg) => void)(arg);
      } catch (err) {
        log.error(`${label}: ${event} listener failed`, err);
      }
    }
  }

  function destroySocket(): void {
    deps.abort.abort();
    if (internals.socket instanceof XmppSocket) internals.socket.destroy();
  }

  entity.on('error', (err: unknown) => {
    if (failStart) return failStart(err);
    const error = toXmppError(err);
    if (state !== 'online') return log.debug(`${label}: after the session: ${error.message}`);
    if (FATAL.has(error.code)) fatal ??= error;
    log.warn(`${label}: ${error.code}${error.condition ? ` (${error.condition})` : ''}`);
    emit('error', error);
  });

  // 'close' is the server closing the stream, 'disconnect' the socket closing.
  const onGone = (): void => {
    if (failStart) {
      // The server's last words (e.g. a STARTTLS <failure/>) are handled in promise callbacks
      // that run after this synchronous event; let them report the more precise error first.
      setImmediate(() => failStart?.(connectionClosed('the server closed the connection')));
      return;
    }
    if (state !== 'online') return;
    state = 'ended';
    if (!stopping) destroySocket();
    emit('disconnected', stopping ? undefined : (fatal ?? connectionClosed()));
  };
  entity.on('close', onGone);
  entity.on('disconnect', onGone);

  function start(): Promise<XmppSession> {
    if (state !== 'idle') {
      return Promise.reject(new XmppError('internal', 'start() may only be called once'));
    }
    state = 'starting';
    const began = Date.now();
    return new Promise<XmppSession>((resolve, reject) => {
      // net/connect bounds the connect itself; this is the backstop, then the negotiation limit.
      let timer = setTimeout(
        () => failStart?.(new XmppError('timeout', 'connecting timed out')),
        connectTimeoutMs + 1_000,
      );
      const onConnect = (): void => {
        clearTimeout(timer);
        timer = setTimeout(
          () => failStart?.(new XmppError('timeout', 'stream negotiation timed out')),
          connectTimeoutMs,
        );
      };
      entity.on('connect', onConnect);
      const settle = (): void => {
        clearTimeout(timer);
        entity.off('connect', onConnect);
        failStart = null;
      };
      failStart = (reason) => {
        settle();
        state = 'ended';
        const error = toXmppError(reason);
        log.warn(
          `${label}: sign-in failed: ${error.code}${error.condition ? ` (${error.condition})` : ''}`,
        );
        destroySocket();
        reject(error);
      };
      entity.start().then(
        (address) => {
          if (!failStart) return;
          let security: XmppSecurity;
          try {
            security = deps.security();
          } catch (err) {
            return failStart(err);
          }
          settle();
          state = 'online';
          log.info(`${label}: online in ${Date.now() - began} ms`);
          resolve({ boundJid: String(address), security });
        },
        (err: unknown) => failStart?.(err),
      );
    });
  }

  function stop(): Promise<void> {
    stopped ??= (async () => {
      stopping = true;
      failStart?.(
        new XmppError('stream-error', 'sign-in cancelled', { condition: 'connection-closed' }),
      );
      if (state === 'online' && internals.socket) {
        internals.timeout = STOP_WAIT_MS;
        let timer: NodeJS.Timeout | undefined;
        const limit = new Promise<void>(
          (resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS * 2)),
        );
        await Promise.race([
          entity.stop().catch((err: unknown) => log.debug(`${label}: stop: ${String(err)}`)),
          limit,
        ]);
        clearTimeout(timer);
      }
      if (state === 'online') {
        state = 'ended';
        emit('disconnected', undefined);
      }
      state = 'ended';
      destroySocket();
      internals._detachParser();
      internals.status = 'offline';
    })();
    return stopped;
  }

  function on<E extends keyof XmppClientEvents>(
    event: E,
    listener: XmppClientEvents[E],
  ): () => void {
    const set = listeners[event] as Set<XmppClientEvents[E]>;
    set.add(listener);
    return () => set.delete(listener);
  }

  return { start, stop, on };
}
