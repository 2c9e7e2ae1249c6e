/**
 * The lifecycle around an @xmpp entity: start() with deadlines and one coded failure, reconnect()
 * after a lost connection (XEP-0198 resumption when the server still holds the session), stop()
 * that works in any state, and every 'error' and the end of a session surfaced as our own events.
 * The entity always has an 'error' listener, so no failure can become an exception.
 */
import type { Client } from '@xmpp/client-core';
import type { Element } from '@xmpp/xml';
import type { Logger } from '../log';
import type { ErrorCode } from '../../shared/errors';
import { XmppError, connectionClosed, toXmppError } from './errors';
import { XmppSocket } from './socket';

export interface XmppSecurity {
  readonly tls: true;
  /** True when the certificate was accepted because it matched the user's pin. */
  readonly pinned: boolean;
  readonly fingerprint: string;
  /** True when the connection goes through the account's SOCKS5 proxy. */
  readonly proxied: boolean;
}

export interface XmppSession {
  /** Full JID the server bound. */
  readonly boundJid: string;
  readonly security: XmppSecurity;
  /** XEP-0198 is enabled: 'acked' events will come, and a lost connection may resume. */
  readonly streamManagement: boolean;
}

export interface ReconnectResult {
  /** True: the server resumed the old session (nothing to redo); false: a fresh session. */
  readonly resumed: boolean;
  readonly session: XmppSession;
}

export interface XmppClientEvents {
  /** A failure after start() resolved; a fatal one is followed by 'disconnected'. */
  error: (error: XmppError) => void;
  /** The online session ended; `error` is absent when stop() ended it. */
  disconnected: (error: XmppError | undefined) => void;
  /** The server acknowledged (XEP-0198) an outbound stanza: it has it now. */
  acked: (stanza: Element) => void;
  /** An outbound stanza the server never acknowledged and that will not be re-sent for us. */
  unacked: (stanza: Element) => void;
}

/** The parts of the @xmpp stream-management object we listen to. */
export interface StreamManagementHandle {
  readonly enabled: boolean;
  /** Sent stanzas the server has not acknowledged yet, oldest first. */
  readonly outbound_q: ReadonlyArray<{ readonly stanza: Element }>;
  on(event: 'resumed', listener: () => void): unknown;
  on(event: 'ack' | 'fail', listener: (stanza: Element) => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
}

export interface SessionDeps {
  readonly entity: Client;
  readonly log: Logger;
  /** Bare JID, for log lines. */
  readonly label: string;
  readonly connectTimeoutMs: number;
  readonly sm: StreamManagementHandle;
  /** The signal of the current attempt; aborted on teardown so a STARTTLS in flight stops. */
  readonly abort: { current: AbortController };
  /** How the socket was secured; throws when it was not. */
  readonly security: () => XmppSecurity;
  /** Settles once the server answered our <enable/> (or at once when SM is not offered). */
  readonly streamManagementSettled: () => Promise<void>;
  /** Forgets what a lost attempt left listening (see client.ts); before each reconnect. */
  readonly forgetLostAttempt?: () => void;
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
  options: { service?: string; domain?: string; lang?: string };
  _detachParser(): void;
}

export function createSession(deps: SessionDeps) {
  const { entity, log, label, connectTimeoutMs, sm } = deps;
  const internals = entity as unknown as Internals;
  let state: 'idle' | 'starting' | 'online' | 'ended' = 'idle';
  let stopping = false;
  let wasOnline = false;
  let fatal: XmppError | undefined;
  let failStart: ((reason: unknown) => void) | null = null;
  let stopped: Promise<void> | null = null;
  const listeners = {
    error: new Set<XmppClientEvents['error']>(),
    disconnected: new Set<XmppClientEvents['disconnected']>(),
    acked: new Set<XmppClientEvents['acked']>(),
    unacked: new Set<XmppClientEvents['unacked']>(),
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

  sm.on('ack', (stanza) => emit('acked', stanza));
  sm.on('fail', (stanza) => emit('unacked', stanza));

  function destroySocket(): void {
    deps.abort.current.abort();
    if (internals.socket instanceof XmppSocket) internals.socket.destroy();
  }

  entity.on('error', (err: unknown) => {
    if (failStart) return failStart(err);
    const error = toXmppError(err);
    if (state !== 'online') return log.debug(`${label}: after the session: ${error.code}`, error);
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

  /** One connection attempt: `run` resolves with whether the server resumed the session. */
  function attempt(run: () => Promise<boolean>, cleanup = (): void => {}) {
    state = 'starting';
    fatal = undefined;
    const began = Date.now();
    return new Promise<ReconnectResult>((resolve, reject) => {
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
        cleanup();
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
      const online = async (): Promise<ReconnectResult | undefined> => {
        const resumed = await run();
        // Fresh sessions negotiate SM after 'online'; 'acked' and resumption depend on it.
        if (!resumed) await deps.streamManagementSettled();
        if (!failStart) return undefined;
        const session: XmppSession = {
          boundJid: String(entity.jid),
          security: deps.security(),
          streamManagement: sm.enabled,
        };
        return { resumed, session };
      };
      online().then(
        (result) => {
          if (!result || !failStart) return;
          settle();
          state = 'online';
          wasOnline = true;
          log.info(
            `${label}: ${result.resumed ? 'resumed' : 'online'} in ${Date.now() - began} ms`,
          );
          resolve(result);
        },
        (err: unknown) => failStart?.(err),
      );
    });
  }

  function start(): Promise<XmppSession> {
    if (state !== 'idle') {
      return Promise.reject(new XmppError('internal', 'start() may only be called once'));
    }
    return attempt(() => entity.start().then(() => false)).then((r) => r.session);
  }

  function reconnect(): Promise<ReconnectResult> {
    if (state !== 'ended' || stopping || !wasOnline) {
      return Promise.reject(
        new XmppError('internal', 'reconnect() is only possible after a lost connection'),
      );
    }
    deps.abort.current = new AbortController();
    // What the lost stream left behind; the stream-management state is kept on purpose.
    internals._detachParser();
    deps.forgetLostAttempt?.();
    let onOnline = (): void => {};
    let onResumed = (): void => {};
    const run = async (): Promise<boolean> => {
      const outcome = new Promise<boolean>((resolve) => {
        onOnline = () => resolve(false);
        onResumed = () => resolve(true);
      });
      entity.on('online', onOnline);
      sm.on('resumed', onResumed);
      const { service, domain, lang } = internals.options;
      await entity.connect(service ?? '');
      await entity.open({ domain: domain ?? '', lang: lang ?? '' });
      return outcome;
    };
    return attempt(run, () => {
      entity.off('online', onOnline);
      sm.off('resumed', onResumed);
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
          entity.stop().catch((err: unknown) => log.debug(`${label}: stop failed`, err)),
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

  return { start, reconnect, stop, on };
}
