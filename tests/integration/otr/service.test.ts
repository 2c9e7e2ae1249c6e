// OTR through the whole main-process chat stack on the real Prosody, between two Hutongs (olga
// and otto): the private conversation set up on request (a key made on each side as needed),
// messages that travel encrypted (the server sees only OTR, with no carbon or archive copy) and
// are stored decrypted and private, and a conversation the other side ended holding what is
// typed until our user ends it too, when it fails rather than go out in plaintext.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventMessage, OtrConversationState, OtrSmpEvent } from '../../../shared/contract';
import type { OtrPolicy } from '../../../electron/otr/conversation';
import { OtrKeyring } from '../../../electron/otr/keyring';
import { OtrService } from '../../../electron/otr/otrService';
import { createSecretBox } from '../../../electron/secrets';
import { until } from '../accountsHelpers';
import { LibotrPeer, hex, unhex } from './libotrPeer';
import type { Element } from '@xmpp/xml';
import {
  allMessages,
  bare,
  bodyOf,
  connect,
  device,
  nextStanza,
  onCleanup,
  openStore,
  online,
  token,
  xml,
  type Device,
} from '../chat/helpers';

interface OtrDevice extends Device {
  readonly otr: OtrService;
  readonly keyring: OtrKeyring;
}

async function otrDevice(
  user: string,
  policy?: OtrPolicy,
  storage?: ReturnType<typeof openStore>['storage'],
  resource?: string,
): Promise<OtrDevice> {
  const d = await device(user, { ...(storage && { storage }), ...(resource && { resource }) });
  const box = createSecretBox({ dataDir: mkdtempSync(path.join(os.tmpdir(), 'hutong-otr-box-')) });
  const keyring = new OtrKeyring({ store: d.storage.otr, box, now: Date.now, random: randomBytes });
  const otr = new OtrService({
    keyring,
    chat: d.chat,
    emit: d.recorder.emit,
    now: Date.now,
    random: randomBytes,
    ...(policy && { policy: () => policy }),
  });
  onCleanup(otr.attach(bare(user), d.client));
  return { ...d, otr, keyring };
}

function otrState(d: Device, test: (s: OtrConversationState) => boolean, label: string) {
  return d.recorder
    .waitFor((e) => e.event === 'otr.state' && test(e.payload), label, 20_000)
    .then((e) => (e as Extract<EventMessage, { event: 'otr.state' }>).payload);
}

