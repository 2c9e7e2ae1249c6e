/** IQ replies are matched on id and sender: a forged result sent through the real server is ignored. */
import { describe, expect, it } from 'vitest';
import xml from '@xmpp/xml';
import type { Element } from '@xmpp/xml';
import { makeClient, server } from './helpers';

const QUERY_NS = 'urn:hutong:test:slow';

describe('IQ reply matching', () => {
  it("ignores a result with alice's pending id forged by bob; takes carol's real one", async () => {
    const alice = makeClient('alice', { resource: 'iq-desk' });
    const bob = makeClient('bob', { resource: 'iq-phone' });
    const carol = makeClient('carol', { resource: 'iq-slow' });
    await Promise.all([alice.start(), bob.start(), carol.start()]);
    const aliceFull = `alice@${server.domain}/iq-desk`;
    const carolFull = `carol@${server.domain}/iq-slow`;

    // Carol holds the request instead of answering at once (her client would refuse it).
    const send = carol.entity.send.bind(carol.entity);
    carol.entity.send = async (el: Element) => {
      if (el.is('iq') && el.attrs.type === 'error') return;
      return send(el);
    };
    const atCarol = new Promise<Element>((resolve) =>
      carol.entity.on('stanza', (el: Element) => {
        if (el.is('iq') && el.getChild('query', QUERY_NS)) resolve(el);
      }),
    );
    const marker = new Promise<void>((resolve) =>
      alice.entity.on('stanza', (el: Element) => {
        if (el.is('message') && el.getChildText('body') === 'iq-marker') resolve();
      }),
    );

    const id = 'pending-query-1';
    let settledWith: Element | undefined;
    const request = alice.iqCaller
      .request(xml('iq', { type: 'get', to: carolFull, id }, xml('query', { xmlns: QUERY_NS })))
      .then((reply) => (settledWith = reply));
    const asked = await atCarol;
    expect(asked.attrs.id).toBe(id);

    // Bob forges the reply (the server stamps his own JID as 'from'), then a message that,
    // arriving after it in order, tells us alice has processed the forgery.
    await bob.entity.send(
      xml('iq', { type: 'result', id, to: aliceFull }, xml('query', { xmlns: QUERY_NS }, 'forged')),
    );
    await bob.entity.send(
      xml('message', { to: aliceFull, type: 'chat' }, xml('body', {}, 'iq-marker')),
    );
    await marker;
    expect(settledWith).toBeUndefined();

    await send(
      xml('iq', { type: 'result', id, to: aliceFull }, xml('query', { xmlns: QUERY_NS }, 'real')),
    );
    const reply = await request;
    expect(reply.attrs.from).toBe(carolFull);
    expect(reply.getChildText('query')).toBe('real');
  });
});
