import { describe, expect, it, vi } from 'vitest';
import { orderSrv, resolveEndpoints, srvName, type SrvRecord } from '../../../electron/net/srv';

const rec = (name: string, priority: number, weight: number, port = 5222): SrvRecord => ({
  name,
  port,
  priority,
  weight,
});

/** A random source that replays `values` in turn. */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

describe('orderSrv (RFC 2782)', () => {
  it('orders by ascending priority whatever the weights', () => {
    const ordered = orderSrv([rec('c', 30, 100), rec('a', 10, 0), rec('b', 20, 50)], () => 0.5);
    expect(ordered.map((r) => r.name)).toEqual(['a', 'b', 'c']);
  });

  it('picks by weight within a priority: a high draw takes the heavy record first', () => {
    const records = [rec('light', 10, 10), rec('heavy', 10, 90)];
    expect(orderSrv(records, sequence(0.99, 0)).map((r) => r.name)).toEqual(['heavy', 'light']);
    // A draw within the first 10 of 100 lands on the light record.
    expect(orderSrv(records, sequence(0.05, 0)).map((r) => r.name)).toEqual(['light', 'heavy']);
  });

  it('follows the weights in distribution', () => {
    const records = [rec('light', 0, 1), rec('heavy', 0, 3)];
    let heavyFirst = 0;
    let seed = 42;
    const lcg = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 4000; n += 1) if (orderSrv(records, lcg)[0]!.name === 'heavy') heavyFirst++;
    expect(heavyFirst / 4000).toBeGreaterThan(0.65);
    expect(heavyFirst / 4000).toBeLessThan(0.85);
  });

  it('keeps every record exactly once, weight 0 included', () => {
    const records = [rec('a', 1, 0), rec('b', 1, 0), rec('c', 1, 5), rec('d', 2, 0)];
    const ordered = orderSrv(records, sequence(0.3, 0.9, 0.1));
    expect(ordered.map((r) => r.name).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(ordered.at(-1)!.name).toBe('d');
  });
});

describe('resolveEndpoints', () => {
  it('names the SRV records of STARTTLS and direct TLS (XEP-0368)', () => {
    expect(srvName('example.org', 'starttls')).toBe('_xmpp-client._tcp.example.org');
    expect(srvName('example.org', 'direct')).toBe('_xmpps-client._tcp.example.org');
  });

  it('uses SRV targets in order, then falls back to the domain', async () => {
    const resolveSrv = vi.fn(async () => [
      rec('b.example.org.', 20, 0, 5300),
      rec('a.example.org', 10, 0),
    ]);
    const endpoints = await resolveEndpoints({
      domain: 'example.org',
      tls: 'starttls',
      proxied: false,
      resolveSrv,
    });
    expect(resolveSrv).toHaveBeenCalledWith('_xmpp-client._tcp.example.org');
    expect(endpoints).toEqual([
      { host: 'a.example.org', port: 5222 },
      { host: 'b.example.org', port: 5300 },
      { host: 'example.org', port: 5222 },
    ]);
  });

  it('falls back to <domain>:5223 for direct TLS when there are no records', async () => {
    const resolveSrv = vi.fn(async () => {
      throw Object.assign(new Error('queryTxt ENOTFOUND'), { code: 'ENOTFOUND' });
    });
    const endpoints = await resolveEndpoints({
      domain: 'example.org',
      tls: 'direct',
      proxied: false,
      resolveSrv,
    });
    expect(resolveSrv).toHaveBeenCalledWith('_xmpps-client._tcp.example.org');
    expect(endpoints).toEqual([{ host: 'example.org', port: 5223 }]);
  });

  it('reports a domain that declares no service ("." target)', async () => {
    const promise = resolveEndpoints({
      domain: 'example.org',
      tls: 'starttls',
      proxied: false,
      resolveSrv: async () => [rec('.', 0, 0, 0)],
    });
    await expect(promise).rejects.toMatchObject({ code: 'host-unreachable' });
  });

  it('does no lookup with an explicit host', async () => {
    const resolveSrv = vi.fn(async () => []);
    const endpoints = await resolveEndpoints({
      domain: 'example.org',
      tls: 'starttls',
      host: 'xmpp.example.net',
      port: 5999,
      proxied: false,
      resolveSrv,
    });
    expect(endpoints).toEqual([{ host: 'xmpp.example.net', port: 5999 }]);
    expect(resolveSrv).not.toHaveBeenCalled();
  });

  it('does no local lookup with a proxy: the proxy gets the domain name', async () => {
    const resolveSrv = vi.fn(async () => [rec('a.example.org', 0, 0)]);
    for (const tls of ['starttls', 'direct'] as const) {
      const endpoints = await resolveEndpoints({
        domain: 'example.org',
        tls,
        proxied: true,
        resolveSrv,
      });
      expect(endpoints).toEqual([{ host: 'example.org', port: tls === 'direct' ? 5223 : 5222 }]);
    }
    expect(resolveSrv).not.toHaveBeenCalled();
  });

  it('never calls the resolver with torOnly, and refuses torOnly without a proxy', async () => {
    const resolveSrv = vi.fn(async () => [rec('a.example.org', 0, 0)]);
    await expect(
      resolveEndpoints({
        domain: 'example.org',
        tls: 'starttls',
        proxied: false,
        torOnly: true,
        resolveSrv,
      }),
    ).rejects.toMatchObject({ code: 'proxy-required' });
    const endpoints = await resolveEndpoints({
      domain: 'example.org',
      tls: 'starttls',
      proxied: true,
      torOnly: true,
      resolveSrv,
    });
    expect(endpoints).toEqual([{ host: 'example.org', port: 5222 }]);
    expect(resolveSrv).not.toHaveBeenCalled();
  });
});
