// Two OTR conversations (ours on both ends) talking through the text a chat would carry: setting
// up by whitespace tag, query or policy "always", messages both ways with key rotation and MAC
// keys revealed, fragments, the other side ending, SMP through data messages, heartbeats, and
// what must be dropped: replays, tampering, other instances, older versions, a query inside text.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  HEARTBEAT_MS,
  OtrConversation,
  type OtrOutput,
  type OtrPolicy,
} from '../../../electron/otr/conversation';
import { OtrPrivateKey } from '../../../electron/otr/dsa';
import { classify, decode, type Encoded } from '../../../electron/otr/messages';

let aliceKey: OtrPrivateKey;
let bobKey: OtrPrivateKey;
beforeAll(async () => {
  [aliceKey, bobKey] = await Promise.all([OtrPrivateKey.generate(), OtrPrivateKey.generate()]);
});

interface Side {
  readonly otr: OtrConversation;
  readonly shown: OtrOutput[];
  policy: OtrPolicy;
}

function pairOf(
  policy: OtrPolicy,
  options: { maxMessageSize?: number; clock?: { now: number } } = {},
) {
  const clock = options.clock ?? { now: 1_000_000 };
  const side = (key: OtrPrivateKey, instance: number): Side => {
    const s: Side = {
      policy,
      shown: [],
      otr: undefined as unknown as OtrConversation,
    };
    (s as { otr: OtrConversation }).otr = new OtrConversation({
      key,
      instance,
      random: randomBytes,
      now: () => clock.now,
      policy: () => s.policy,
      ...(options.maxMessageSize && { maxMessageSize: options.maxMessageSize }),
    });
    return s;
  };
  const alice = side(aliceKey, 0x1111_1111);
  const bob = side(bobKey, 0x2222_2222);
  const wire: { to: Side; text: string }[] = [];
  /** Carries outputs: 'send' onto the wire to the other side, the rest to `shown`. */
  const emit = (from: Side, outputs: OtrOutput[]) => {
    const to = from === alice ? bob : alice;
    for (const o of outputs) {
      if (o.kind === 'send') wire.push({ to, text: o.text });
      else from.shown.push(o);
    }
  };
  /** Delivers everything in flight, and what that provokes, until quiet. */
  const pump = (limit = 100) => {
    for (let i = 0; wire.length > 0 && i < limit; i += 1) {
      const { to, text } = wire.shift()!;
      emit(to, to.otr.receive(text));
    }
  };
  const texts = (s: Side) =>
    s.shown.flatMap((o) => (o.kind === 'display' ? [`${o.encrypted ? '🔒' : ''}${o.text}`] : []));
  return { alice, bob, wire, emit, pump, texts, clock };
}

const encodedOf = (text: string): Encoded | undefined => {
  const c = classify(text);
  if (c.kind !== 'encoded') return undefined;
  const d = decode(Buffer.from(c.base64, 'base64'));
  return d.type === 'other-version' ? undefined : d;
};

