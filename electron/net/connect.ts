/**
 * The one place that opens a raw socket to a server. Keeping it single matters: with a SOCKS5
 * proxy every connection goes through it (the proxy resolves the host name, socks5h), and any
 * other path that opened a socket (or resolved a name) would leak around it. There is never a
 * fallback from the proxy to a direct connection.
 */
import net from 'node:net';
import { SocksClient } from 'socks';
import { XmppError, toXmppError } from '../xmpp/errors';
import { upgradeToTls, type TlsAcceptance, type TlsVerifyOptions } from './tlsVerify';

/** A SOCKS5 proxy (Tor's is 127.0.0.1:9050). */
export interface ProxyEndpoint {
  readonly host: string;
  readonly port: number;
}

export interface ConnectOptions {
  /** The server; with a proxy this name is sent to the proxy unresolved. */
  readonly host: string;
  readonly port: number;
  /** Bounds the TCP connect and, for direct TLS, the handshake too. */
  readonly connectTimeoutMs: number;
  /** Direct TLS (xmpps): verify the server with these options right after the TCP connect. */
  readonly directTls?: Omit<TlsVerifyOptions, 'timeoutMs'>;
  /** Aborting destroys the socket and rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  readonly proxy?: ProxyEndpoint;
  /** Refuse any connection that would not go through the proxy. */
  readonly torOnly?: boolean;
}

export interface Connected {
  readonly socket: net.Socket;
  /** Present when the socket is TLS (direct TLS). */
  readonly tls?: TlsAcceptance;
  /** True when the connection goes through the SOCKS5 proxy. */
  readonly proxied: boolean;
}

/** Runs `open` bounded by the deadline and the abort signal; `cleanup` disposes a late result. */
function bounded<T>(
  options: ConnectOptions,
  deadline: number,
  open: () => Promise<T>,
  cleanup: (value: T) => void,
  onTimeout: () => XmppError,
  /** Gives up what is still pending (a connecting socket) on timeout or abort. */
  abandon: () => void = () => {},
): Promise<T> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error: XmppError | null, value?: T): void => {
      if (settled) {
        if (value !== undefined) cleanup(value);
        return;
      }
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) {
        if (value !== undefined) cleanup(value);
        else abandon();
        reject(error);
      } else resolve(value as T);
    };
    const onAbort = (): void => settle(toXmppError(options.signal?.reason ?? 'aborted'));
    const timer = setTimeout(() => settle(onTimeout()), Math.max(0, deadline - Date.now()));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    open().then(
      (value) => settle(null, value),
      (err: unknown) => settle(toXmppError(err)),
    );
  });
}

function openDirect(options: ConnectOptions, deadline: number): Promise<net.Socket> {
  let pending: net.Socket | undefined;
  return bounded(
    options,
    deadline,
    () =>
      new Promise<net.Socket>((resolve, reject) => {
        const socket = net.connect({ host: options.host, port: options.port });
        pending = socket;
        const onError = (err: Error): void => {
          // Errors after this one (from a destroyed socket) are already answered.
          socket.on('error', () => {});
          socket.destroy();
          reject(err);
        };
        socket.once('error', onError);
        socket.once('connect', () => {
          socket.off('error', onError);
          resolve(socket);
        });
      }),
    (socket) => socket.destroy(),
    () => new XmppError('timeout', `connecting to ${options.host}:${options.port} timed out`),
    () => pending?.destroy(),
  );
}

function openViaProxy(
  options: ConnectOptions,
  proxy: ProxyEndpoint,
  deadline: number,
): Promise<net.Socket> {
  const via = `SOCKS5 proxy ${proxy.host}:${proxy.port}`;
  return bounded(
    options,
    deadline,
    async () => {
      try {
        const { socket } = await SocksClient.createConnection({
          proxy: { host: proxy.host, port: proxy.port, type: 5 },
          command: 'connect',
          // A name, never an address we resolved: the proxy does the lookup (socks5h).
          destination: { host: options.host, port: options.port },
          timeout: Math.max(1, deadline - Date.now()),
        });
        return socket;
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new XmppError(
          'proxy-failed',
          `${via} failed to reach ${options.host}:${options.port}: ${reason}`,
          { cause: err },
        );
      }
    },
    (socket) => socket.destroy(),
    () => new XmppError('proxy-failed', `${via} did not connect in time`),
  );
}

/** Opens a TCP connection (and the TLS layer for direct TLS). Rejects with an XmppError. */
export async function connect(options: ConnectOptions): Promise<Connected> {
  if (options.torOnly && !options.proxy) {
    throw new XmppError('proxy-required', 'Tor-only is on but no proxy is configured');
  }
  if (options.signal?.aborted) throw toXmppError(options.signal.reason ?? 'aborted');
  const deadline = Date.now() + options.connectTimeoutMs;
  const proxied = options.proxy !== undefined;
  const socket = options.proxy
    ? await openViaProxy(options, options.proxy, deadline)
    : await openDirect(options, deadline);
  socket.setNoDelay(true);
  if (!options.directTls) return { socket, proxied };

  const onAbort = (): void => {
    socket.destroy();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const tls = await upgradeToTls(socket, {
      ...options.directTls,
      timeoutMs: Math.max(1, deadline - Date.now()),
    });
    return { socket: tls.socket, tls, proxied };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
