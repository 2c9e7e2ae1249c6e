// A lost connection: what was in flight and what was sent while offline both reach the peer
// exactly once after stream-management resumption, and all of it ends up sent.
import { describe, expect, it } from 'vitest';
import { XmppSocket } from '../../../electron/xmpp/socket';
import { FEATURES, bare, bodyOf, connect, device, online, token } from './helpers';

const ALICE = bare('alice');
const BOB = bare('bob');

describe('outbox across a lost connection', () => {
  it('sends in-flight and offline messages once after resumption', async () => {
    const alice = await device('alice', { resource: token('desk') });
    expect(alice.client.streamManagement).toBe(true);
    const bob = await connect('bob', token('raw'));
    const copies = new Map<string, number>();
    bob.entity.on('stanza', (s) => {
      const body = bodyOf(s);
      if (body) copies.set(body, (copies.get(body) ?? 0) + 1);
    });
    await online(bob);

    const disconnected = new Promise((resolve) => alice.client.on('disconnected', resolve));
    const inFlight = token('in-flight');
    const a = alice.chat.send({ accountId: ALICE, peer: BOB, body: inFlight });
    // Cut the socket before the server's ack can arrive (acks are requested after 250 ms), once
    // the write is out (cutting in the same tick makes reconnect() fail: reported).
    await new Promise((resolve) => setTimeout(resolve, 20));
    (alice.client.entity.socket as XmppSocket).raw?.destroy();
    await disconnected;
    alice.detach();

    const offline = token('while-offline');
    const b = alice.chat.send({ accountId: ALICE, peer: BOB, body: offline });
    if (!a.ok || !b.ok) throw new Error('send failed');
    expect(alice.storage.messages.get(b.value.id)?.state).toBe('pending');

    const { resumed, session } = await alice.client.reconnect();
    expect(resumed).toBe(true);
    alice.chat.attach(ALICE, alice.client, {
      boundJid: session.boundJid,
      features: FEATURES,
      resumed,
    });
    await alice.chat.whenSynced(ALICE);
    for (const id of [a.value.id, b.value.id]) {
      await alice.recorder.message((m) => m.id === id && m.state === 'sent');
    }
    // A marker from alice after both: once it is there, anything duplicated would be too.
    const marker = token('marker');
    alice.chat.send({ accountId: ALICE, peer: BOB, body: marker });
    await new Promise<void>((resolve) => {
      const check = () => (copies.get(marker) ? resolve() : setTimeout(check, 20));
      check();
    });
    expect([copies.get(inFlight), copies.get(offline)]).toEqual([1, 1]);
    const left = alice.storage.messages.outbox(ALICE).map((m) => m.body);
    expect(left.filter((body) => body !== marker)).toEqual([]);
  });
});
