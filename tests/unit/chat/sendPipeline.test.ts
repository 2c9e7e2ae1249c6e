// The send pipeline (issue 6 point 3) through the chat service, the real outbox and SQLite, with
// a stand-in end-to-end stage: what a required stage covers is stored private, waits without
// ever reaching the wire as plain text, goes out transformed after resume(), or fails coded.
import xml, { type Element } from '@xmpp/xml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxItem, SendStage, SendVerdict } from '../../../electron/chat/stages';
import { BOB, createChatHarness, OWN, seen, settle, type ChatHarness } from './chatHarness';

const CAROL = 'carol@localhost';

let h: ChatHarness;
beforeEach(() => {
  h = createChatHarness();
});
afterEach(() => h.close());

/** Encrypts (reverses) bob's messages once its session is "up"; bob's are required. */
function standInStage(): SendStage & { ready: boolean; seen: OutboxItem[] } {
  return {
    name: 'stand-in',
    ready: false,
    seen: [],
    requires: ({ peer }) => peer === BOB,
    process(item, stanza): SendVerdict {
      this.seen.push(item);
      if (item.peer !== BOB) return { action: 'pass' };
      if (!this.ready) return { action: 'wait' };
      const cipher = `?ENC:${item.body.split('').reverse().join('')}`;
      // Everything but the body is kept (the <replace/> of a correction, the receipt request).
      const rest = stanza.getChildElements().filter((c) => c.name !== 'body');
      const out = xml(
        'message',
        { ...stanza.attrs, id: 'stage-may-not-change-it' },
        xml('body', {}, cipher),
        ...rest,
      );
      return { action: 'send', stanza: out };
    },
  };
}

const send = (peer: string, body: string) => {
  const result = h.chat.send({ accountId: OWN, peer, body });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};
const bodies = (wire: Element[]) => wire.map((s) => s.getChildText('body'));

describe('send stages', () => {
  it('keep a required message private and waiting, never plain on the wire, until resume', async () => {
    const stage = standInStage();
    h.chat.sendPipeline.add(stage);
    const { client } = await h.attach();
    const secret = send(BOB, 'secret');
    const later = send(BOB, 'later');
    const other = send(CAROL, 'hello carol');
    await settle();
    expect(secret.private).toBe(true);
    expect(other.private).toBe(false);
    // Carol's message goes (through the stage, which passes it); bob's wait, in order.
    expect(bodies(client.wire)).toEqual(['hello carol']);
    expect(h.storage.messages.get(secret.id)?.state).toBe('pending');
    expect(h.storage.messages.outbox(OWN).map((m) => m.body)).toEqual(['secret', 'later']);

    // Flushing again (a new session) asks the stage again: still nothing plain.
    h.chat.sendPipeline.resume(OWN, BOB);
    await settle();
    expect(bodies(client.wire)).toEqual(['hello carol']);

    stage.ready = true;
    h.chat.sendPipeline.resume(OWN, BOB);
    await settle();
    expect(client.wire.map(seen).slice(1)).toEqual([
      { id: secret.id, to: BOB, body: '?ENC:terces', replaces: undefined },
      { id: later.id, to: BOB, body: '?ENC:retal', replaces: undefined },
    ]);
    expect(h.storage.messages.get(secret.id)).toMatchObject({ state: 'sent', body: 'secret' });
    expect(bodies(client.wire).some((b) => b === 'secret' || b === 'later')).toBe(false);
  });

  it('fail a private message no stage takes, and one a stage refuses, with coded errors', async () => {
    let verdict: SendVerdict = { action: 'pass' };
    h.chat.sendPipeline.add({
      name: 'fickle',
      requires: ({ peer }) => peer === BOB,
      process: () => verdict,
    });
    const { client } = await h.attach();
    const orphan = send(BOB, 'nobody encrypts me');
    await settle();
    expect(h.storage.messages.get(orphan.id)).toMatchObject({
      state: 'failed',
      error: { code: 'not-supported' },
    });
    verdict = { action: 'fail', error: { code: 'rejected-by-server', message: 'no' } };
    const refused = send(BOB, 'refused');
    await settle();
    expect(h.storage.messages.get(refused.id)?.error?.code).toBe('rejected-by-server');
    expect(client.wire).toEqual([]);
  });

  it('fail a message whose stage throws, rather than send it plain', async () => {
    h.chat.sendPipeline.add({
      name: 'broken',
      requires: () => false,
      process: () => {
        throw new Error('bug');
      },
    });
    const { client } = await h.attach();
    const message = send(BOB, 'x');
    await settle();
    expect(h.storage.messages.get(message.id)).toMatchObject({
      state: 'failed',
      error: { code: 'internal' },
    });
    expect(client.wire).toEqual([]);
  });
});

