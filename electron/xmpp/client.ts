/**
 * Our XMPP client, composed from the small @xmpp packages the way @xmpp/client does it, minus
 * what we must not have: @xmpp/resolve (DNS/HTTP lookups around a proxy), websocket, reconnect
 * (the account service schedules ours, see backoff.ts) and upstream TLS (no pinning), and with
 * our IQ caller (replies only from whom we asked). Everything that fails comes out as an
 * XmppError; nothing escapes as an unhandled rejection or an unheard 'error' event.
 */
import { Client, jid as xmppJid } from '@xmpp/client-core';
import _middleware from '@xmpp/middleware';
import _streamFeatures from '@xmpp/stream-features';
import _iqCallee, { type IQCallee } from '@xmpp/iq/callee.js';
import _sasl, { type CredentialsFactory } from '@xmpp/sasl';
import _resourceBinding from '@xmpp/resource-binding';
import _streamManagement from '@xmpp/stream-management';
import type { IQCaller } from '@xmpp/iq/caller.js';
import type { Element } from '@xmpp/xml';
import SASLFactory from 'saslmechanisms';
import plain from '@xmpp/sasl-plain';
import type { Jid } from '../../shared/jid';
import { bareJid } from '../../shared/jid';
import { createLogger, type Logger } from '../log';
import type { ProxyEndpoint } from '../net/connect';
import { DEFAULT_PORTS, resolveEndpoints, type SrvResolver } from '../net/srv';
import { requestAcksByCount, type AckedSession } from './ackRequests';
import { createTransport } from './connection';
import { XmppError, connectionClosed, toXmppError } from './errors';
import { HutongClient } from './hutongClient';
import { IqCaller } from './iqCaller';
import { XmppSocket, type SocketOptions } from './socket';
import { NativeScramSha1 } from './scram';
import { requireTls, starttls } from './starttls';
import { trackSmNegotiation } from './smNegotiation';
import {
  createSession,
  type ReconnectResult,
  type StreamManagementHandle,
  type XmppClientEvents,
  type XmppSession,
} from './session';
import { NS } from '../../shared/namespaces';

export type { ReconnectResult, XmppClientEvents, XmppSecurity, XmppSession } from './session';
export type { ProxyEndpoint } from '../net/connect';
export type { SrvRecord, SrvResolver } from '../net/srv';

export interface XmppClientOptions {
  readonly jid: Jid;
  readonly password: string;
  /**
   * The server's host; without it (and without a proxy) SRV records of the domain are used,
   * then the domain itself. With a proxy the name goes to the proxy unresolved.
   */
  readonly host?: string;
  /** Defaults to 5222 (STARTTLS) or 5223 (direct TLS). */
  readonly port?: number;
  readonly tls: 'starttls' | 'direct';
  /** SOCKS5 proxy that every connection of this account goes through; it resolves names. */
  readonly proxy?: ProxyEndpoint;
  /** Never connect without the proxy, never resolve a name locally ('proxy-required'). */
  readonly torOnly?: boolean;
  /** SRV lookups (tests inject one); node:dns by default. Never called with a proxy. */
  readonly resolveSrv?: SrvResolver;
  /** SHA-256 fingerprint (colon-hex) the user accepted for this server. */
  readonly pinnedFingerprint?: string;
  /** Refuse any other certificate than the pinned one, even one a public CA vouches for. */
  readonly strictPin?: boolean;
  /** Extra trusted CA (tests); production relies on the system store plus pins. */
  readonly ca?: string | Buffer;
  readonly resource?: string;
  /** Bounds the TCP connect (and direct TLS handshake), then again the stream negotiation. */
  readonly connectTimeoutMs?: number;
  /** How long an ack we asked for may take before the session counts as deaf (ackRequests.ts). */
  readonly ackWaitMs?: number;
  readonly maxStanzaBytes?: number;
  readonly log?: Logger;
}

