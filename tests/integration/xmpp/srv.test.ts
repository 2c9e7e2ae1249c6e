/** SRV routing against the real server: targets in order, the next one on a refused connection. */
import { describe, expect, it, vi } from 'vitest';
import { freePort } from '../../../server/scripts/processes.mjs';
import { makeClient, rejectionOf, server } from './helpers';

describe('SRV records', () => {
  it('tries the targets in priority order and signs in at the first that answers', async () => {
    const dead = await freePort();
    const resolveSrv = vi.fn(async () => [
      { name: server.host, port: server.c2sPort, priority: 20, weight: 0 },
      { name: '127.0.0.1', port: dead, priority: 10, weight: 5 },
    ]);
    const client = makeClient('alice', { host: undefined, port: undefined, resolveSrv });
    const session = await client.start();
    expect(resolveSrv).toHaveBeenCalledWith(`_xmpp-client._tcp.${server.domain}`);
    expect(session.boundJid.startsWith(`alice@${server.domain}/`)).toBe(true);
    expect(session.security.proxied).toBe(false);
  });

  it('looks up _xmpps-client for direct TLS and reports the last failure when all fail', async () => {
    const [a, b] = [await freePort(), await freePort()];
    const resolveSrv = vi.fn(async () => [
      { name: '127.0.0.1', port: a, priority: 0, weight: 0 },
      { name: '127.0.0.1', port: b, priority: 0, weight: 0 },
    ]);
    const client = makeClient('alice', {
      host: undefined,
      port: undefined,
      tls: 'direct',
      resolveSrv,
    });
    const error = await rejectionOf(client.start());
    expect(resolveSrv).toHaveBeenCalledWith(`_xmpps-client._tcp.${server.domain}`);
    // The fallback <domain>:5223 is tried last; nothing listens there in the test either.
    expect(['connection-refused', 'host-unreachable']).toContain(error.code);
  });
});
