// One-to-one chat through the real Prosody: receipts, errors, chat states, corrections and the
// outbox, each side with its own ChatService and SQLite store.
import { describe, expect, it } from 'vitest';
import { ChatService } from '../../../electron/chat/chatService';
import {
  allMessages,
  bare,
  bodyOf,
  connect,
  device,
  FEATURES,
  nextStanza,
  online,
  openStore,
  Recorder,
  token,
  xml,
} from './helpers';

const ALICE = bare('alice');
const BOB = bare('bob');

describe('chat round trip', () => {
  it('goes pending → sent → delivered, and the peer stores it once with receipts answered', async () => {
    const alice = await device('alice');
    const bob = await device('bob');
    const body = token('hello');
    const sent = alice.chat.send({ accountId: ALICE, peer: BOB, body });
    if (!sent.ok) throw new Error(sent.error.message);
    expect(sent.value).toMatchObject({ state: 'pending', direction: 'out', peer: BOB, body });
    // Stored before anything went on the wire.
    expect(alice.storage.messages.get(sent.value.id)?.state).toBe('pending');

    const incoming = await bob.recorder.message((m) => m.body === body);
    expect(incoming).toMatchObject({
      direction: 'in',
      peer: ALICE,
      state: 'received',
      via: 'live',
    });
    await alice.recorder.message((m) => m.id === sent.value.id && m.state === 'delivered');
    const states = alice.recorder.events
      .filter((e) => e.event === 'message.upserted' && e.payload.id === sent.value.id)
      .map((e) => (e.payload as { state: string }).state);
    // The receipt may overtake the server's stream-management ack: sent is then implied.
    expect([
      ['pending', 'sent', 'delivered'],
      ['pending', 'delivered'],
    ]).toContainEqual(states);
    expect(allMessages(bob.storage, BOB, ALICE).filter((m) => m.body === body)).toHaveLength(1);
    const conversation = bob.recorder.events.findLast((e) => e.event === 'conversation.changed');
    expect(conversation?.payload).toMatchObject({ accountId: BOB, peer: ALICE });
    expect(conversation?.payload).toHaveProperty('lastMessage.body', body);
    expect((conversation?.payload as { unread: number }).unread).toBeGreaterThan(0);

    expect(bob.chat.markRead({ accountId: BOB, peer: ALICE })).toEqual({ ok: true, value: null });
    expect(bob.storage.messages.conversation(BOB, ALICE).unread).toBe(0);
  });

  it('marks a message to an account that does not exist failed with a coded error', async () => {
    const alice = await device('alice');
    const sent = alice.chat.send({ accountId: ALICE, peer: bare('nobody'), body: token('void') });
    if (!sent.ok) throw new Error(sent.error.message);
    const failed = await alice.recorder.message(
      (m) => m.id === sent.value.id && m.state === 'failed',
    );
    expect(failed.error?.code).toBe('recipient-unavailable');

    // retry puts it back in the outbox and sends it again (and it fails again).
    const retried = alice.chat.retry(ALICE, sent.value.id);
    expect(retried.ok && retried.value.state).toBe('pending');
    await alice.recorder.waitFor(
      (e) =>
        e.event === 'message.upserted' &&
        e.payload.id === sent.value.id &&
        e.payload.state === 'failed' &&
        alice.recorder.events.filter((x) => x.event === 'message.upserted').length > 4,
      'second failure',
    );
    expect(alice.chat.retry(ALICE, 'no-such-id').ok).toBe(false);
  });

  it('passes chat states as events only, and they are not stored', async () => {
    const alice = await device('alice');
    const bob = await device('bob');
    expect(alice.chat.setState({ accountId: ALICE, peer: BOB, state: 'composing' })).toEqual({
      ok: true,
      value: null,
    });
    const state = await bob.recorder.waitFor((e) => e.event === 'chat.state', 'chat.state');
    expect(state.payload).toEqual({
      accountId: BOB,
      kind: 'chat',
      peer: ALICE,
      state: 'composing',
    });
    // (A fresh store catches up earlier tests' messages from the archive; nothing else is stored.)
    expect(
      bob.recorder.events.some(
        (e) => e.event === 'message.upserted' && e.payload.via !== 'archive',
      ),
    ).toBe(false);
    // Offline: no error, nothing sent.
    const offline = new ChatService({ store: openStore().storage.messages, emit: () => {} });
    expect(offline.setState({ accountId: ALICE, peer: BOB, state: 'paused' })).toEqual({
      ok: true,
      value: null,
    });
  });

  it('corrects our own message on both sides without duplicating it', async () => {
    const alice = await device('alice');
    const bob = await device('bob');
    const body = token('teh');
    const sent = alice.chat.send({ accountId: ALICE, peer: BOB, body });
    if (!sent.ok) throw new Error(sent.error.message);
    await alice.recorder.message((m) => m.id === sent.value.id && m.state === 'delivered');
    const original = await bob.recorder.message((m) => m.body === body);

    const fixed = `${body} (fixed)`;
    const corrected = alice.chat.send({
      accountId: ALICE,
      peer: BOB,
      body: fixed,
      correctionOf: sent.value.id,
    });
    expect(corrected.ok && corrected.value).toMatchObject({ id: sent.value.id, body: fixed });
    expect(corrected.ok && corrected.value.editedAt).toBeTypeOf('number');
    const updated = await bob.recorder.message((m) => m.id === original.id && m.body === fixed);
    expect(updated.editedAt).toBeTypeOf('number');
    expect(
      allMessages(bob.storage, BOB, ALICE).filter((m) => m.body.startsWith(body)),
    ).toHaveLength(1);
    expect(
      allMessages(alice.storage, ALICE, BOB).filter((m) => m.body.startsWith(body)),
    ).toHaveLength(1);

    // Only our own outgoing messages may be corrected.
    const theirs = bob.chat.send({
      accountId: BOB,
      peer: ALICE,
      body: 'x',
      correctionOf: original.id,
    });
    expect(theirs.ok).toBe(false);
  });

  it('keeps a message sent while offline in the outbox and sends it exactly once on attach', async () => {
    const { storage } = openStore();
    const recorder = new Recorder();
    const chat = new ChatService({ store: storage.messages, emit: recorder.emit });
    const body = token('outbox');
    const queued = chat.send({ accountId: ALICE, peer: BOB, body });
    if (!queued.ok) throw new Error(queued.error.message);
    expect(storage.messages.outbox(ALICE).map((m) => m.id)).toEqual([queued.value.id]);

    const bobClient = await connect('bob', token('raw'));
    let copies = 0;
    bobClient.entity.on('stanza', (s) => void (bodyOf(s) === body && (copies += 1)));
    await online(bobClient);

    const aliceClient = await connect('alice');
    const info = {
      boundJid: aliceClient.entity.jid!.toString(),
      features: FEATURES,
      resumed: false,
    };
    const detach = chat.attach(ALICE, aliceClient, info);
    await chat.whenSynced(ALICE);
    const arrived = await nextStanza(bobClient, (s) => bodyOf(s) === body);
    // The same id as XMPP id and origin-id, so that a receiver can recognize a resend.
    expect(arrived.attrs.id).toBe(queued.value.id);
    expect(arrived.getChild('origin-id', 'urn:xmpp:sid:0')?.attrs.id).toBe(queued.value.id);
    await recorder.message((m) => m.id === queued.value.id && m.state === 'sent');
    expect(storage.messages.outbox(ALICE)).toEqual([]);

    // Attaching again (a new session) sends nothing more.
    detach();
    chat.attach(ALICE, aliceClient, info);
    await chat.whenSynced(ALICE);
    const marker = token('marker');
    await aliceClient.entity.send(
      xml('message', { to: BOB, type: 'chat' }, xml('body', {}, marker)),
    );
    await nextStanza(bobClient, (s) => bodyOf(s) === marker);
    expect(copies).toBe(1);
  });
});