export interface XmppClient {
  /** The @xmpp Client: send(), on('stanza'), middleware-driven features. */
  readonly entity: Client;
  /** IQ requests; a reply counts only from the JID the request went to. */
  readonly iqCaller: IqCaller;
  /** Answers incoming IQ get/set by namespace; one reply per request, errors for the rest. */
  readonly iqCallee: IQCallee<Client>;
  /** Whether XEP-0198 is enabled on the current stream. */
  readonly streamManagement: boolean;
  /** Connects, secures, authenticates and binds. Call once; rejects with an XmppError. */
  start(): Promise<XmppSession>;
  /**
   * After 'disconnected' (not after stop()): connects again with the same options and resumes
   * the session (XEP-0198) when the server still holds it; unacknowledged stanzas are then
   * re-sent. `resumed: false` is a fresh session: roster, presence and carbons must be redone.
   */
  reconnect(): Promise<ReconnectResult>;
  /** Closes the stream (briefly waiting for the server) and the socket. Safe in any state. */
  stop(): Promise<void>;
  /** Subscribes to session events; returns the unsubscribe function. */
  on<E extends keyof XmppClientEvents>(event: E, listener: XmppClientEvents[E]): () => void;
  /**
   * Holds each answer to a stream-management request (<r/>) until `gate` settles: what the ack
   * will count must be stored first. The ack covers what was received when the gate settled.
   */
  setAckGate(gate: AckGate | undefined): void;
}

/** Settles once everything received so far is safe to acknowledge; see setAckGate. */
export type AckGate = () => Promise<void>;

export const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;

function composeFeatures(
  entity: Client,
  options: XmppClientOptions,
  socket: SocketOptions,
  abort: { current: AbortController },
  ackGate: { current: AckGate | undefined },
) {
  const log = options.log;
  const middleware = _middleware({ entity });
  const streamFeatures = _streamFeatures({ middleware });
  const iqCaller = new IqCaller(entity, middleware, log);
  const iqCallee = _iqCallee({ middleware, entity });

  // Order matters and defines priority: SCRAM before PLAIN.
  const saslFactory = new SASLFactory();
  saslFactory.use(NativeScramSha1 as unknown as SASLFactory.MechanismStatic);
  plain(saslFactory);

  // Stream features, in negotiation order (XEP-0170): TLS, the TLS guard, SASL, bind + SM.
  starttls(streamFeatures, socket, { signal: () => abort.current.signal, ...(log && { log }) });
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
  // Ahead of the stream-management middleware, which answers <r/> at once with the count of
  // everything received so far.
  middleware.use(async (context: { stanza: Element }, next: () => Promise<unknown>) => {
    if (ackGate.current && context.stanza.is('r', NS.sm)) await ackGate.current();
    return next();
  });
  const sm = _streamManagement({
    streamFeatures,
    entity,
    middleware,
  }) as unknown as StreamManagementHandle;
  requestAcksByCount(entity, sm as unknown as AckedSession, {
    log,
    label: bareJid(options.jid),
    ...(options.ackWaitMs !== undefined && { waitMs: options.ackWaitMs }),
  });
  (entity as HutongClient).smHolds = (element) =>
    sm.outbound_q.some((item) => item.stanza === element);
  _resourceBinding(
    { iqCaller: iqCaller as unknown as IQCaller<Client>, streamFeatures },
    options.resource,
  );
  iqCallee.get(NS.ping, 'ping', () => ({}));
  return { iqCaller, iqCallee, sm, smSettled: trackSmNegotiation(entity) };
}

