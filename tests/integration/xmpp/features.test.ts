/** Feature discovery against Prosody (carbons, MAM on the account, SM; no XEP-0186 there). */
import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { DiscoService } from '../../../electron/disco';
import { discoverFeatures } from '../../../electron/xmpp/features';
import { NS } from '../../../shared/namespaces';
import { makeClient, server } from './helpers';

describe('discoverFeatures', () => {
  it("reports the server's carbons, the account's archive and stream management", async () => {
    const client = makeClient('dave');
    await client.start();
    const account = `dave@${server.domain}`;
    const disco = new DiscoService({
      account,
      now: Date.now,
      request: (payload, to, timeoutMs) =>
        client.iqCaller.request(xml('iq', { type: 'get', to }, payload), timeoutMs),
    });
    const features = await discoverFeatures(disco, account, client.streamManagement);
    expect(features.server).toContain(NS.carbons);
    expect(features.server).not.toContain(NS.invisible);
    expect(features.account).toContain(NS.mam);
    expect(features.streamManagement).toBe(true);
  });

  it('reports empty lists when the server cannot be asked', async () => {
    const disco = new DiscoService({
      account: `dave@${server.domain}`,
      now: Date.now,
      request: () => Promise.reject(new Error('offline')),
    });
    expect(await discoverFeatures(disco, `dave@${server.domain}`, false)).toEqual({
      server: [],
      account: [],
      streamManagement: false,
    });
  });
});