describe('an OTR conversation', () => {
  it('starts from a whitespace tag (opportunistic) and then talks privately both ways', () => {
    const { alice, bob, emit, pump, texts, wire } = pairOf('opportunistic');
    const first = alice.otr.send('hello');
    expect(first.sent).toBe(true);
    emit(alice, first.outputs);
    expect(wire[0]!.text.startsWith('hello \t')).toBe(true);
    pump();
    expect(texts(bob)).toEqual(['hello']);
    expect([alice.otr.state, bob.otr.state]).toEqual(['encrypted', 'encrypted']);
    const aliceState = alice.shown.find((o) => o.kind === 'state');
    const bobState = bob.shown.find((o) => o.kind === 'state');
    expect(aliceState).toMatchObject({
      state: 'encrypted',
      fingerprint: bobKey.publicKey.fingerprint,
    });
    expect(bobState).toMatchObject({
      state: 'encrypted',
      fingerprint: aliceKey.publicKey.fingerprint,
    });

    // Twenty messages, alternating and in bursts: keys rotate, counters grow, all arrive.
    const sent: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      const from = i % 3 === 0 ? bob : alice;
      const body = `${from === alice ? 'a' : 'b'}${i} 你好`;
      const result = from.otr.send(body);
      expect(result.sent).toBe(true);
      for (const o of result.outputs) {
        if (o.kind === 'send') expect(o.text.startsWith('?OTR:')).toBe(true);
      }
      emit(from, result.outputs);
      sent.push(body);
      if (i % 2 === 1) pump();
    }
    pump();
    const received = [...texts(alice), ...texts(bob)].filter((t) => t.startsWith('🔒'));
    expect(received.map((t) => t.slice(2)).sort()).toEqual([...sent].sort());
    // Old MAC keys were revealed along the way (deniability).
    const revealed = [alice, bob].flatMap((s) => {
      const r = s.otr.send('check');
      return r.outputs.flatMap((o) => (o.kind === 'send' ? [encodedOf(o.text)] : []));
    });
    expect(revealed.some((m) => m?.type === 0x03 && m.oldMacKeys.length > 0)).toBe(true);
  });

  it('answers a query (manual), and never sets up anything older than version 3', () => {
    const { alice, bob, emit, pump } = pairOf('manual');
    emit(alice, alice.otr.start());
    pump();
    expect([alice.otr.state, bob.otr.state]).toEqual(['encrypted', 'encrypted']);

    const older = pairOf('manual');
    const out = older.bob.otr.receive('?OTRv2?');
    expect(out).toEqual([{ kind: 'notice', code: 'older-version-only' }]);
    // A pasted query inside a sentence is text.
    const pasted = older.bob.otr.receive('type ?OTRv3? to start');
    expect(pasted).toEqual([{ kind: 'display', text: 'type ?OTRv3? to start', encrypted: false }]);
    expect(older.bob.otr.state).toBe('plaintext');
  });

  it('holds messages under policy "always" until the private conversation is up', () => {
    const { alice, bob, emit, pump, texts } = pairOf('always');
    const held = alice.otr.send('secret plans');
    expect(held.sent).toBe(false);
    expect(held.sent === false && held.reason).toBe('awaiting-private');
    // Nothing of the text went out: only the query.
    expect(held.outputs).toEqual([{ kind: 'send', text: '?OTRv3?' }]);
    emit(alice, held.outputs);
    pump();
    expect(alice.otr.state).toBe('encrypted');
    emit(alice, alice.otr.send('secret plans').outputs);
    pump();
    expect(texts(bob)).toEqual(['🔒secret plans']);
  });

  it('stops sending when the other side ends, until our user ends too', () => {
    const { alice, bob, emit, pump } = pairOf('manual');
    emit(alice, alice.otr.start());
    pump();
    emit(alice, alice.otr.end());
    expect(alice.otr.state).toBe('plaintext');
    pump();
    expect(bob.otr.state).toBe('finished');
    expect(bob.shown.at(-1)).toMatchObject({ kind: 'state', state: 'finished' });
    expect(bob.otr.send('are you there?')).toEqual({
      sent: false,
      reason: 'finished',
      outputs: [],
    });
    bob.otr.end();
    expect(bob.otr.state).toBe('plaintext');
    expect(bob.otr.send('plain again').sent).toBe(true);
  });

  it('fragments where messages are small, and reassembles them', () => {
    const { alice, bob, emit, pump, texts, wire } = pairOf('manual', { maxMessageSize: 160 });
    emit(alice, alice.otr.start());
    pump();
    expect(bob.otr.state).toBe('encrypted');
    const long = '长'.repeat(300);
    emit(alice, alice.otr.send(long).outputs);
    expect(wire.length).toBeGreaterThan(3);
    expect(wire.every((w) => w.text.length <= 160 && w.text.startsWith('?OTR|'))).toBe(true);
    pump();
    expect(texts(bob).at(-1)).toBe(`🔒${long}`);
  });

  it('drops replays, tampering, other instances and reserved tags; tells of unreadable ones', () => {
    const { alice, bob, emit, pump, texts } = pairOf('manual');
    emit(alice, alice.otr.start());
    pump();
    const out = alice.otr.send('once');
    const text = (out.outputs[0] as { text: string }).text;
    emit(alice, out.outputs);
    pump();
    expect(texts(bob)).toEqual(['🔒once']);
    // The same message again: its counter is not new.
    const replay = bob.otr.receive(text);
    expect(replay.filter((o) => o.kind === 'display')).toEqual([]);
    expect(replay).toContainEqual({ kind: 'notice', code: 'unreadable' });
    // One bit changed in the ciphertext: the MAC fails.
    const message = encodedOf(
      alice.otr.send('twice').outputs.flatMap((o) => (o.kind === 'send' ? [o.text] : []))[0]!,
    )!;
    const raw = Buffer.from(
      classify((alice.otr.send('x').outputs[0] as { text: string }).text).kind,
    );
    expect(raw.length).toBeGreaterThan(0);
    expect(message.type).toBe(0x03);
    const tampered = Buffer.from(encodeTampered(message));
    expect(bob.otr.receive(`?OTR:${tampered.toString('base64')}.`)).toContainEqual({
      kind: 'notice',
      code: 'unreadable',
    });
    // For another device of Bob's, or from a reserved instance tag: dropped silently.
    expect(bob.otr.receive(retag(text, { receiver: 0x3333_3333 }))).toEqual([]);
    expect(bob.otr.receive(retag(text, { sender: 0x42 }))).toEqual([]);
    // Garbage that looks encoded: ignored.
    expect(bob.otr.receive('?OTR:AAMD.')).toEqual([]);
  });

  it('verifies with SMP through the private conversation', () => {
    const { alice, bob, emit, pump } = pairOf('manual');
    emit(alice, alice.otr.start());
    pump();
    emit(alice, alice.otr.startSmp('the river', 'Where did we meet?'));
    pump();
    expect(bob.shown).toContainEqual(
      expect.objectContaining({
        kind: 'smp',
        event: { kind: 'asked', question: 'Where did we meet?' },
      }),
    );
    emit(bob, bob.otr.answerSmp('the river'));
    pump();
    const results = (s: Side) =>
      s.shown.flatMap((o) =>
        o.kind === 'smp' && o.event.kind === 'result' ? [o.event.success] : [],
      );
    expect(results(alice)).toEqual([true]);
    expect(results(bob)).toEqual([true]);
    // Nothing of SMP was shown as a message.
    expect(bob.shown.filter((o) => o.kind === 'display')).toEqual([]);
  });

  it('sends a heartbeat when it has been quiet for a while, which shows nothing', () => {
    const clock = { now: 1_000_000 };
    const { alice, bob, emit, pump, wire, texts } = pairOf('manual', { clock });
    emit(alice, alice.otr.start());
    pump();
    clock.now += HEARTBEAT_MS + 1;
    emit(alice, alice.otr.send('after a while').outputs);
    const before = wire.length;
    const at = wire.shift()!;
    const outputs = at.to.otr.receive(at.text);
    emit(at.to, outputs);
    // Bob answered with a heartbeat: a data message flagged IGNORE_UNREADABLE.
    expect(wire.length).toBe(before);
    const heartbeat = encodedOf(wire[0]!.text);
    expect(heartbeat?.type === 0x03 && heartbeat.flags).toBe(1);
    pump();
    expect(texts(alice)).toEqual([]);
    expect(texts(bob)).toEqual(['🔒after a while']);
  });
});

/** A data message with one ciphertext bit flipped, re-encoded as it would travel. */
function encodeTampered(message: Encoded): Buffer {
  if (message.type !== 0x03) throw new Error('not data');
  const bytes = Buffer.concat([message.authenticated]);
  bytes[bytes.length - 1]! ^= 1;
  const macAndRest = Buffer.alloc(24);
  message.mac.copy(macAndRest);
  return Buffer.concat([bytes, macAndRest]);
}

/** The same encoded message with other instance tags. */
function retag(text: string, tags: { sender?: number; receiver?: number }): string {
  const c = classify(text);
  if (c.kind !== 'encoded') throw new Error('not encoded');
  const bytes = Buffer.from(c.base64, 'base64');
  if (tags.sender !== undefined) bytes.writeUInt32BE(tags.sender, 3);
  if (tags.receiver !== undefined) bytes.writeUInt32BE(tags.receiver, 7);
  return `?OTR:${bytes.toString('base64')}.`;
}
