// Our OTR engine against libotr 4.1, the C reference, message by message (the peer is
// tests/otr/libotrPeer.c, built here): the AKE begun by either side, private messages both ways
// across key rotations, fragments both ways, SMP begun by either side with the right and the
// wrong secret, the peer ending the session, a peer that offers only version 2, and keys
// carried between libotr's key file and ours both ways.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OtrConversation, type OtrOutput } from '../../../electron/otr/conversation';
import { OtrPrivateKey } from '../../../electron/otr/dsa';
import { readPrivateKeys, writePrivateKeys } from '../../../electron/otr/libotrFiles';
import { LibotrPeer, buildPeer, hex, unhex, type PeerLine } from './libotrPeer';

let ourKey: OtrPrivateKey;
const keys = path.join(mkdtempSync(path.join(os.tmpdir(), 'hutong-libotr-keys-')), 'bob.key');
const peers: LibotrPeer[] = [];

beforeAll(async () => {
  buildPeer();
  ourKey = await OtrPrivateKey.generate();
}, 60_000);

afterEach(() => {
  for (const p of peers.splice(0)) p.stop();
});

function ours(maxMessageSize?: number) {
  return new OtrConversation({
    key: ourKey,
    instance: 0x100 + randomBytes(3).readUIntBE(0, 3),
    random: randomBytes,
    now: Date.now,
    policy: () => 'manual',
    ...(maxMessageSize && { maxMessageSize }),
  });
}

async function peer(args: string[] = []) {
  const p = await LibotrPeer.start(['--keys', keys, ...args]);
  peers.push(p);
  return p;
}

/** Carries messages both ways until neither side has anything more to say. */
async function exchange(
  us: OtrConversation,
  them: LibotrPeer,
  start: { ours?: OtrOutput[]; theirs?: PeerLine[] },
) {
  const shown: OtrOutput[] = [];
  const said: PeerLine[] = [];
  const toPeer: string[] = [];
  const toUs: string[] = [];
  const take = (outputs: OtrOutput[]) => {
    for (const o of outputs) {
      if (o.kind === 'send') toPeer.push(o.text);
      else shown.push(o);
    }
  };
  const hear = (lines: PeerLine[]) => {
    for (const l of lines) {
      if (l.tag === 'OUT') toUs.push(unhex(l.args[0]!));
      else said.push(l);
    }
  };
  take(start.ours ?? []);
  hear(start.theirs ?? []);
  for (let i = 0; (toPeer.length > 0 || toUs.length > 0) && i < 500; i += 1) {
    const next = toPeer.shift();
    if (next !== undefined) hear(await them.command(`RECV ${hex(next)}`));
    const back = toUs.shift();
    if (back !== undefined) take(us.receive(back));
  }
  return { shown, said };
}

const displayed = (shown: OtrOutput[]) =>
  shown.flatMap((o) => (o.kind === 'display' ? [{ text: o.text, encrypted: o.encrypted }] : []));

