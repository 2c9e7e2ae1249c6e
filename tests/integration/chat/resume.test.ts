// A lost connection: what was in flight and what was sent while offline both reach the peer
// exactly once after stream-management resumption, and all of it ends up sent.
import { describe, expect, it } from 'vitest';
import { XmppSocket } from '../../../electron/xmpp/socket';
import { sendMany } from './catchUpHelpers';
import { FEATURES, bare, bodyOf, connect, device, nextStanza, online, token, xml } from './helpers';

const ALICE = bare('alice');
const BOB = bare('bob');

describe('outbox across a lost connection', () => {
  it('sends in-flight and offline messages once after resumption', async () => {
    const alice = await device('alice', { resource: token('desk') });
    expect(alice.client.streamManagement).toBe(true);
    const bob = await connect('bob', token('raw'));
    const copies = new Map<string, number>();
    const marker = token('marker');
    let markerArrived = (): void => {};
    const markerSeen = new Promise<void>((resolve) => (markerArrived = resolve));
    bob.entity.on('stanza', (s) => {
      const body = bodyOf(s);
      if (body) copies.set(body, (copies.get(body) ?? 0) + 1);
      if (body === marker) markerArrived();
    });
    await online(bob);

    const disconnected = new Promise((resolve) => alice.client.on('disconnected', resolve));
    const inFlight = token('in-flight');
    const a = alice.chat.send({ accountId: ALICE, peer: BOB, body: inFlight });
    // Cut the socket in the same tick, before the server's ack can arrive (acks are requested
    // after 250 ms): the bytes are out but their write has not called back yet. Stream
    // management must count the message as sent all the same, or the server's count runs ahead
    // of ours and resuming fails (it did: upstream queued a stanza only after its write).
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
    alice.chat.send({ accountId: ALICE, peer: BOB, body: marker });
    await markerSeen;
    expect([copies.get(inFlight), copies.get(offline)]).toEqual([1, 1]);
    const left = alice.storage.messages.outbox(ALICE).map((m) => m.body);
    expect(left.filter((body) => body !== marker)).toEqual([]);
  });

  it('dates what arrived while detached by its arrival, not by the next attachment', async () => {
    // Stanzas that reach a client between a resumption and the chat service's attachment are
    // held until it attaches; dated at that moment, the old stream's last messages and the new
    // one's first shared one millisecond, with no room between them for a hole the archive
    // fills later (the fault-injection test saw it).
    const alice = await device('alice', { resource: token('desk') });
    const bob = await connect('bob', token('raw'));
    await online(bob);
    alice.detach();
    const body = token('held');
    const arrived = nextStanza(alice.client, (s) => bodyOf(s) === body);
    await bob.entity.send(xml('message', { to: ALICE, type: 'chat' }, xml('body', {}, body)));
    await arrived;
    const receivedBy = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 300));
    alice.chat.attach(ALICE, alice.client, {
      boundJid: alice.client.entity.jid!.toString(),
      features: FEATURES,
      resumed: true,
    });
    const stored = await alice.recorder.message((m) => m.body === body);
    expect(stored.sentAt).toBeLessThanOrEqual(receivedBy);
  });

  it('does not send again what the lost stream carried and the archive has, however deep', async () => {
    const resource = token('desk');
    const alice = await device('alice', { resource });
    const bob = await connect('bob', token('raw'));
    const copies = new Map<string, number>();
    bob.entity.on('stanza', (s) => {
      const body = bodyOf(s);
      if (body) copies.set(body, (copies.get(body) ?? 0) + 1);
    });
    await online(bob);

    // Out to the server, unconfirmed when the connection dies (see the first test).
    const disconnected = new Promise((resolve) => alice.client.on('disconnected', resolve));
    const carried = token('carried');
    const sent = alice.chat.send({ accountId: ALICE, peer: BOB, body: carried });
    if (!sent.ok) throw new Error('send failed');
    (alice.client.entity.socket as XmppSocket).raw?.destroy();
    await disconnected;
    alice.detach();
    // Another login with the same resource ends the session the server kept: no resumption.
    const usurper = await connect('alice', resource);
    await usurper.stop();
    // More than a newest page of messages lands in alice's archive after hers.
    await sendMany(bob, 'alice', 60, 'after-carried');
    // Written as the connection died: stream management was on when it was handed over, so only
    // its ack (or the archive) says the server has it (it was counted as sent once).
    expect(alice.storage.messages.get(sent.value.id)?.state).toBe('pending');

    const { resumed, session } = await alice.client.reconnect();
    expect(resumed).toBe(false);
    alice.chat.attach(ALICE, alice.client, {
      boundJid: session.boundJid,
      features: FEATURES,
      resumed,
    });
    // Sent while the new session still checks the archive: it waits with the rest.
    const during = token('during');
    alice.chat.send({ accountId: ALICE, peer: BOB, body: during });
    await online(alice.client);
    await alice.chat.whenSynced(ALICE);
    // The walk found it in the archive, past the newest page, before the outbox sent it again.
    await alice.recorder.message((m) => m.id === sent.value.id && m.state === 'sent');
    const marker = token('marker');
    const markerSeen = nextStanza(bob, (s) => bodyOf(s) === marker);
    alice.chat.send({ accountId: ALICE, peer: BOB, body: marker });
    await markerSeen;
    expect([copies.get(carried), copies.get(during)]).toEqual([1, 1]);
  });
});
