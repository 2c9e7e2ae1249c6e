/**
 * The socket object @xmpp/connection drives (`new this.Socket()`, connect(params), write, end).
 * It wraps the raw socket from net/connect so every byte goes through our connect path (and later
 * the proxy), and it reports `secure` only for TLS that our verifier accepted, which is what the
 * TLS guard and SASL mechanism choice rely on.
 */
import { EventEmitter } from 'node:events';
import type net from 'node:net';
import { connect, type Connected, type ProxyEndpoint } from '../net/connect';
import type { Endpoint } from '../net/srv';
import type { TlsAcceptance } from '../net/tlsVerify';
import type { ErrorCode } from '../../shared/errors';
import { XmppError, connectionClosed, toXmppError } from './errors';

export interface SocketOptions {
  /** XMPP domain the certificate must match. */
  readonly domain: string;
  readonly connectTimeoutMs: number;
  readonly pinnedFingerprint?: string;
  /** Only the pinned certificate is accepted (see TlsVerifyOptions.strictPin). */
  readonly strictPin?: boolean;
  readonly ca?: string | Buffer;
  readonly proxy?: ProxyEndpoint;
  readonly torOnly?: boolean;
  /** Where to connect, in order (SRV); without it, the host and port of the service URL. */
  readonly endpoints?: () => Promise<readonly Endpoint[]>;
}

// Failures of one endpoint after which the next one is worth trying; a certificate or proxy
// failure is an answer about the server or the route, not about this address.
const TRY_NEXT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'connection-refused',
  'host-unreachable',
  'timeout',
]);

/** What socketParameters() extracts from the service URL. */
export interface SocketParams {
  readonly host: string;
  readonly port: number;
  /** xmpps://: TLS from the first byte; otherwise plain TCP and STARTTLS. */
  readonly direct: boolean;
}

export class XmppSocket extends EventEmitter {
  /** True only once our verifier accepted the server's certificate. */
  secure = false;
  tls: TlsAcceptance | null = null;
  /** True when the bytes go through the SOCKS5 proxy. */
  proxied = false;
  #raw: net.Socket | null = null;
  /** Destroyed or released: late results of a pending connect are discarded. */
  #closed = false;
  #closeEmitted = false;
  readonly #abort = new AbortController();
  readonly #options: SocketOptions;
  readonly #forward = {
    data: (data: Buffer) => this.emit('data', data),
    error: (err: Error) => this.#emitError(err),
    close: (hadError: boolean) => this.#onClose(hadError),
  };

  constructor(options: SocketOptions) {
    super();
    this.#options = options;
  }

  /** Wraps a socket our verifier accepted during STARTTLS. */
  static fromTls(acceptance: TlsAcceptance, options: SocketOptions): XmppSocket {
    const socket = new XmppSocket(options);
    socket.proxied = options.proxy !== undefined;
    socket.#attach(acceptance.socket, acceptance);
    return socket;
  }

  /** The underlying socket, for STARTTLS to upgrade; null once closed or released. */
  get raw(): net.Socket | null {
    return this.#raw;
  }

  connect(params: SocketParams): void {
    this.#connectAny(params).then(
      ({ socket, tls, proxied }) => {
        if (this.#closed) {
          socket.destroy();
          return;
        }
        this.proxied = proxied;
        this.#attach(socket, tls ?? null);
        this.emit('connect');
      },
      (err: unknown) => {
        if (this.#closed) return;
        this.#emitError(err);
        this.#onClose(true);
      },
    );
  }

  /** Tries each endpoint in turn within one overall connect deadline. */
  async #connectAny(params: SocketParams): Promise<Connected> {
    const { domain, pinnedFingerprint, strictPin, ca, connectTimeoutMs, proxy, torOnly } =
      this.#options;
    const endpoints = this.#options.endpoints ? await this.#options.endpoints() : [params];
    if (endpoints.length === 0) throw new XmppError('host-unreachable', `no address for ${domain}`);
    const deadline = Date.now() + connectTimeoutMs;
    let lastError: unknown;
    for (const [index, endpoint] of endpoints.entries()) {
      if (this.#closed) throw connectionClosed('the connection was stopped');
      // A silent first address must not eat the time of the others.
      const share = Math.floor((deadline - Date.now()) / (endpoints.length - index));
      try {
        return await connect({
          host: endpoint.host,
          port: endpoint.port,
          connectTimeoutMs: Math.max(1, share),
          signal: this.#abort.signal,
          ...(proxy && { proxy }),
          ...(torOnly && { torOnly }),
          ...(params.direct && { directTls: { domain, pinnedFingerprint, strictPin, ca } }),
        });
      } catch (err) {
        lastError = err;
        if (!TRY_NEXT.has(toXmppError(err).code)) throw err;
      }
    }
    throw lastError;
  }

  /** Detaches from the raw socket and hands it over (STARTTLS); this wrapper is then dead. */
  release(): net.Socket | null {
    const raw = this.#raw;
    if (raw) for (const [event, fn] of Object.entries(this.#forward)) raw.off(event, fn);
    this.#raw = null;
    this.#closed = true;
    return raw;
  }

  write(data: string, callback: (err?: Error | null) => void): void {
    const raw = this.#raw;
    if (!raw || raw.destroyed || !raw.writable) {
      callback(connectionClosed('the socket is closed'));
      return;
    }
    raw.write(data, callback);
  }

  end(): void {
    if (this.#raw) this.#raw.end();
    else this.destroy();
  }

  destroy(): void {
    const wasClosed = this.#closed;
    this.#closed = true;
    this.#abort.abort(connectionClosed('the connection was stopped'));
    if (this.#raw) this.#raw.destroy();
    // Still connecting: nobody else will report the close that stop() waits for.
    else if (!wasClosed) setImmediate(() => this.#onClose(false));
  }

  #attach(raw: net.Socket, tls: TlsAcceptance | null): void {
    this.#raw = raw;
    this.tls = tls;
    this.secure = tls !== null;
    for (const [event, fn] of Object.entries(this.#forward)) raw.on(event, fn);
  }

  #emitError(err: unknown): void {
    // An unheard 'error' would throw from inside a socket callback: an uncaught exception.
    if (this.listenerCount('error') > 0) this.emit('error', toXmppError(err));
  }

  #onClose(hadError: boolean): void {
    if (this.#closeEmitted) return;
    this.#closeEmitted = true;
    this.#closed = true;
    this.#raw = null;
    this.emit('close', hadError);
  }
}
