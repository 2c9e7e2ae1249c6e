/**
 * STARTTLS (RFC 6120 §5) through our verifier instead of @xmpp/starttls (which cannot pin or take
 * a CA), and the guard that keeps credentials off a plaintext stream: it runs on every stream
 * features element after STARTTLS and before SASL, and fails unless the socket is verified TLS.
 */
import xml from '@xmpp/xml';
import type { Element } from '@xmpp/xml';
import type { Client } from '@xmpp/client-core';
import type { Middleware } from '@xmpp/middleware';
import type { StreamFeatures } from '@xmpp/stream-features';
import { upgradeToTls } from '../net/tlsVerify';
import { XmppError, connectionClosed } from './errors';
import { XmppSocket, type SocketOptions } from './socket';
import { NS } from '../../shared/namespaces';

/** The semi-private @xmpp/connection methods STARTTLS needs (stable in 0.14.0, pinned exactly). */
interface EntityInternals {
  socket: unknown;
  _attachSocket(socket: XmppSocket): void;
  _detachSocket(): void;
  restart(): Promise<unknown>;
  sendReceive(element: Element, timeout?: number): Promise<Element>;
}

export interface StarttlsContext {
  /** The current attempt's signal, aborted on teardown: a handshake must not revive it. */
  readonly signal: () => AbortSignal;
  readonly log?: { debug(message: string): void };
}

export function starttls(
  streamFeatures: StreamFeatures<Client>,
  options: SocketOptions,
  context: StarttlsContext,
): void {
  const { log } = context;
  streamFeatures.use('starttls', NS.tls, async ({ entity }, next) => {
    const signal = context.signal();
    const internals = entity as unknown as EntityInternals;
    const current = internals.socket;
    if (!(current instanceof XmppSocket) || current.secure) return next();

    const answer = await internals.sendReceive(xml('starttls', { xmlns: NS.tls }));
    if (!answer.is('proceed', NS.tls)) {
      throw new XmppError('tls-failed', 'the server refused STARTTLS');
    }
    // Our listeners leave the plain socket before TLS takes it over, so its end is not
    // mistaken for the end of the session.
    internals._detachSocket();
    const raw = current.release();
    if (!raw) throw connectionClosed('connection closed before STARTTLS');
    const onAbort = (): void => {
      raw.destroy();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const acceptance = await upgradeToTls(raw, {
      ...options,
      timeoutMs: options.connectTimeoutMs,
    }).finally(() => signal.removeEventListener('abort', onAbort));
    if (signal.aborted) {
      acceptance.socket.destroy();
      throw connectionClosed('the session ended during STARTTLS');
    }
    log?.debug(`STARTTLS done (${acceptance.pinned ? 'pinned certificate' : 'trusted chain'})`);
    internals._attachSocket(XmppSocket.fromTls(acceptance, options));
    await internals.restart();
  });
}

/** Registered after starttls and before SASL: no authentication on a stream we did not secure. */
export function requireTls(middleware: Middleware<Client>): void {
  middleware.use((ctx, next) => {
    if (!ctx.stanza.is('features', NS.streams)) return next();
    const socket = (ctx.entity as unknown as EntityInternals).socket;
    if (socket instanceof XmppSocket && socket.secure) return next();
    throw new XmppError('tls-required', 'the server offers no TLS; refusing to authenticate');
  });
}