describe('OTR in the chat stack', () => {
  it('sets up a private conversation on request and keeps its messages off the wire', async () => {
    const olga = await otrDevice('olga');
    const otto = await otrDevice('otto');
    const OLGA = bare('olga');
    const OTTO = bare('otto');

    const asked = await olga.otr.start(OLGA, OTTO);
    expect(asked.state).toBe('starting');
    // A message typed now waits for the private conversation (never plaintext).
    const early = olga.chat.send({ accountId: OLGA, peer: OTTO, body: 'typed while it starts' });
    expect(early.ok).toBe(true);

    const atOlga = await otrState(
      olga,
      (s) => s.peer === OTTO && s.state === 'private',
      'private at olga',
    );
    const atOtto = await otrState(
      otto,
      (s) => s.peer === OLGA && s.state === 'private',
      'private at otto',
    );
    // Each sees the other's key, as the other's keyring has it.
    const ottoKey = otto.keyring.status(OTTO);
    const olgaKey = olga.keyring.status(OLGA);
    expect(ottoKey.state === 'ready' && ottoKey.fingerprint).toBe(atOlga.fingerprint);
    expect(olgaKey.state === 'ready' && olgaKey.fingerprint).toBe(atOtto.fingerprint);
    expect(atOlga).toMatchObject({ trust: 'unverified', changed: false });

    // What waited went out encrypted, and arrived in clear, marked private.
    const waited = await otto.recorder.message((m) => m.body === 'typed while it starts');
    expect(waited.private).toBe(true);

    // Olga's phone, with carbons on: it must get no copy it could not read.
    const phone = await connect('olga', token('phone'));
    await phone.iqCaller.request(
      xml('iq', { type: 'set' }, xml('enable', { xmlns: 'urn:xmpp:carbons:2' })),
    );
    await online(phone);
    const copies: string[] = [];
    phone.entity.on('stanza', (s: Element) => {
      if (s.is('message')) copies.push(s.toString());
    });
    // On the wire: OTR, and asking the server to keep no copies.
    const wire = nextStanza(
      otto.client,
      (s) => s.is('message') && (bodyOf(s) ?? '').startsWith('?OTR:'),
    );
    expect(olga.chat.send({ accountId: OLGA, peer: OTTO, body: '只给你看 🔒' }).ok).toBe(true);
    const stanza = await wire;
    expect(bodyOf(stanza)).not.toContain('只给你看');
    expect(stanza.getChild('no-permanent-store', 'urn:xmpp:hints')).toBeDefined();
    expect(stanza.getChild('encryption', 'urn:xmpp:eme:0')?.attrs.namespace).toBe('urn:xmpp:otr:0');
    const got = await otto.recorder.message((m) => m.body === '只给你看 🔒');
    expect(got.private).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(copies.filter((c) => c.includes('?OTR'))).toEqual([]);
    // Olga's own copy is stored as she wrote it, delivered.
    await until(
      () =>
        allMessages(olga.storage, OLGA, OTTO).find(
          (m) => m.body === '只给你看 🔒' && m.state === 'delivered',
        ) ?? undefined,
      'olga sees it delivered',
    );

    // A reply the other way.
    expect(otto.chat.send({ accountId: OTTO, peer: OLGA, body: 'got it' }).ok).toBe(true);
    expect((await olga.recorder.message((m) => m.body === 'got it')).private).toBe(true);
    // No OTR text was stored anywhere.
    for (const [d, a, p] of [
      [olga, OLGA, OTTO],
      [otto, OTTO, OLGA],
    ] as const) {
      expect(allMessages(d.storage, a, p).some((m) => m.body.startsWith('?OTR'))).toBe(false);
    }
  });

  it('keeps a private conversation off the disk, unless the user keeps it for that contact', async () => {
    const OLGA = bare('olga');
    const OTTO = bare('otto');
    const disk = openStore();
    const olga = await otrDevice('olga', undefined, disk.storage);
    const otto = await otrDevice('otto');
    const onDisk = () =>
      ['', '-wal']
        .filter((suffix) => existsSync(disk.file + suffix))
        .map((suffix) => readFileSync(disk.file + suffix).toString('utf8'))
        .join('');
    await olga.otr.start(OLGA, OTTO);
    await otrState(olga, (s) => s.peer === OTTO && s.state === 'private', 'private at olga');
    const secret = `nobody-keeps-this-${token('s')}`;
    expect(olga.chat.send({ accountId: OLGA, peer: OTTO, body: `${secret} out` }).ok).toBe(true);
    await otto.recorder.message((m) => m.body === `${secret} out`);
    expect(otto.chat.send({ accountId: OTTO, peer: OLGA, body: `${secret} in` }).ok).toBe(true);
    await olga.recorder.message((m) => m.body === `${secret} in`);
    // Shown in the conversation, as long as Hutong runs...
    const bodies = allMessages(olga.storage, OLGA, OTTO).map((m) => m.body);
    expect(bodies).toEqual(expect.arrayContaining([`${secret} out`, `${secret} in`]));
    // ...and never written: neither the text nor anything of it is in the file or its log.
    expect(onDisk()).not.toContain(secret);

    // Kept from now on for Otto, at Olga's request.
    disk.storage.otr.setKeepsHistory(OLGA, OTTO, true);
    const kept = `kept-on-disk-${token('k')}`;
    expect(otto.chat.send({ accountId: OTTO, peer: OLGA, body: kept }).ok).toBe(true);
    await olga.recorder.message((m) => m.body === kept);
    expect(onDisk()).toContain(kept);
    expect(onDisk()).not.toContain(secret);
  });

  it('talks privately with two devices of one contact, to the one the user picks', async () => {
    const OLGA = bare('olga');
    const OTIS = bare('otis');
    const olga = await otrDevice('olga');
    const phone = await otrDevice('otis', undefined, undefined, token('phone'));
    const laptop = await otrDevice('otis', undefined, undefined, token('laptop'));
    const resourceOf = (d: Device) => d.client.entity.jid!.resource;
    // Each of Otis's devices sets up its own private conversation with Olga.
    await phone.otr.start(OTIS, OLGA);
    await otrState(olga, (s) => s.peer === OTIS && s.device === resourceOf(phone), 'phone');
    await laptop.otr.start(OTIS, OLGA);
    const both = await otrState(
      olga,
      (s) => s.peer === OTIS && s.devices?.length === 2 && s.device === resourceOf(laptop),
      'both devices',
    );
    expect([...both.devices!].sort()).toEqual([resourceOf(phone), resourceOf(laptop)].sort());
    // The laptop has a key of its own: new for a contact Olga knew, so she is warned and goes on.
    expect(both.changed).toBe(true);
    olga.otr.acknowledge(OLGA, OTIS);

    // Olga writes to the device last heard from (the laptop)...
    expect(olga.chat.send({ accountId: OLGA, peer: OTIS, body: 'to the laptop' }).ok).toBe(true);
    expect((await laptop.recorder.message((m) => m.body === 'to the laptop')).private).toBe(true);
    // ...then picks the phone: the next one goes there, private, and the laptop gets nothing.
    const picked = olga.otr.selectDevice(OLGA, OTIS, resourceOf(phone)!);
    expect(picked?.device).toBe(resourceOf(phone));
    expect(olga.chat.send({ accountId: OLGA, peer: OTIS, body: 'to the phone' }).ok).toBe(true);
    expect((await phone.recorder.message((m) => m.body === 'to the phone')).private).toBe(true);
    // The phone answers; the laptop never read "to the phone" (nothing it could decrypt).
    expect(phone.chat.send({ accountId: OTIS, peer: OLGA, body: 'phone here' }).ok).toBe(true);
    await olga.recorder.message((m) => m.body === 'phone here');
    expect(allMessages(laptop.storage, OTIS, OLGA).map((m) => m.body)).not.toContain(
      'to the phone',
    );
    expect(olga.otr.selectDevice(OLGA, OTIS, 'no-such-device')).toBeUndefined();
  });

  it('holds what is typed after the other side ended, and fails it when we end too', async () => {
    const olga = await otrDevice('olga');
    const otto = await otrDevice('otto');
    const OLGA = bare('olga');
    const OTTO = bare('otto');
    await olga.otr.start(OLGA, OTTO);
    await otrState(otto, (s) => s.peer === OLGA && s.state === 'private', 'private');
    await otrState(olga, (s) => s.peer === OTTO && s.state === 'private', 'private');

    olga.otr.end(OLGA, OTTO);
    await otrState(otto, (s) => s.peer === OLGA && s.state === 'finished', 'finished at otto');
    const held = otto.chat.send({ accountId: OTTO, peer: OLGA, body: 'are you still there?' });
    expect(held.ok && held.value.private).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const id = held.ok ? held.value.id : '';
    expect(allMessages(otto.storage, OTTO, OLGA).find((m) => m.id === id)?.state).toBe('pending');

    otto.otr.end(OTTO, OLGA);
    await until(
      () => allMessages(otto.storage, OTTO, OLGA).find((m) => m.id === id && m.state === 'failed'),
      'held message failed',
    );
    // Nothing reached olga in plaintext.
    expect(
      allMessages(olga.storage, OLGA, OTTO).some((m) => m.body === 'are you still there?'),
    ).toBe(false);
  });

  it('verifies the contact with SMP (both sides trust the key) or by comparing fingerprints', async () => {
    const olga = await otrDevice('olga');
    const otto = await otrDevice('otto');
    const OLGA = bare('olga');
    const OTTO = bare('otto');
    await olga.otr.start(OLGA, OTTO);
    await otrState(olga, (s) => s.peer === OTTO && s.state === 'private', 'private');
    await otrState(otto, (s) => s.peer === OLGA && s.state === 'private', 'private');

    const smp = (d: Device, test: (e: OtrSmpEvent['event']) => boolean, label: string) =>
      d.recorder
        .waitFor((e) => e.event === 'otr.smp' && test(e.payload.event), label, 20_000)
        .then((e) => (e as Extract<EventMessage, { event: 'otr.smp' }>).payload.event);
    expect(olga.otr.smp(OLGA, OTTO, 'start', 'by the river', '我们在哪里认识的?')).toBe(true);
    expect(await smp(otto, (e) => e.kind === 'asked', 'asked')).toEqual({
      kind: 'asked',
      question: '我们在哪里认识的?',
    });
    expect(otto.otr.smp(OTTO, OLGA, 'answer', 'by the river')).toBe(true);
    expect(await smp(olga, (e) => e.kind === 'result', 'result at olga')).toEqual({
      kind: 'result',
      success: true,
    });
    expect(await smp(otto, (e) => e.kind === 'result', 'result at otto')).toEqual({
      kind: 'result',
      success: true,
    });
    expect(olga.otr.state(OLGA, OTTO).trust).toBe('smp');
    expect(otto.otr.state(OTTO, OLGA).trust).toBe('smp');

    // By hand: a fingerprint compared over the phone.
    const fp = otto.otr.state(OTTO, OLGA).fingerprint!;
    expect(otto.otr.verify(OTTO, OLGA, fp, false).trust).toBe('unverified');
    expect(otto.otr.verify(OTTO, OLGA, fp, true).trust).toBe('verified');
  });

  it('"always" sends nothing in plaintext: the first message waits and starts the private conversation', async () => {
    const olga = await otrDevice('olga', 'always');
    const otto = await otrDevice('otto');
    const OLGA = bare('olga');
    const OTTO = bare('otto');
    const sent = olga.chat.send({ accountId: OLGA, peer: OTTO, body: 'never in clear' });
    expect(sent.ok && sent.value.private).toBe(true);
    const got = await otto.recorder.message((m) => m.body === 'never in clear', 20_000);
    expect(got.private).toBe(true);
    expect(olga.otr.state(OLGA, OTTO).state).toBe('private');
  });

  it('"opportunistic" tags a plain message, and the contact that can starts a private conversation', async () => {
    const olga = await otrDevice('olga', 'opportunistic');
    const otto = await otrDevice('otto', 'opportunistic');
    const OLGA = bare('olga');
    const OTTO = bare('otto');
    // Keys are made on sign-in under this policy; the first message goes tagged.
    await Promise.all([olga.otr.keyReady(OLGA), otto.otr.keyReady(OTTO)]);
    const wire = nextStanza(
      otto.client,
      (s) => s.is('message') && bodyOf(s)?.startsWith('hello') === true,
    );
    expect(olga.chat.send({ accountId: OLGA, peer: OTTO, body: 'hello' }).ok).toBe(true);
    expect(bodyOf(await wire)).toMatch(/^hello \t/);
    // Otto sees the text without the tag, not private, and answers with the key exchange.
    const first = await otto.recorder.message((m) => m.body === 'hello', 20_000);
    expect(first.private).toBe(false);
    await otrState(olga, (s) => s.peer === OTTO && s.state === 'private', 'private at olga');
    expect(olga.chat.send({ accountId: OLGA, peer: OTTO, body: 'now privately' }).ok).toBe(true);
    expect((await otto.recorder.message((m) => m.body === 'now privately', 20_000)).private).toBe(
      true,
    );
  });

  it('holds what is typed when a known contact shows a new key, until our user goes on', async () => {
    const olga = await otrDevice('olga');
    const first = await otrDevice('otto');
    const OLGA = bare('olga');
    const OTTO = bare('otto');
    await olga.otr.start(OLGA, OTTO);
    await otrState(olga, (s) => s.peer === OTTO && s.state === 'private', 'private');
    const before = olga.otr.state(OLGA, OTTO).fingerprint;

    // Otto comes back on another device with another key (or someone posing as him).
    first.detach();
    await first.client.stop();
    const second = await otrDevice('otto');
    await second.otr.keyReady(OTTO);
    const events = olga.recorder.events.length;
    await olga.otr.start(OLGA, OTTO);
    const changed = await olga.recorder
      .waitFor(
        (e) =>
          olga.recorder.events.indexOf(e) >= events &&
          e.event === 'otr.state' &&
          e.payload.state === 'private' &&
          e.payload.changed === true,
        'the key changed',
        20_000,
      )
      .then((e) => (e as Extract<EventMessage, { event: 'otr.state' }>).payload);
    expect(changed.fingerprint).not.toBe(before);

    const held = olga.chat.send({ accountId: OLGA, peer: OTTO, body: 'is that you?' });
    const id = held.ok ? held.value.id : '';
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(allMessages(olga.storage, OLGA, OTTO).find((m) => m.id === id)?.state).toBe('pending');
    expect(olga.otr.acknowledge(OLGA, OTTO).changed).toBe(false);
    expect((await second.recorder.message((m) => m.body === 'is that you?', 20_000)).private).toBe(
      true,
    );
  });

  it('tells of a contact offering only older OTR, and of an OTR error from their app', async () => {
    const olga = await otrDevice('olga');
    const OLGA = bare('olga');
    const OTTO = bare('otto');
    await olga.otr.keyReady(OLGA);
    const otto = await connect('otto', token('old-client'));
    await online(otto);
    const notice = (code: string) =>
      olga.recorder
        .waitFor((e) => e.event === 'otr.notice' && e.payload.code === code, code, 20_000)
        .then((e) => (e as Extract<EventMessage, { event: 'otr.notice' }>).payload);
    await otto.entity.send(xml('message', { to: OLGA, type: 'chat' }, xml('body', {}, '?OTRv2?')));
    expect(await notice('older-version-only')).toMatchObject({ peer: OTTO });
    expect(olga.otr.state(OLGA, OTTO).state).toBe('plaintext');
    await otto.entity.send(
      xml('message', { to: OLGA, type: 'chat' }, xml('body', {}, '?OTR Error: something broke')),
    );
    expect(await notice('peer-error')).toMatchObject({ peer: OTTO, text: 'something broke' });
    // Neither was stored as a message.
    const bodies = allMessages(olga.storage, OLGA, OTTO).map((m) => m.body);
    expect(bodies).not.toContain('?OTRv2?');
    expect(bodies.some((b) => b.includes('something broke'))).toBe(false);
  });

  it('"never" leaves OTR messages as text and makes no key for anyone', async () => {
    const olga = await otrDevice('olga', 'never');
    const OLGA = bare('olga');
    const otto = await connect('otto', token('asking'));
    await online(otto);
    await otto.entity.send(xml('message', { to: OLGA, type: 'chat' }, xml('body', {}, '?OTRv3?')));
    const shown = await olga.recorder.message((m) => m.body === '?OTRv3?');
    expect(shown.private).toBe(false);
    expect(olga.keyring.status(OLGA)).toEqual({ state: 'none' });
  });

  it('talks privately over XMPP with libotr 4.1 on the other end', async () => {
    const olga = await otrDevice('olga');
    const OLGA = bare('olga');
    const OTTO = bare('otto');
    // Otto's device: a plain XMPP client that hands every body to libotr and sends what it says.
    const otto = await connect('otto', token('pidgin'));
    await online(otto);
    const libotr = await LibotrPeer.start();
    onCleanup(() => libotr.stop());
    const shown: string[] = [];
    let chain = Promise.resolve();
    const relay = (lines: { tag: string; args: readonly string[] }[]) =>
      Promise.all(
        lines.map((l) => {
          if (l.tag === 'SHOW') shown.push(unhex(l.args[0]!));
          if (l.tag !== 'OUT') return undefined;
          return otto.entity.send(
            xml('message', { to: OLGA, type: 'chat' }, xml('body', {}, unhex(l.args[0]!))),
          );
        }),
      ).then(() => undefined);
    otto.entity.on('stanza', (s: Element) => {
      const body = s.is('message') ? bodyOf(s) : undefined;
      if (!body) return;
      chain = chain.then(() => libotr.command(`RECV ${hex(body)}`)).then(relay);
    });

    await olga.otr.start(OLGA, OTTO);
    const state = await otrState(olga, (s) => s.peer === OTTO && s.state === 'private', 'private');
    expect(state.fingerprint).toBe(libotr.fingerprint);
    expect(olga.chat.send({ accountId: OLGA, peer: OTTO, body: '你好, libotr' }).ok).toBe(true);
    await until(() => (shown.includes('你好, libotr') ? true : undefined), 'libotr shows it');
    // And back: libotr encrypts, Hutong stores the text, private.
    chain = chain.then(() => libotr.command(`SEND ${hex('hello from libotr')}`)).then(relay);
    const got = await olga.recorder.message((m) => m.body === 'hello from libotr', 20_000);
    expect(got.private).toBe(true);
  });
});
