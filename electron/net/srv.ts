/**
 * Where to connect for an account: the explicit host, SRV records (RFC 6120 §3.2, XEP-0368 for
 * direct TLS) or the domain itself. With a proxy nothing is resolved here: the proxy resolves
 * names (socks5h), and a local lookup would tell the network whom we are about to reach.
 */
import { promises as dns } from 'node:dns';
import { XmppError } from '../xmpp/errors';

export interface SrvRecord {
  readonly name: string;
  readonly port: number;
  readonly priority: number;
  readonly weight: number;
}

/** Resolves SRV records for a name; rejects when there are none (as node:dns does). */
export type SrvResolver = (name: string) => Promise<readonly SrvRecord[]>;

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

export interface RouteOptions {
  readonly domain: string;
  readonly tls: 'starttls' | 'direct';
  readonly host?: string;
  readonly port?: number;
  /** Set when a proxy is used: then no local DNS at all. */
  readonly proxied: boolean;
  readonly torOnly?: boolean;
  readonly resolveSrv?: SrvResolver;
  readonly random?: () => number;
}

export const DEFAULT_PORTS = { starttls: 5222, direct: 5223 } as const;

export const defaultSrvResolver: SrvResolver = (name) => dns.resolveSrv(name);

/** The SRV name to look up for a domain and TLS mode. */
export function srvName(domain: string, tls: 'starttls' | 'direct'): string {
  return `${tls === 'direct' ? '_xmpps-client' : '_xmpp-client'}._tcp.${domain}`;
}

/**
 * RFC 2782 order: ascending priority; within a priority, weighted random draws until none are
 * left. The draw is in [0, total) so each record's chance is exactly its share of the weight
 * (the RFC's inclusive draw favours the first record); weight-0 records come last, in random
 * order, as "very small chance" asks.
 */
export function orderSrv(records: readonly SrvRecord[], random: () => number): SrvRecord[] {
  const byPriority = new Map<number, SrvRecord[]>();
  for (const record of records) {
    const group = byPriority.get(record.priority) ?? [];
    group.push(record);
    byPriority.set(record.priority, group);
  }
  const ordered: SrvRecord[] = [];
  for (const priority of [...byPriority.keys()].sort((a, b) => a - b)) {
    const left = [...byPriority.get(priority)!];
    while (left.length > 0) {
      const total = left.reduce((sum, r) => sum + r.weight, 0);
      const r = Math.min(Math.max(random(), 0), 0.999_999_999);
      let index: number;
      if (total === 0) index = Math.floor(r * left.length);
      else {
        const draw = r * total;
        let running = 0;
        index = left.findIndex((rec) => (running += rec.weight) > draw);
      }
      ordered.push(left.splice(Math.max(0, index), 1)[0]!);
    }
  }
  return ordered;
}

/** The endpoints to try in order. Rejects with proxy-required before any lookup. */
export async function resolveEndpoints(options: RouteOptions): Promise<Endpoint[]> {
  if (options.torOnly && !options.proxied) {
    throw new XmppError('proxy-required', 'Tor-only is on but no proxy is configured');
  }
  const fallback = { host: options.domain, port: options.port ?? DEFAULT_PORTS[options.tls] };
  if (options.host) return [{ host: options.host, port: fallback.port }];
  if (options.proxied || options.torOnly || options.port !== undefined) return [fallback];

  const resolve = options.resolveSrv ?? defaultSrvResolver;
  let records: readonly SrvRecord[] = [];
  try {
    records = await resolve(srvName(options.domain, options.tls));
  } catch {
    // No records (ENOTFOUND/ENODATA) or no resolver: the domain itself is the answer.
  }
  // A single "." target means the service is decidedly not offered (RFC 2782).
  if (records.length === 1 && records[0]!.name === '.') {
    throw new XmppError('host-unreachable', `${options.domain} offers no XMPP client service`);
  }
  const ordered = orderSrv(
    records.filter((r) => r.name && r.name !== '.'),
    options.random ?? Math.random,
  ).map((r) => ({ host: r.name.replace(/\.$/, ''), port: r.port }));
  const seen = ordered.some((e) => e.host === fallback.host && e.port === fallback.port);
  return seen ? ordered : [...ordered, fallback];
}
