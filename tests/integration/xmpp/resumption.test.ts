/** Reconnection with XEP-0198 resumption against Prosody, the connection cut under our feet. */
import { describe, expect, it } from 'vitest';
import xml from '@xmpp/xml';
import type { Element } from '@xmpp/xml';
import type { XmppClient } from '../../../electron/xmpp/client';
import type { XmppError } from '../../../electron/xmpp/errors';
import { XmppSocket } from '../../../electron/xmpp/socket';
import { startFaultProxy } from '../faultProxy';
import { makeClient, rejectionOf, server } from './helpers';

const chat = (to: string, body: string) =>
  xml('message', { to, type: 'chat' }, xml('body', {}, body));

/** Bodies (of this test: other tests share the server) a client receives; a wait for one. */
function inbox(client: XmppClient) {
  const bodies: string[] = [];
  const waiters = new Map<string, () => void>();
  client.entity.on('stanza', (el: Element) => {
    const body = el.is('message') ? el.getChildText('body') : null;
    if (body === null || !body.startsWith('sm-')) return;
    bodies.push(body);
    waiters.get(body)?.();
  });
  const received = (body: string) =>
    bodies.includes(body)
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiters.set(body, resolve));
  return { bodies, received };
}

const disconnectedOnce = (client: XmppClient) =>
  new Promise<XmppError | undefined>((resolve) => {
    const off = client.on('disconnected', (error) => {
      off();
      resolve(error);
    });
  });

describe('reconnect()', () => {
  it('resumes after the socket dies: nothing lost, nothing twice, acks reported', async () => {
    const alice = makeClient('alice', { resource: 'resume-desk' });
    const bob = makeClient('bob', { resource: 'resume-phone' });
    const [aliceSession] = await Promise.all([alice.start(), bob.start()]);
    expect(aliceSession.streamManagement).toBe(true);
    await Promise.all([alice.entity.send(xml('presence')), bob.entity.send(xml('presence'))]);
    const atAlice = inbox(alice);
    const atBob = inbox(bob);
    const acked = new Set<string>();
    const allAcked = new Promise<void>((resolve) =>
      alice.on('acked', (stanza) => {
        const body = stanza.getChildText('body');
        if (body) acked.add(body);
        if (['sm-a1', 'sm-a2', 'sm-a3', 'sm-a-after'].every((b) => acked.has(b))) resolve();
      }),
    );

    const aliceFull = `alice@${server.domain}/resume-desk`;
    const bobFull = `bob@${server.domain}/resume-phone`;
    // Sent, then the connection is cut before the server could acknowledge them.
    for (const body of ['sm-a1', 'sm-a2', 'sm-a3']) await alice.entity.send(chat(bobFull, body));
    const gone = disconnectedOnce(alice);
    (alice.entity.socket as XmppSocket).raw?.destroy();
    expect((await gone)?.condition).toBe('connection-closed');

    // Sent to alice while she is away; the server holds them for the resumed session.
    for (const body of ['sm-b1', 'sm-b2']) await bob.entity.send(chat(aliceFull, body));
    await bob.iqCaller.request(
      xml('iq', { type: 'get', to: server.domain }, xml('ping', { xmlns: 'urn:xmpp:ping' })),
    );

    const { resumed, session } = await alice.reconnect();
    expect(resumed).toBe(true);
    expect(session.boundJid).toBe(aliceFull);
    expect(session.streamManagement).toBe(true);

    await alice.entity.send(chat(bobFull, 'sm-a-after'));
    await bob.entity.send(chat(aliceFull, 'sm-b-after'));
    // Each side's last message arrives after everything before it (in-order delivery).
    await Promise.all([atBob.received('sm-a-after'), atAlice.received('sm-b-after')]);
    expect(atBob.bodies).toEqual(['sm-a1', 'sm-a2', 'sm-a3', 'sm-a-after']);
    expect(atAlice.bodies).toEqual(['sm-b1', 'sm-b2', 'sm-b-after']);
    await allAcked;
  });

  it('starts a fresh session when the server no longer holds the old one', async () => {
    const first = makeClient('eve', { resource: 'resume-same' });
    await first.start();
    const gone = disconnectedOnce(first);
    // Another login with the same resource replaces (and ends) the first session.
    const second = makeClient('eve', { resource: 'resume-same' });
    await second.start();
    expect((await gone)?.condition).toBe('conflict');
    await second.stop();

    const { resumed, session } = await first.reconnect();
    expect(resumed).toBe(false);
    expect(session.boundJid).toBe(`eve@${server.domain}/resume-same`);
    expect(session.streamManagement).toBe(true);
    const pong = await first.iqCaller.request(
      xml('iq', { type: 'get', to: server.domain }, xml('ping', { xmlns: 'urn:xmpp:ping' })),
    );
    expect(pong.attrs.type).toBe('result');
  });

  it('has a steady flow acknowledged as it goes, not only once it pauses', async () => {
    const alice = makeClient('alice', { resource: 'steady-desk' });
    await alice.start();
    try {
      const acked: string[] = [];
      alice.on('acked', (stanza) => acked.push(stanza.getChildText('body') ?? ''));
      // One message every 20 ms for 1.2 s: never the 250 ms pause upstream waits for.
      // To no account: nothing is stored anywhere for other tests to find (the server bounces).
      const to = `nobody-steady@${server.domain}`;
      for (let i = 0; i < 60; i += 1) {
        await alice.entity.send(chat(to, `steady-${i}`));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(acked.length).toBeGreaterThanOrEqual(32);
      expect(acked.slice(0, 32)).toEqual(Array.from({ length: 32 }, (_, i) => `steady-${i}`));
    } finally {
      await alice.stop();
    }
  });

  it('drops a session that stops confirming what we send, and starts a fresh one', async () => {
    // The server keeps writing to the connection but no longer reads it (Prosody 0.12 after a
    // resumption onto a connection cut mid-stanza): resuming would land in the same trap.
    const proxy = await startFaultProxy(server.c2sPort);
    const alice = makeClient('alice', {
      resource: 'deaf-desk',
      port: proxy.port,
      ackWaitMs: 1_000,
    });
    try {
      await alice.start();
      const unacked: string[] = [];
      alice.on('unacked', (stanza) => unacked.push(stanza.getChildText('body') ?? ''));
      const gone = disconnectedOnce(alice);
      proxy.deafen();
      // Enough to ask for an ack; to no account (the server would bounce them).
      const to = `nobody-deaf@${server.domain}`;
      for (let i = 0; i < 16; i += 1) await alice.entity.send(chat(to, `deaf-${i}`));
      await gone;
      // Handed back to be sent again, and no resumption of the deaf session.
      expect(unacked).toEqual(Array.from({ length: 16 }, (_, i) => `deaf-${i}`));
      const { resumed } = await alice.reconnect();
      expect(resumed).toBe(false);
      const pong = await alice.iqCaller.request(
        xml('iq', { type: 'get', to: server.domain }, xml('ping', { xmlns: 'urn:xmpp:ping' })),
      );
      expect(pong.attrs.type).toBe('result');
    } finally {
      await alice.stop();
      await proxy.close();
    }
  });

  it('is refused before a session and after stop()', async () => {
    const client = makeClient('carol');
    expect((await rejectionOf(client.reconnect())).code).toBe('internal');
    await client.start();
    await client.stop();
    expect((await rejectionOf(client.reconnect())).code).toBe('internal');
  });
});
