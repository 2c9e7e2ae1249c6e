/**
 * Our transport for @xmpp/client-core: TCP through net/connect (never @xmpp/resolve, whose DNS
 * and HTTP lookups would bypass a proxy), the guarded parser, and UTF-8 decoding that survives
 * multi-byte characters split across TCP chunks (upstream decodes each chunk on its own).
 */
import { StringDecoder } from 'node:string_decoder';
import ConnectionTCP from '@xmpp/connection-tcp';
import { NS } from '../../shared/namespaces';
import { GuardedParser } from './guardedParser';
import { XmppSocket, type SocketOptions, type SocketParams } from './socket';

export interface TransportOptions extends SocketOptions {
  readonly maxStanzaBytes?: number;
}

const DEFAULT_PORTS = { 'xmpp:': 5222, 'xmpps:': 5223 } as const;

/** `xmpp://host:port` (STARTTLS) or `xmpps://host:port` (direct TLS); anything else: undefined. */
export function parseService(service: string): SocketParams | undefined {
  let url: URL;
  try {
    url = new URL(service);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'xmpp:' && url.protocol !== 'xmpps:') return undefined;
  // URL keeps the brackets of an IPv6 literal; net.connect wants the bare address.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) return undefined;
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol];
  return { host, port, direct: url.protocol === 'xmpps:' };
}

// One decoder per socket: a STARTTLS upgrade brings a new socket and so a fresh decoder.
const decoders = new WeakMap<object, StringDecoder>();

/** Decodes a chunk keeping incomplete UTF-8 sequences for the next chunk of the same socket. */
export function decodeChunk(socket: object | null, data: Buffer | string): string {
  if (typeof data === 'string') return data;
  if (!socket) return data.toString('utf8');
  let decoder = decoders.get(socket);
  if (!decoder) {
    decoder = new StringDecoder('utf8');
    decoders.set(socket, decoder);
  }
  return decoder.write(data);
}

/** The part of @xmpp/connection's internals that _onData touches. */
interface DataTarget {
  socket: object | null;
  parser: { write(data: string): void } | null;
}

/** Replacement for Connection#_onData; also used by our Client subclass, which delegates here. */
export function onData(target: DataTarget, data: Buffer | string): void {
  const text = decodeChunk(target.socket, data);
  // After a parser error the parser is detached while the socket may still deliver data;
  // upstream would then throw a TypeError inside a socket callback.
  if (text && target.parser) target.parser.write(text);
}

export class XmppConnection extends ConnectionTCP {
  override socketParameters(service: string): SocketParams | undefined {
    return parseService(service);
  }

  _onData(data: Buffer | string): void {
    onData(this as unknown as DataTarget, data);
  }
}
XmppConnection.prototype.NS = NS.client;

/**
 * A transport class bound to one client's options: @xmpp/connection instantiates `Socket` and
 * `Parser` without arguments, so the options travel in these per-client subclasses.
 */
export function createTransport(options: TransportOptions): typeof XmppConnection {
  const { maxStanzaBytes, ...socketOptions } = options;
  class BoundParser extends GuardedParser {
    constructor() {
      super(maxStanzaBytes === undefined ? {} : { maxStanzaBytes });
    }
  }
  class BoundSocket extends XmppSocket {
    constructor() {
      super(socketOptions);
    }
  }
  class Transport extends XmppConnection {}
  Object.assign(Transport.prototype, { Parser: BoundParser, Socket: BoundSocket });
  return Transport;
}
