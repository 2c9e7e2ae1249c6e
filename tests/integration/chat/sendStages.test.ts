// The send pipeline and the corrections outbox through the real Prosody: what bob's connection
// receives is the proof. A stand-in end-to-end stage holds alice's message while it says wait
// (bob never sees the plain text), then sends it transformed after resume; a correction typed
// while alice is detached reaches bob as a <replace/> once she is attached again.
import { vi, describe, expect, it } from 'vitest';
import type { Element } from '@xmpp/xml';
import { ChatService } from '../../../electron/chat/chatService';
import type { SendStage } from '../../../electron/chat/stages';
import {
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
const NS_CORRECT = 'urn:xmpp:message-correct:0';

/** Sealed = base64 of the text, so a test can tell it apart and read it back. */
const seal = (text: string) => `?SEALED:${Buffer.from(text).toString('base64')}`;

function standInStage(): SendStage & { ready: boolean } {
  return {
    name: 'stand-in',
    ready: false,
    requires: ({ peer }) => peer === BOB,
    process(item, stanza) {
      if (item.peer !== BOB) return { action: 'pass' };
      if (!this.ready) return { action: 'wait' };
      const rest = stanza.getChildElements().filter((c) => c.name !== 'body');
      return {
        action: 'send',
        stanza: xml('message', stanza.attrs, xml('body', {}, seal(item.body)), ...rest),
      };
    },
  };
}

describe('send stages through the server', () => {
  it('hold a private message off the wire until the stage is ready, then send it sealed', async () => {
    const bob = await connect('bob', token('raw'));
    const seen: Element[] = [];
    bob.entity.on('stanza', (s: Element) => void (s.is('message') && seen.push(s)));
    await online(bob);
    const alice = await device('alice');
    const stage = standInStage();
    alice.chat.sendPipeline.add(stage);

    const secret = `confidential ${token('secret')}`;
    const sent = alice.chat.send({ accountId: ALICE, peer: BOB, body: secret });
    if (!sent.ok) throw new Error(sent.error.message);
    expect(sent.value.private).toBe(true);

    // A plain marker on the same stream: had the secret gone out, bob would have it before this.
    const marker = token('marker');
    await alice.client.entity.send(
      xml('message', { to: BOB, type: 'chat' }, xml('body', {}, marker)),
    );
    await nextStanza(bob, (s) => bodyOf(s) === marker);
    expect(seen.map(bodyOf)).not.toContain(secret);
    expect(alice.storage.messages.get(sent.value.id)?.state).toBe('pending');

    stage.ready = true;
    const arrived = nextStanza(bob, (s) => s.attrs.id === sent.value.id);
    alice.chat.sendPipeline.resume(ALICE, BOB);
    expect(bodyOf(await arrived)).toBe(seal(secret));
    await alice.recorder.message((m) => m.id === sent.value.id && m.state === 'sent');
    expect(seen.filter((s) => bodyOf(s)?.includes(secret))).toEqual([]);
    // Private: kept out of search; the plain marker was never stored by alice's service.
    expect(alice.chat.search({ query: 'confidential' })).toEqual({ ok: true, value: [] });
  });
});

describe('corrections through the outbox', () => {
  it('sends a correction typed while detached once the account is attached again', async () => {
    const bob = await connect('bob', token('raw'));
    await online(bob);
    const { storage } = openStore();
    const recorder = new Recorder();
    const chat = new ChatService({ store: storage.messages, emit: recorder.emit });
    const attach = async () => {
      const client = await connect('alice');
      const detach = chat.attach(ALICE, client, {
        boundJid: client.entity.jid!.toString(),
        features: FEATURES,
        resumed: false,
      });
      await chat.whenSynced(ALICE);
      return { client, detach };
    };

    const first = await attach();
    const body = token('teh');
    const arrived = nextStanza(bob, (s) => bodyOf(s) === body);
    const sent = chat.send({ accountId: ALICE, peer: BOB, body });
    if (!sent.ok) throw new Error(sent.error.message);
    await arrived;
    await recorder.message((m) => m.id === sent.value.id && m.state === 'sent');
    first.detach();
    await first.client.stop();

    const fixed = `${body} (fixed)`;
    const corrected = chat.send({
      accountId: ALICE,
      peer: BOB,
      body: fixed,
      correctionOf: sent.value.id,
    });
    // Shown at once, kept in the outbox, not reported as anything it is not.
    expect(corrected.ok && corrected.value).toMatchObject({ id: sent.value.id, body: fixed });
    expect(storage.messages.corrections(ALICE)).toMatchObject([{ messageId: sent.value.id }]);

    const replaced = nextStanza(
      bob,
      (s) => s.getChild('replace', NS_CORRECT)?.attrs.id === sent.value.id,
    );
    await attach();
    expect(bodyOf(await replaced)).toBe(fixed);
    // Acknowledged by the server (stream management): out of the outbox.
    await vi.waitFor(() => expect(storage.messages.corrections(ALICE)).toEqual([]), {
      timeout: 5_000,
    });
  });
});
