/**
 * The one place that opens a raw socket to a server. Keeping it single matters: the SOCKS5/Tor
 * proxy will be added here, and any other path that opened a socket (or resolved a name) would
 * leak around it.
 */
import net from 'node:net';
import { XmppError, toXmppError } from '../xmpp/errors';
import { upgradeToTls, type TlsAcceptance, type TlsVerifyOptions } from './tlsVerify';

export interface ConnectOptions {
  readonly host: string;
  readonly port: number;
  /** Bounds the TCP connect and, for direct TLS, the handshake too. */
  readonly connectTimeoutMs: number;
  /** Direct TLS (xmpps): verify the server with these options right after the TCP connect. */
  readonly directTls?: Omit<TlsVerifyOptions, 'timeoutMs'>;
  /** Aborting destroys the socket and rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

export interface Connected {
  readonly socket: net.Socket;
  /** Present when the socket is TLS (direct TLS). */
  readonly tls?: TlsAcceptance;
}

function openTcp(options: ConnectOptions, deadline: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: options.host, port: options.port });
    const done = (error: XmppError | null): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.off('connect', onConnect);
      socket.off('error', onError);
      if (error) {
        socket.on('error', () => {});
        socket.destroy();
        reject(error);
      } else resolve(socket);
    };
    const onConnect = (): void => done(null);
    const onError = (err: Error): void => done(toXmppError(err));
    const onAbort = (): void => done(toXmppError(options.signal?.reason ?? 'aborted'));
    const timer = setTimeout(
      () =>
        done(new XmppError('timeout', `connecting to ${options.host}:${options.port} timed out`)),
      Math.max(0, deadline - Date.now()),
    );
    socket.once('connect', onConnect);
    socket.on('error', onError);
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Opens a TCP connection (and the TLS layer for direct TLS). Rejects with an XmppError. */
export async function connect(options: ConnectOptions): Promise<Connected> {
  if (options.signal?.aborted) throw toXmppError(options.signal.reason ?? 'aborted');
  const deadline = Date.now() + options.connectTimeoutMs;
  const socket = await openTcp(options, deadline);
  socket.setNoDelay(true);
  if (!options.directTls) return { socket };

  const onAbort = (): void => {
    socket.destroy();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const tls = await upgradeToTls(socket, {
      ...options.directTls,
      timeoutMs: Math.max(1, deadline - Date.now()),
    });
    return { socket: tls.socket, tls };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
