/** Feature discovery against Prosody (carbons, MAM on the account, SM; no XEP-0186 there). */
import { describe, expect, it } from 'vitest';
import { discoverFeatures } from '../../../electron/xmpp/features';
import { makeClient } from './helpers';

describe('discoverFeatures', () => {
  it("reports the server's carbons, the account's archive and stream management", async () => {
    const client = makeClient('dave');
    await client.start();
    expect(await discoverFeatures(client)).toEqual({
      carbons: true,
      mam: true,
      invisible: false,
      streamManagement: true,
    });
  });
});
