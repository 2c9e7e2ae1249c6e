// Entity capabilities (XEP-0115) in the disco service: an answer verified for a ver serves every
// entity announcing it, a lying answer stays with the liar, concurrent asks for one ver share an
// IQ, and changed or withdrawn caps are followed.
import xml, { type Element } from '@xmpp/xml';
import { beforeEach, describe, expect, it } from 'vitest';
import { capsHash, verificationString } from '../../../electron/disco/caps';
import { parseInfoRaw } from '../../../electron/disco/parse';
import { fakeNetwork, info, NS_CAPS, NS_INFO, type FakeNetwork } from './fakeNetwork';

let net: FakeNetwork;
beforeEach(() => {
  net = fakeNetwork();
});

describe('entity capabilities (XEP-0115)', () => {
  const clientInfo = (features: string[]) =>
    info(features, [{ category: 'client', type: 'pc', name: 'Tester' }]);
  const verOf = (features: string[]) =>
    capsHash('sha-1', verificationString(parseInfoRaw(clientInfo(features)))!)!;
  const presence = (from: string, ver: string, node = 'https://hutong.example') =>
    xml('presence', { from }, xml('c', { xmlns: NS_CAPS, hash: 'sha-1', node, ver }));
  const FEATURES = [NS_INFO, 'urn:xmpp:receipts'];

  it('asks one entity at node#ver and shares the verified answer with every entity', async () => {
    const ver = verOf(FEATURES);
    net.serves('bob@localhost/phone', () => clientInfo(FEATURES));
    net.disco.notePresence(presence('bob@localhost/phone', ver));
    net.disco.notePresence(presence('carol@localhost/pc', ver, 'https://other.example'));
    expect((await net.disco.info('bob@localhost/phone')).features).toEqual(FEATURES);
    expect(net.asked).toEqual([
      { to: 'bob@localhost/phone', ns: NS_INFO, node: `https://hutong.example#${ver}` },
    ]);
    expect((await net.disco.info('carol@localhost/pc')).features).toEqual(FEATURES);
    expect(net.asked).toHaveLength(1);
    expect(net.disco.capsOf('carol@localhost/pc')).toEqual({
      hash: 'sha-1',
      node: 'https://other.example',
      ver,
    });
  });

  it('keeps a lying answer for the liar alone', async () => {
    const ver = verOf(FEATURES);
    // Mallory announces the ver of an honest client but answers with other features.
    net.serves('mallory@evil.example/x', () => clientInfo([...FEATURES, 'urn:xmpp:jingle:1']));
    net.disco.notePresence(presence('mallory@evil.example/x', ver));
    expect((await net.disco.info('mallory@evil.example/x')).features).toContain(
      'urn:xmpp:jingle:1',
    );
    net.serves('bob@localhost/phone', () => clientInfo(FEATURES));
    net.disco.notePresence(presence('bob@localhost/phone', ver));
    expect((await net.disco.info('bob@localhost/phone')).features).toEqual(FEATURES);
    expect(net.asked.map((q) => q.to)).toEqual(['mallory@evil.example/x', 'bob@localhost/phone']);
  });

  it('entities announcing a ver being asked wait for that answer instead of asking', async () => {
    const ver = verOf(FEATURES);
    let answer!: (el: Element) => void;
    net.serves('bob@localhost/phone', () => new Promise<Element>((resolve) => (answer = resolve)));
    net.disco.notePresence(presence('bob@localhost/phone', ver));
    net.disco.notePresence(presence('carol@localhost/pc', ver));
    const both = Promise.all([
      net.disco.info('bob@localhost/phone'),
      net.disco.info('carol@localhost/pc'),
    ]);
    await Promise.resolve();
    answer(clientInfo(FEATURES));
    const [bob, carol] = await both;
    expect(carol).toEqual(bob);
    expect(net.asked).toHaveLength(1);
  });

  it('asks again when an entity announces new caps, forgets them when it leaves', async () => {
    let features = FEATURES;
    net.serves('bob@localhost/phone', () => clientInfo(features));
    net.disco.notePresence(presence('bob@localhost/phone', verOf(features)));
    await net.disco.info('bob@localhost/phone');
    features = [...FEATURES, 'urn:xmpp:jingle:1'];
    net.disco.notePresence(presence('bob@localhost/phone', verOf(features)));
    expect((await net.disco.info('bob@localhost/phone')).features).toEqual(features);
    expect(net.asked).toHaveLength(2);

    net.disco.notePresence(xml('presence', { from: 'bob@localhost/phone', type: 'unavailable' }));
    expect(net.disco.capsOf('bob@localhost/phone')).toBeUndefined();
    // Other presence types and stanzas without a sender say nothing about caps.
    net.disco.notePresence(presence('bob@localhost/phone', verOf(FEATURES)));
    net.disco.notePresence(xml('presence', { from: 'bob@localhost/phone', type: 'subscribe' }));
    net.disco.notePresence(xml('presence', {}, xml('c', { xmlns: NS_CAPS })));
    expect(net.disco.capsOf('bob@localhost/phone')?.ver).toBe(verOf(FEATURES));
  });

  it('keeps verified answers across a new session; entities announce their caps again', async () => {
    const ver = verOf(FEATURES);
    net.serves('bob@localhost/phone', () => clientInfo(FEATURES));
    net.disco.notePresence(presence('bob@localhost/phone', ver));
    await net.disco.info('bob@localhost/phone');
    net.disco.reset();
    expect(net.disco.capsOf('bob@localhost/phone')).toBeUndefined();
    net.disco.notePresence(presence('carol@localhost/pc', ver));
    expect((await net.disco.info('carol@localhost/pc')).features).toEqual(FEATURES);
    expect(net.asked).toHaveLength(1);
  });
});