describe('corrections through the outbox', () => {
  it('are saved offline, shown at once, and sent after the messages before them', async () => {
    const first = await h.attach();
    const sent = send(BOB, 'teh');
    await settle();
    expect(h.storage.messages.get(sent.id)?.state).toBe('sent');
    first.detach();

    const before = send(BOB, 'queued before');
    const corrected = h.chat.send({
      accountId: OWN,
      peer: BOB,
      body: 'the',
      correctionOf: sent.id,
    });
    const after = send(BOB, 'queued after');
    expect(corrected.ok && corrected.value).toMatchObject({ id: sent.id, body: 'the' });
    expect(h.storage.messages.corrections(OWN)).toHaveLength(1);

    const { client } = await h.attach();
    const correctionId = h.storage.messages.corrections(OWN)[0]?.id;
    expect(correctionId).toBeUndefined();
    expect(client.wire.map(seen)).toEqual([
      { id: before.id, to: BOB, body: 'queued before', replaces: undefined },
      { id: expect.any(String), to: BOB, body: 'the', replaces: sent.id },
      { id: after.id, to: BOB, body: 'queued after', replaces: undefined },
    ]);
  });

  it('leave the outbox only when the server acknowledges them (stream management)', async () => {
    const { client } = await h.attach({ streamManagement: true });
    const message = send(BOB, 'teh');
    await settle();
    client.ackAll();
    expect(h.storage.messages.get(message.id)?.state).toBe('sent');
    h.chat.send({ accountId: OWN, peer: BOB, body: 'the', correctionOf: message.id });
    await settle();
    expect(client.wire.map((s) => seen(s).replaces)).toEqual([message.id]);
    expect(h.storage.messages.corrections(OWN)).toHaveLength(1);
    client.ackAll();
    expect(h.storage.messages.corrections(OWN)).toEqual([]);
  });

  it('just change the text of a message not on the wire yet', async () => {
    const pending = send(BOB, 'teh');
    const corrected = h.chat.send({
      accountId: OWN,
      peer: BOB,
      body: 'the',
      correctionOf: pending.id,
    });
    expect(corrected.ok && corrected.value.body).toBe('the');
    expect(h.storage.messages.corrections(OWN)).toEqual([]);
    const { client } = await h.attach();
    expect(client.wire.map(seen)).toEqual([
      { id: pending.id, to: BOB, body: 'the', replaces: undefined },
    ]);
  });

  it('go through the stages like messages (a private message’s correction waits too)', async () => {
    const stage = standInStage();
    stage.ready = true;
    h.chat.sendPipeline.add(stage);
    const { client } = await h.attach();
    const message = send(BOB, 'teh');
    await settle();
    stage.ready = false;
    h.chat.send({ accountId: OWN, peer: BOB, body: 'the', correctionOf: message.id });
    await settle();
    expect(bodies(client.wire)).toEqual(['?ENC:het']);
    stage.ready = true;
    h.chat.sendPipeline.resume(OWN, BOB);
    await settle();
    expect(client.wire.map(seen)[1]).toMatchObject({ body: '?ENC:eht', replaces: message.id });
    expect(stage.seen.at(-1)).toMatchObject({ replaces: message.id, private: true });
  });
});
