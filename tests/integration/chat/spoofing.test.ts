// Anti-spoofing through the real server: forged stanzas sent by another account over a real
// connection must not reach alice's history.
import type { Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import type { XmppClient } from '../../../electron/xmpp/client';
import { ChatService } from '../../../electron/chat/chatService';
import {
  allMessages,
  bare,
  connect,
  device,
  FEATURES,
  nextStanza,
  online,
  openStore,
  Recorder,
  token,
  xml,
  type Device,
} from './helpers';
import { FLOOR_SLACK_MS } from '../../../electron/chat/trust';

const ALICE = bare('alice');
const BOB = bare('bob');
const EVE = bare('eve');

const chatMessage = (attrs: Record<string, string>, body: string, ...extra: Element[]) =>
  xml('message', { type: 'chat', ...attrs }, xml('body', {}, body), ...extra);

/** Sends a plain marker message from `from` and waits until alice has stored it. */
async function marker(alice: Device, from: XmppClient, peer: string) {
  const body = token('marker');
  await from.entity.send(chatMessage({ to: alice.client.entity.jid!.toString() }, body));
  await alice.recorder.message((m) => m.peer === peer && m.body === body);
}

const bodies = (alice: Device, ...peers: string[]) =>
  peers.flatMap((peer) => allMessages(alice.storage, ALICE, peer).map((m) => m.body));

describe('anti-spoofing', () => {
  it('drops carbons that do not come from our own bare JID', async () => {
    const alice = await device('alice');
    const bob = await connect('bob', token('forger'));
    await online(bob);
    const aliceFull = alice.client.entity.jid!.toString();
    const forged = token('forged-carbon');
    const wrap = (kind: 'received' | 'sent', inner: Element) =>
      xml(
        'message',
        { to: aliceFull },
        xml(
          kind,
          { xmlns: 'urn:xmpp:carbons:2' },
          xml('forwarded', { xmlns: 'urn:xmpp:forward:0' }, inner),
        ),
      );
    await bob.entity.send(
      wrap('received', chatMessage({ from: `${EVE}/x`, to: aliceFull }, forged)),
    );
    await bob.entity.send(
      wrap('sent', chatMessage({ from: aliceFull, to: EVE }, `${forged}-sent`)),
    );
    await marker(alice, bob, BOB);
    expect(bodies(alice, EVE, BOB).filter((b) => b.startsWith(forged))).toEqual([]);
  });

  it('drops an archive result injected by a contact while a catch-up runs', async () => {
    const bob = await connect('bob', token('forger'));
    await online(bob);
    const aliceClient = await connect('alice');
    const aliceFull = aliceClient.entity.jid!.toString();
    const forged = token('forged-mam');
    let injected = false;
    // Holds the catch-up's first page open until bob's forgery has reached alice, so that it
    // arrives while the query id is live (the rule under test is "only from our own account").
    const request = async (stanza: Element, timeout?: number) => {
      const reply = aliceClient.iqCaller.request(stanza, timeout);
      const queryId = stanza.getChild('query', 'urn:xmpp:mam:2')?.attrs.queryid as string;
      if (queryId && !injected) {
        injected = true;
        const arrived = nextStanza(
          aliceClient,
          (s) =>
            s.getChild('result', 'urn:xmpp:mam:2')?.attrs.queryid === queryId &&
            String(s.attrs.from ?? '').startsWith(`${BOB}/`),
        );
        const inner = chatMessage({ from: `${EVE}/x`, to: ALICE }, forged);
        await bob.entity.send(
          xml(
            'message',
            { to: aliceFull },
            xml(
              'result',
              { xmlns: 'urn:xmpp:mam:2', queryid: queryId, id: token('fake-archive-id') },
              xml('forwarded', { xmlns: 'urn:xmpp:forward:0' }, inner),
            ),
          ),
        );
        await arrived;
      }
      return reply;
    };
    const client = { ...aliceClient, iqCaller: { request } } as unknown as XmppClient;
    const { storage } = openStore();
    const recorder = new Recorder();
    const chat = new ChatService({ store: storage.messages, emit: recorder.emit });
    const detach = chat.attach(ALICE, client, {
      boundJid: aliceFull,
      features: FEATURES,
      resumed: false,
    });
    await chat.whenSynced(ALICE);
    detach();
    expect(injected).toBe(true);
    expect(
      [...allMessages(storage, ALICE, EVE), ...allMessages(storage, ALICE, BOB)].filter(
        (m) => m.body === forged,
      ),
    ).toEqual([]);
  });

  it('trusts no stanza-id stamped by anyone but our own server for de-duplication', async () => {
    const alice = await device('alice');
    const bob = await connect('bob', token('forger'));
    await online(bob);
    const to = alice.client.entity.jid!.toString();
    const first = token('sid-a');
    const second = token('sid-b');
    for (const by of [BOB, ALICE]) {
      const stamp = () => xml('stanza-id', { xmlns: 'urn:xmpp:sid:0', by, id: `same-${first}` });
      await bob.entity.send(chatMessage({ to }, `${first}-${by}`, stamp()));
      await bob.entity.send(chatMessage({ to }, `${second}-${by}`, stamp()));
    }
    await marker(alice, bob, BOB);
    const stored = bodies(alice, BOB).filter((b) => b.startsWith(first) || b.startsWith(second));
    expect(stored.sort()).toEqual(
      [`${first}-${BOB}`, `${second}-${BOB}`, `${first}-${ALICE}`, `${second}-${ALICE}`].sort(),
    );
  });

  it('dates a live message when it arrives, whatever delay its sender wrote into it', async () => {
    const alice = await device('alice');
    const bob = await connect('bob', token('forger'));
    await online(bob);
    const to = alice.client.entity.jid!.toString();
    const before = Date.now();
    const buried = token('buried');
    for (const from of [undefined, BOB, 'example.org']) {
      const delay = xml('delay', {
        xmlns: 'urn:xmpp:delay',
        stamp: '2001-01-01T00:00:00Z',
        ...(from && { from }),
      });
      await bob.entity.send(chatMessage({ to }, `${buried}-${from ?? 'none'}`, delay));
    }
    await marker(alice, bob, BOB);
    const stored = allMessages(alice.storage, ALICE, BOB).filter((m) => m.body.startsWith(buried));
    expect(stored).toHaveLength(3);
    for (const message of stored) expect(message.sentAt).toBeGreaterThanOrEqual(before);
  });

  it('never dates a live message long before what was stored when the session began, even with a delay claiming our server', async () => {
    // An earlier session stored a message an hour ago; this one starts after it.
    const { storage } = openStore();
    const earlier = Date.now() - 3_600_000;
    storage.messages.insert({
      id: token('earlier'),
      accountId: ALICE,
      kind: 'chat',
      peer: 'carol@localhost',
      direction: 'in',
      body: 'from the last session',
      sentAt: earlier,
      state: 'read',
      via: 'live',
      private: false,
    });
    const alice = await device('alice', { storage });
    const bob = await connect('bob', token('forger'));
    await online(bob);
    const to = alice.client.entity.jid!.toString();
    const buried = token('buried');
    // What our server writes when it held a message (offline storage, a re-sent stanza), forged.
    for (const from of ['localhost', ALICE]) {
      const delay = xml('delay', { xmlns: 'urn:xmpp:delay', stamp: '2001-01-01T00:00:00Z', from });
      await bob.entity.send(chatMessage({ to }, `${buried}-${from}`, delay));
    }
    await marker(alice, bob, BOB);
    const stored = allMessages(alice.storage, ALICE, BOB).filter((m) => m.body.startsWith(buried));
    expect(stored).toHaveLength(2);
    // A minute's slack: a lost session's messages handed on are stamped just before it.
    for (const message of stored) {
      expect(message.sentAt).toBeGreaterThanOrEqual(earlier - FLOOR_SLACK_MS);
    }
  });

  it('ignores a correction of bob’s message sent by eve, and bob correcting alice’s', async () => {
    const alice = await device('alice');
    const bob = await connect('bob', token('raw'));
    const eve = await connect('eve', token('raw'));
    await Promise.all([online(bob), online(eve)]);
    const to = alice.client.entity.jid!.toString();
    const original = token('bobs-words');
    const bobId = token('b');
    await bob.entity.send(chatMessage({ to, id: bobId }, original));
    const stored = await alice.recorder.message((m) => m.body === original);

    const replace = (id: string) => xml('replace', { xmlns: 'urn:xmpp:message-correct:0', id });
    await eve.entity.send(chatMessage({ to, id: token('e') }, `${original}-eve`, replace(bobId)));
    const mine = alice.chat.send({ accountId: ALICE, peer: BOB, body: token('alices-words') });
    if (!mine.ok) throw new Error(mine.error.message);
    await nextStanza(bob, (s) => s.attrs.id === mine.value.id);
    await bob.entity.send(chatMessage({ to, id: token('b') }, 'not yours', replace(mine.value.id)));
    await marker(alice, bob, BOB);

    expect(alice.storage.messages.get(stored.id)).toMatchObject({ body: original });
    expect(alice.storage.messages.get(stored.id)?.editedAt).toBeUndefined();
    expect(alice.storage.messages.get(mine.value.id)?.body).toBe(mine.value.body);
    expect(bodies(alice, BOB)).not.toContain('not yours');
    // Eve's text is kept as what it is: a message from eve, not an edit of bob's.
    expect(bodies(alice, EVE)).toContain(`${original}-eve`);

    // The real sender may correct it.
    await bob.entity.send(chatMessage({ to, id: token('b') }, `${original}-fixed`, replace(bobId)));
    await alice.recorder.message((m) => m.id === stored.id && m.body === `${original}-fixed`);
  });
});
