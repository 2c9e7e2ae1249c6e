/**
 * Our XMPP client, composed from the small @xmpp packages the way @xmpp/client does it, minus
 * what we must not have: @xmpp/resolve (DNS/HTTP lookups around a proxy), websocket, reconnect
 * (ours comes later) and upstream TLS (no pinning). Everything that fails comes out as an
 * XmppError; nothing escapes as an unhandled rejection or an unheard 'error' event.
 */
import { Client, jid as xmppJid } from '@xmpp/client-core';
import { promise } from '@xmpp/events';
import type { JID } from '@xmpp/jid';
import _middleware from '@xmpp/middleware';
import _streamFeatures from '@xmpp/stream-features';
import _iqCaller, { type IQCaller } from '@xmpp/iq/caller.js';
import _iqCallee from '@xmpp/iq/callee.js';
import _sasl, { type CredentialsFactory } from '@xmpp/sasl';
import _resourceBinding from '@xmpp/resource-binding';
import _streamManagement from '@xmpp/stream-management';
import SASLFactory from 'saslmechanisms';
import plain from '@xmpp/sasl-plain';
import type { Jid } from '../../shared/jid';
import { bareJid } from '../../shared/jid';
import { createLogger, type Logger } from '../log';
import { createTransport, onData } from './connection';
import { XmppError, connectionClosed, toXmppError } from './errors';
import { XmppSocket, type SocketOptions } from './socket';
import { NativeScramSha1 } from './scram';
import { requireTls, starttls } from './starttls';
import { createSession, type XmppClientEvents, type XmppSession } from './session';

export type { XmppClientEvents, XmppSession } from './session';

export interface XmppClientOptions {
  readonly jid: Jid;
  readonly password: string;
  readonly host: string;
  readonly port: number;
  readonly tls: 'starttls' | 'direct';
  /** SHA-256 fingerprint (colon-hex) the user accepted for this server. */
  readonly pinnedFingerprint?: string;
  /** Extra trusted CA (tests); production relies on the system store plus pins. */
  readonly ca?: string | Buffer;
  readonly resource?: string;
  /** Bounds the TCP connect (and direct TLS handshake), then again the stream negotiation. */
  readonly connectTimeoutMs?: number;
  readonly maxStanzaBytes?: number;
  readonly log?: Logger;
}

export interface XmppClient {
  /** The @xmpp Client: send(), on('stanza'), middleware-driven features. */
  readonly entity: Client;
  readonly iqCaller: IQCaller<Client>;
  /** Connects, secures, authenticates and binds. Call once; rejects with an XmppError. */
  start(): Promise<XmppSession>;
  /** Closes the stream (briefly waiting for the server) and the socket. Safe in any state. */
  stop(): Promise<void>;
  /** Subscribes to session events; returns the unsubscribe function. */
  on<E extends keyof XmppClientEvents>(event: E, listener: XmppClientEvents[E]): () => void;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;

/** @xmpp's Client with our data decoding and no server-directed redirects. */
class HutongClient extends Client {
  // Upstream start() creates its 'online' promise before opening the stream, so an error while
  // opening (say a DOCTYPE in the server's header) rejects that promise too, unhandled.
  override async start(): Promise<JID> {
    if (this.status !== 'offline') throw new XmppError('internal', 'the connection is not offline');
    const { service, domain, lang } = this.options;
    await this.connect(service ?? '');
    const online = promise(this, 'online') as Promise<JID>;
    online.catch(() => {});
    await this.open({ domain: domain ?? '', lang });
    return online;
  }

  _onData(data: Buffer | string): void {
    onData(this as never, data);
  }

  // see-other-host would make the client connect wherever the server says, around the host the
  // user configured (and a future proxy policy): treat it as the stream error it is.
  _onSeeOtherHost(error: Error): void {
    this.emit('error', error);
  }
}

function composeFeatures(
  entity: Client,
  options: XmppClientOptions,
  socket: SocketOptions,
  signal: AbortSignal,
) {
  const log = options.log;
  const middleware = _middleware({ entity });
  const streamFeatures = _streamFeatures({ middleware });
  const iqCaller = _iqCaller({ middleware, entity });
  const iqCallee = _iqCallee({ middleware, entity });

  // Order matters and defines priority: SCRAM before PLAIN.
  const saslFactory = new SASLFactory();
  saslFactory.use(NativeScramSha1 as unknown as SASLFactory.MechanismStatic);
  plain(saslFactory);

  // Stream features, in negotiation order (XEP-0170): TLS, the TLS guard, SASL, bind + SM.
  starttls(streamFeatures, socket, { signal, ...(log && { log }) });
  requireTls(middleware);
  const onAuthenticate = async (
    authenticate: (creds: unknown, mechanism: string) => Promise<void>,
    mechanisms: string[],
  ): Promise<void> => {
    // Second line of defence behind requireTls: credentials only ever go over verified TLS.
    if (!entity.isSecure()) throw new XmppError('tls-required', 'refusing to authenticate');
    const mechanism = mechanisms[0];
    if (!mechanism) throw new XmppError('auth-failed', 'no common SASL mechanism');
    log?.debug(`authenticating with ${mechanism}`);
    await authenticate({ username: options.jid.local, password: options.password }, mechanism);
  };
  _sasl({ streamFeatures, saslFactory }, onAuthenticate as unknown as CredentialsFactory<Client>);
  _streamManagement({ streamFeatures, entity, middleware });
  _resourceBinding({ iqCaller, streamFeatures }, options.resource);
  iqCallee.get('urn:xmpp:ping', 'ping', () => ({}));
  return { iqCaller };
}

export function createXmppClient(options: XmppClientOptions): XmppClient {
  const log = options.log ?? createLogger('xmpp');
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const domain = options.jid.domain;
  const scheme = options.tls === 'direct' ? 'xmpps' : 'xmpp';
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  // The service must contain "://": without it upstream would resolve the domain itself.
  const service = `${scheme}://${host}:${options.port}`;
  const socketOptions: SocketOptions = {
    domain,
    connectTimeoutMs,
    ...(options.pinnedFingerprint && { pinnedFingerprint: options.pinnedFingerprint }),
    ...(options.ca && { ca: options.ca }),
  };

  const entity = new HutongClient({ service, domain, timeout: connectTimeoutMs });
  entity.jid = xmppJid(options.jid.local, domain);
  entity.transports.push(
    createTransport({
      ...socketOptions,
      ...(options.maxStanzaBytes && { maxStanzaBytes: options.maxStanzaBytes }),
    }),
  );
  const abort = new AbortController();
  const { iqCaller } = composeFeatures(entity, { ...options, log }, socketOptions, abort.signal);

  const session = createSession({
    entity,
    abort,
    log,
    label: bareJid(options.jid),
    connectTimeoutMs,
    security: () => {
      const socket = entity.socket;
      const tls = socket instanceof XmppSocket ? socket.tls : null;
      if (!tls) throw new XmppError('tls-required', 'the session is not TLS-protected');
      return { tls: true, pinned: tls.pinned, fingerprint: tls.fingerprint };
    },
  });
  log.debug(`client for ${bareJid(options.jid)} via ${service}`);

  return { entity, iqCaller, start: session.start, stop: session.stop, on: session.on };
}

export { XmppError, toXmppError, connectionClosed };