describe('OTR against libotr 4.1', () => {
  it('sets up a private conversation we begin, and talks both ways across key rotations', async () => {
    const us = ours();
    const bob = await peer();
    const setup = await exchange(us, bob, { ours: us.start() });
    expect(us.state).toBe('encrypted');
    const secure = setup.said.find((l) => l.tag === 'SECURE');
    // libotr sees our key, and the same session id.
    expect(secure?.args[0]).toBe(ourKey.publicKey.fingerprint.toString('hex'));
    expect(secure?.args[1]).toBe(us.session()!.ssid.toString('hex'));
    expect(us.session()!.theirKey.fingerprint.toString('hex')).toBe(bob.fingerprint);

    for (let i = 0; i < 12; i += 1) {
      if (i % 3 === 2) {
        const said = await bob.command(`SEND ${hex(`from bob ${i} 你好`)}`);
        const { shown } = await exchange(us, bob, { theirs: said });
        expect(displayed(shown)).toContainEqual({ text: `from bob ${i} 你好`, encrypted: true });
      } else {
        const sent = us.send(`from us ${i} 🌿`);
        expect(sent.sent).toBe(true);
        const { said } = await exchange(us, bob, { ours: sent.outputs });
        const shownToBob = said.filter((l) => l.tag === 'SHOW').map((l) => unhex(l.args[0]!));
        expect(shownToBob).toEqual([`from us ${i} 🌿`]);
      }
    }
  });

  it('answers a private conversation libotr begins', async () => {
    const us = ours();
    const bob = await peer();
    // libotr turns a message asking for OTR into its query; we answer with our D-H Commit.
    const query = await bob.command(`SEND ${hex('?OTR?')}`);
    expect(query.some((l) => l.tag === 'OUT' && unhex(l.args[0]!).startsWith('?OTRv3?'))).toBe(
      true,
    );
    const { said } = await exchange(us, bob, { theirs: query });
    expect(said.some((l) => l.tag === 'SECURE')).toBe(true);
    expect(us.state).toBe('encrypted');
  });

  it('fragments and reassembles both ways', async () => {
    const us = ours(180);
    const bob = await peer(['--fragment', '180']);
    await exchange(us, bob, { ours: us.start() });
    expect(us.state).toBe('encrypted');
    const long = '长'.repeat(200);
    const sent = us.send(long);
    expect(sent.outputs.length).toBeGreaterThan(3);
    const { said } = await exchange(us, bob, { ours: sent.outputs });
    expect(said.filter((l) => l.tag === 'SHOW').map((l) => unhex(l.args[0]!))).toEqual([long]);
    const back = await bob.command(`SEND ${hex(`${long}!`)}`);
    expect(back.filter((l) => l.tag === 'OUT').length).toBeGreaterThan(3);
    const { shown } = await exchange(us, bob, { theirs: back });
    expect(displayed(shown)).toEqual([{ text: `${long}!`, encrypted: true }]);
  });

  it('verifies with SMP begun by either side; a wrong secret fails on both', async () => {
    const us = ours();
    const bob = await peer();
    await exchange(us, bob, { ours: us.start() });

    // We ask, with a question; libotr's user answers the same secret.
    let step = await exchange(us, bob, { ours: us.startSmp('blue door', '门是什么颜色?') });
    const asked = step.said.find((l) => l.tag === 'SMP' && l.args[0] === 'ASK_FOR_ANSWER');
    expect(unhex(asked!.args[1]!)).toBe('门是什么颜色?');
    step = await exchange(us, bob, { theirs: await bob.command(`ANSWER ${hex('blue door')}`) });
    expect(step.said.map((l) => l.args[0])).toContain('SUCCESS');
    expect(step.shown).toContainEqual(
      expect.objectContaining({ kind: 'smp', event: { kind: 'result', success: true } }),
    );

    // libotr asks, without a question; we answer something else.
    step = await exchange(us, bob, { theirs: await bob.command(`SMP - ${hex('red door')}`) });
    expect(step.shown).toContainEqual(
      expect.objectContaining({ kind: 'smp', event: { kind: 'asked' } }),
    );
    step = await exchange(us, bob, { ours: us.answerSmp('green door') });
    expect(step.said.map((l) => l.args[0])).toContain('FAILURE');
    expect(step.shown).toContainEqual(
      expect.objectContaining({ kind: 'smp', event: { kind: 'result', success: false } }),
    );
    // The conversation goes on.
    const sent = us.send('still here');
    const { said } = await exchange(us, bob, { ours: sent.outputs });
    expect(said.filter((l) => l.tag === 'SHOW').map((l) => unhex(l.args[0]!))).toEqual([
      'still here',
    ]);
  });

  it('agrees on the extra symmetric key (TLV 8) with libotr, either side asking', async () => {
    const us = ours();
    const bob = await peer();
    await exchange(us, bob, { ours: us.start() });
    // Ours to libotr: its received_symkey callback sees the same key, use and context.
    const agreed = us.extraSymmetricKey(1, Buffer.from('photo.jpg'));
    expect(agreed?.key).toHaveLength(32);
    const { said } = await exchange(us, bob, { ours: agreed!.outputs });
    expect(said.find((l) => l.tag === 'SYMKEY')?.args).toEqual([
      '1',
      hex('photo.jpg'),
      agreed!.key.toString('hex'),
    ]);
    // Nothing shown to libotr's user for it.
    expect(said.filter((l) => l.tag === 'SHOW')).toEqual([]);

    // libotr's to us, after a message each way (other keys by then).
    await exchange(us, bob, { ours: us.send('rotate').outputs });
    await exchange(us, bob, { theirs: await bob.command(`SEND ${hex('rotated')}`) });
    const theirs = await bob.command(`SYMKEY 7 ${hex('voice-call')}`);
    const key = theirs.find((l) => l.tag === 'KEY')?.args[0];
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const { shown } = await exchange(us, bob, { theirs });
    const got = shown.find((o) => o.kind === 'extra-key');
    expect(got).toMatchObject({ use: 7, context: Buffer.from('voice-call') });
    expect(got?.kind === 'extra-key' && got.key.toString('hex')).toBe(key);
    expect(shown.filter((o) => o.kind === 'display')).toEqual([]);
    // Not private: no key.
    expect(ours().extraSymmetricKey(1, Buffer.alloc(0))).toBeUndefined();
  });

  it('stops when libotr ends the session, and libotr sees ours end', async () => {
    const us = ours();
    const bob = await peer();
    await exchange(us, bob, { ours: us.start() });
    const { shown } = await exchange(us, bob, { theirs: await bob.command('END') });
    expect(shown).toContainEqual(expect.objectContaining({ kind: 'state', state: 'finished' }));
    expect(us.send('hello?').sent).toBe(false);

    const again = ours();
    const other = await peer();
    await exchange(again, other, { ours: again.start() });
    const { said } = await exchange(again, other, { ours: again.end() });
    expect(said.map((l) => l.tag)).toContain('FINISHED');
  });

  it('refuses a peer that offers only version 2, instead of a weaker session', async () => {
    const us = ours();
    const bob = await peer(['--v2']);
    const query = await bob.command(`SEND ${hex('?OTR?')}`);
    const { shown, said } = await exchange(us, bob, { theirs: query });
    expect(shown).toContainEqual({ kind: 'notice', code: 'older-version-only' });
    expect(said.some((l) => l.tag === 'SECURE')).toBe(false);
    expect(us.state).toBe('plaintext');
  });

  it('takes the key from a libotr key file, and gives ours in one that libotr reads', async () => {
    // The peer wrote its key into `keys` (libgcrypt's S-expression, as Pidgin's otr.private_key).
    const bob = await peer();
    const { keys: entries, skipped } = readPrivateKeys(readFileSync(keys, 'utf8'));
    expect(skipped).toBe(0);
    const entry = entries.find((e) => e.account === 'bob@example.org' && e.protocol === 'xmpp')!;
    const imported = OtrPrivateKey.fromNumbers(entry.key);
    expect(imported.publicKey.fingerprint.toString('hex')).toBe(bob.fingerprint);

    // Ours, written for libotr: it reads it, shows our fingerprint, and signs the AKE with it.
    const mine = await OtrPrivateKey.generate();
    const file = path.join(path.dirname(keys), 'exported.key');
    writeFileSync(
      file,
      writePrivateKeys([
        {
          account: 'bob@example.org',
          protocol: 'xmpp',
          key: { ...mine.publicKey.params, x: mine.secretExponent() },
        },
      ]),
    );
    const asUs = await LibotrPeer.start(['--keys', file]);
    peers.push(asUs);
    expect(asUs.fingerprint).toBe(mine.publicKey.fingerprint.toString('hex'));
    const us = ours();
    await exchange(us, asUs, { ours: us.start() });
    expect(us.session()?.theirKey.fingerprint.toString('hex')).toBe(
      mine.publicKey.fingerprint.toString('hex'),
    );
  });
});
