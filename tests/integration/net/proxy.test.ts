/** Signing in through a real SOCKS5 proxy (microsocks), and the Tor-only guarantees. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../../server/scripts/processes.mjs';
import { XmppSocket } from '../../../electron/xmpp/socket';
import { makeClient, rejectionOf, server } from '../xmpp/helpers';
import { PROXY_ONLY_NAME, startMicrosocks, type Microsocks } from './microsocks';

let socks: Microsocks;
beforeAll(async () => {
  socks = await startMicrosocks();
});
afterAll(async () => {
  await socks?.stop();
});

const proxy = () => ({ host: socks.host, port: socks.port });
/** The server's name as the proxy knows it (only the proxy, when it has private names). */
const serverName = () => (socks.privateNames ? PROXY_ONLY_NAME : server.host);
/** Fails the test if anything tries SRV. */
const noSrv = vi.fn(async () => {
  throw new Error('SRV lookup attempted');
});

describe('through a SOCKS5 proxy', () => {
  it.skipIf(!process.getuid || process.getuid() !== 0)(
    'can only reach the proxy-only name through the proxy (test premise)',
    async () => {
      expect(socks.privateNames).toBe(true);
      const error = await rejectionOf(makeClient('alice', { host: PROXY_ONLY_NAME }).start());
      expect(error.code).toBe('host-unreachable');
    },
  );

  for (const tls of ['starttls', 'direct'] as const) {
    it(`signs in over ${tls}, the proxy resolving the server's name`, async () => {
      const host = serverName();
      const port = tls === 'direct' ? server.directTlsPort : server.c2sPort;
      const client = makeClient('carol', { host, port, tls, proxy: proxy(), resolveSrv: noSrv });
      const session = await client.start();
      expect(session.boundJid.startsWith(`carol@${server.domain}/`)).toBe(true);
      // The certificate is still checked against the JID's domain, not the proxy or the host.
      expect(session.security).toEqual({
        tls: true,
        pinned: false,
        fingerprint: server.certFingerprint,
        proxied: true,
      });
    });
  }

  it.skipIf(process.getuid?.() !== 0)(
    'with torOnly and no host, sends the domain name to the proxy and does no SRV',
    async () => {
      const resolveSrv = vi.fn(async () => []);
      const client = makeClient('dave', {
        host: undefined,
        port: server.c2sPort,
        proxy: proxy(),
        torOnly: true,
        resolveSrv,
      });
      const session = await client.start();
      expect(session.security.proxied).toBe(true);
      expect(resolveSrv).not.toHaveBeenCalled();
    },
  );

  it('reports a refused CONNECT as proxy-failed, never trying directly', async () => {
    const closed = await freePort();
    const connects = vi.spyOn(XmppSocket.prototype, 'connect');
    const error = await rejectionOf(
      makeClient('alice', { host: 'localhost', port: closed, proxy: proxy() }).start(),
    );
    expect(connects).toHaveBeenCalledTimes(1);
    connects.mockRestore();
    expect(error.code).toBe('proxy-failed');
    expect(error.message).toContain(`SOCKS5 proxy 127.0.0.1:${socks.port}`);
  });

  it('reports an unreachable proxy as proxy-failed, for both transports', async () => {
    const nowhere = { host: '127.0.0.1', port: await freePort() };
    for (const tls of ['starttls', 'direct'] as const) {
      const port = tls === 'direct' ? server.directTlsPort : server.c2sPort;
      const error = await rejectionOf(
        makeClient('alice', { host: 'localhost', port, tls, proxy: nowhere }).start(),
      );
      expect(error.code).toBe('proxy-failed');
    }
  });
});

describe('Tor-only without a proxy', () => {
  it('fails with proxy-required before any lookup or connection', async () => {
    const resolveSrv = vi.fn(async () => []);
    const connects = vi.spyOn(XmppSocket.prototype, 'connect');
    try {
      for (const host of [undefined, server.host]) {
        const error = await rejectionOf(
          makeClient('alice', { host, torOnly: true, resolveSrv }).start(),
        );
        expect(error.code).toBe('proxy-required');
      }
      expect(resolveSrv).not.toHaveBeenCalled();
      expect(connects).not.toHaveBeenCalled();
    } finally {
      connects.mockRestore();
    }
  });
});

describe('after the proxy stops', () => {
  it('the same settings fail with proxy-failed (no silent direct connection)', async () => {
    const settings = { host: serverName(), port: server.c2sPort, proxy: proxy() };
    await makeClient('eve', settings).start();
    await socks.stop();
    const error = await rejectionOf(makeClient('eve', settings).start());
    expect(error.code).toBe('proxy-failed');
  });
});