export function createXmppClient(options: XmppClientOptions): XmppClient {
  const log = options.log ?? createLogger('xmpp');
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const domain = options.jid.domain;
  const scheme = options.tls === 'direct' ? 'xmpps' : 'xmpp';
  // Only for @xmpp's bookkeeping: the socket connects to the endpoints resolved below. It must
  // contain "://": without it upstream would resolve the domain itself.
  const serviceHost = options.host ?? domain;
  const host = serviceHost.includes(':') ? `[${serviceHost}]` : serviceHost;
  const service = `${scheme}://${host}:${options.port ?? DEFAULT_PORTS[options.tls]}`;
  const proxy = options.proxy;
  const socketOptions: SocketOptions = {
    domain,
    connectTimeoutMs,
    ...(options.pinnedFingerprint && { pinnedFingerprint: options.pinnedFingerprint }),
    ...(options.strictPin && { strictPin: true }),
    ...(options.ca && { ca: options.ca }),
    ...(proxy && { proxy }),
    ...(options.torOnly && { torOnly: true }),
    endpoints: () =>
      resolveEndpoints({
        domain,
        tls: options.tls,
        proxied: proxy !== undefined,
        ...(options.host && { host: options.host }),
        ...(options.port && { port: options.port }),
        ...(options.torOnly && { torOnly: true }),
        ...(options.resolveSrv && { resolveSrv: options.resolveSrv }),
      }),
  };

  const entity = new HutongClient({ service, domain, timeout: connectTimeoutMs });
  entity.jid = xmppJid(options.jid.local, domain);
  entity.transports.push(
    createTransport({
      ...socketOptions,
      ...(options.maxStanzaBytes && { maxStanzaBytes: options.maxStanzaBytes }),
    }),
  );
  const abort = { current: new AbortController() };
  const ackGate: { current: AckGate | undefined } = { current: undefined };
  const { iqCaller, iqCallee, sm, smSettled } = composeFeatures(
    entity,
    { ...options, log },
    socketOptions,
    abort,
    ackGate,
  );

  // @xmpp's negotiation steps (SASL, bind, stream-management enable or resume) each listen for
  // 'nonza' until their answer comes, and nothing removes them when the connection dies half
  // way. On reconnect() the stale SASL step answered the new server's challenge too, with the
  // lost attempt's nonce: the server refused the login (not-authorized), which counts as a wrong
  // password, and the account stayed offline for good. Whatever listens beyond what composing
  // the client registered belongs to a lost attempt by the time we connect again.
  const composedNonza = new Set(entity.listeners('nonza'));
  const forgetLostAttempt = () => {
    for (const listener of entity.listeners('nonza')) {
      if (!composedNonza.has(listener)) entity.off('nonza', listener as (el: Element) => void);
    }
  };

  const session = createSession({
    entity,
    forgetLostAttempt,
    abort,
    log,
    sm,
    label: bareJid(options.jid),
    connectTimeoutMs,
    streamManagementSettled: smSettled,
    security: () => {
      const socket = entity.socket;
      // The connection died just as the session came up (upstream detaches the socket): a lost
      // connection to retry, not a server without TLS (which would stop retrying for good).
      if (!socket) throw connectionClosed('the connection closed during sign-in');
      const tls = socket instanceof XmppSocket ? socket.tls : null;
      if (!tls) throw new XmppError('tls-required', 'the session is not TLS-protected');
      const proxied = socket instanceof XmppSocket && socket.proxied;
      return { tls: true, pinned: tls.pinned, fingerprint: tls.fingerprint, proxied };
    },
  });
  log.debug(`client for ${bareJid(options.jid)} via ${proxy ? 'a SOCKS5 proxy' : service}`);

  // Tor-only without a proxy fails before anything touches the network or DNS.
  const refused = (): XmppError | undefined =>
    options.torOnly && !proxy
      ? new XmppError('proxy-required', 'Tor-only is on but no proxy is configured')
      : undefined;

  return {
    entity,
    iqCaller,
    iqCallee,
    get streamManagement() {
      return sm.enabled;
    },
    start: () => {
      const error = refused();
      return error ? Promise.reject(error) : session.start();
    },
    reconnect: session.reconnect,
    stop: session.stop,
    on: session.on,
    setAckGate: (gate) => {
      ackGate.current = gate;
    },
  };
}

export { XmppError, toXmppError, connectionClosed };
