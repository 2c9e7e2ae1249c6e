// A fuzz run against the OTR decoder and the state machine: 100,000 messages mutated from real
// traffic (the key exchange, data messages with and without TLVs, fragments, queries, errors),
// at the byte level (flipped bits, overwritten bytes, 0 / 0xFFFFFFFF lengths, truncation,
// trailing bytes, D-H values 0, 1, p-1, p, p+1, other instance tags, replays) and the text level
// (broken base64, frames and fragment headers, endless fragments). The decoder may only refuse
// with OtrFormatError; the conversation never throws, no step takes a second, and afterwards the
// private conversation still works both ways.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { OtrConversation, type OtrOutput } from '../../../electron/otr/conversation';
import { OtrPrivateKey } from '../../../electron/otr/dsa';
import { P } from '../../../electron/otr/group';
import { classify, decode, frame, MessageType } from '../../../electron/otr/messages';
import { OtrFormatError, Writer } from '../../../electron/otr/wire';

const RUNS = 100_000;
const SEED = Number(process.env.HUTONG_FUZZ_SEED ?? 0x5eed_0708);

/** mulberry32: a small seeded generator, so that a failing run can be replayed from its seed. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(items: readonly T[]) => items[int(items.length)]! };
}

let aliceKey: OtrPrivateKey;
let bobKey: OtrPrivateKey;
beforeAll(async () => {
  [aliceKey, bobKey] = await Promise.all([OtrPrivateKey.generate(), OtrPrivateKey.generate()]);
});

const ALICE_TAG = 0x1111_1111;
const BOB_TAG = 0x2222_2222;

/** Alice and Bob private with each other, and every text that went between them. */
function privatePair(maxMessageSize?: number) {
  const make = (key: OtrPrivateKey, instance: number) =>
    new OtrConversation({
      key,
      instance,
      random: randomBytes,
      now: () => 1_000_000,
      policy: () => 'manual',
      ...(maxMessageSize && { maxMessageSize }),
    });
  const alice = make(aliceKey, ALICE_TAG);
  const bob = make(bobKey, BOB_TAG);
  const seen: string[] = [];
  const shown: { bob: OtrOutput[]; alice: OtrOutput[] } = { bob: [], alice: [] };
  const deliver = (from: OtrConversation, outputs: OtrOutput[]) => {
    const queue = outputs.map((o) => ({ from, o }));
    for (let i = 0; i < queue.length && i < 200; i += 1) {
      const { from: sender, o } = queue[i]!;
      if (o.kind !== 'send') continue;
      seen.push(o.text);
      const to = sender === alice ? bob : alice;
      const out = to.receive(o.text);
      (to === bob ? shown.bob : shown.alice).push(...out);
      queue.push(...out.map((next) => ({ from: to, o: next })));
    }
  };
  deliver(alice, alice.start());
  const say = (from: OtrConversation, text: string) => {
    const r = from.send(text);
    if (!r.sent) throw new Error('not sent');
    deliver(from, r.outputs);
  };
  return { alice, bob, seen, shown, deliver, say };
}

/** An MPI field's bytes for a value (for D-H values out of the group). */
const mpiBytes = (value: bigint) => new Writer().mpi(value).bytes();

function mutator(rand: ReturnType<typeof generator>) {
  const randomBuffer = (n: number) => Buffer.from(Array.from({ length: n }, () => rand.int(256)));
  const specials = [0n, 1n, P - 1n, P, P + 1n, (1n << 1600n) - 1n];
  const lengths = [0, 0xffff_ffff, 0x7fff_ffff, 0x0001_0000, 1];

  const bytesMutations: ((b: Buffer) => Buffer)[] = [
    (b) => {
      const c = Buffer.from(b);
      const i = rand.int(c.length);
      c[i] = c[i]! ^ (1 << rand.int(8));
      return c;
    },
    (b) => {
      const c = Buffer.from(b);
      for (let n = 1 + rand.int(8); n > 0; n -= 1) c[rand.int(c.length)] = rand.int(256);
      return c;
    },
    (b) => {
      const c = Buffer.from(b);
      if (c.length >= 4) c.writeUInt32BE(rand.pick(lengths), rand.int(c.length - 3));
      return c;
    },
    (b) => b.subarray(0, rand.int(b.length)),
    (b) => Buffer.concat([b, randomBuffer(1 + rand.int(64))]),
    // Instance tags: reserved, another instance's, zero.
    (b) => {
      const c = Buffer.from(b);
      if (c.length >= 11) c.writeUInt32BE(rand.pick([0, 1, 0xff, 0x3333_3333, BOB_TAG]), 3);
      if (c.length >= 11 && rand.next() < 0.5) c.writeUInt32BE(rand.pick([0, 0x99, 7]), 7);
      return c;
    },
    // The protocol version or message type changed.
    (b) => {
      const c = Buffer.from(b);
      if (c.length >= 3) {
        c.writeUInt16BE(rand.pick([1, 2, 3, 4, 0xffff]), 0);
        c[2] = rand.pick([0x02, 0x0a, 0x11, 0x12, 0x03, 0x00, 0xff]);
      }
      return c;
    },
    // A D-H value out of the group: in a D-H Key its only field, in a data message next_dh.
    (b) => {
      const value = mpiBytes(rand.pick(specials));
      if (b[2] === MessageType.DhKey) return Buffer.concat([b.subarray(0, 11), value]);
      if (b[2] === MessageType.Data && b.length > 20) {
        const length = b.readUInt32BE(20);
        return Buffer.concat([b.subarray(0, 20), value, b.subarray(24 + length)]);
      }
      return b;
    },
    // A replay: exactly what was sent before.
    (b) => b,
  ];

  const textMutations: ((t: string) => string)[] = [
    (t) => {
      const i = rand.int(t.length + 1);
      return (
        t.slice(0, i) + rand.pick(['.', ',', '|', '=', '?', '\0', '\u202e', 'é', ' ']) + t.slice(i)
      );
    },
    (t) => t.slice(0, rand.int(t.length)),
    () => `?OTR:${randomBuffer(rand.int(200)).toString('base64').slice(rand.int(3))}.`,
    (t) => (t.startsWith('?OTR:') ? `?OTR:!!${t.slice(5)}` : t),
    (t) =>
      `?OTR|${rand.pick(['0', '1', 'ffffffff', '2222222'])}|${rand.pick(['11111111', '0', 'zz'])},${rand.int(70000)},${rand.int(70000)},${t.slice(0, 50) || 'x'},`,
    (t) => `?OTRv${rand.pick(['', '2', '3', '23', '1234', '3'.repeat(1000)])}? ${t.slice(0, 20)}`,
    (t) => `?OTR Error: ${t.slice(0, rand.int(300))}`,
  ];
  return { bytesMutations, textMutations, randomBuffer };
}

describe('OTR fuzzing', () => {
  it(`survives ${RUNS.toLocaleString('en')} mutated messages with no crash and no step over 1 s`, () => {
    const rand = generator(SEED);
    const { bytesMutations, textMutations } = mutator(rand);

    // Real traffic: the key exchange, messages both ways (with TLVs: SMP, padding), fragments.
    const pair = privatePair();
    for (let i = 0; i < 6; i += 1) pair.say(i % 2 ? pair.bob : pair.alice, `message ${i} 你好`);
    pair.deliver(pair.alice, pair.alice.startSmp('secret', 'question?'));
    const small = privatePair(120);
    small.say(small.alice, 'a longer message, so that it goes in several fragments '.repeat(3));
    const corpus = [
      ...pair.seen,
      ...small.seen,
      '?OTRv3?',
      '?OTR Error: something went wrong',
      `hello \t  \t\t\t\t \t \t \t    \t\t  \t\t`,
    ];
    expect(corpus.filter((t) => t.startsWith('?OTR:')).length).toBeGreaterThan(10);
    expect(corpus.some((t) => t.startsWith('?OTR|'))).toBe(true);
    const { alice, bob } = pair;
    expect([alice.state, bob.state]).toEqual(['encrypted', 'encrypted']);

    let slowest = 0;
    let refused = 0;
    const outcomes = new Map<string, number>();
    for (let run = 0; run < RUNS; run += 1) {
      const base = rand.pick(corpus);
      let text = base;
      const encoded = classify(base);
      if (encoded.kind === 'encoded' && rand.next() < 0.75) {
        let bytes: Buffer = Buffer.from(encoded.base64, 'base64');
        for (let n = 1 + rand.int(2); n > 0; n -= 1) bytes = rand.pick(bytesMutations)(bytes);
        text = frame(bytes);
      } else {
        text = rand.pick(textMutations)(base);
      }

      const started = performance.now();
      const c = classify(text);
      if (c.kind === 'encoded') {
        try {
          decode(Buffer.from(c.base64, 'base64'));
        } catch (error) {
          if (!(error instanceof OtrFormatError)) {
            throw new Error(`decoder threw ${String(error)} on run ${run} (seed ${SEED})`);
          }
          refused += 1;
        }
      }
      try {
        for (const o of bob.receive(text)) {
          const key =
            o.kind === 'notice'
              ? `notice:${o.code}`
              : o.kind === 'display'
                ? `display:${o.encrypted}`
                : o.kind;
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        }
      } catch (error) {
        throw new Error(`receive threw ${String(error)} on run ${run} (seed ${SEED}): ${text}`);
      }
      slowest = Math.max(slowest, performance.now() - started);
    }
    // The run reached every layer: the decoder's refusals, unreadable data messages (bad MAC,
    // stale keys, replays), answers to key-exchange messages, and text shown as not private.
    expect(refused).toBeGreaterThan(1000);
    for (const outcome of ['notice:unreadable', 'send', 'display:false', 'notice:peer-error']) {
      expect(outcomes.get(outcome) ?? 0, outcome).toBeGreaterThan(100);
    }
    expect(slowest).toBeLessThan(1000);

    // Not corrupted: the private conversation still carries messages both ways.
    expect(bob.state).toBe('encrypted');
    const toBob = alice.send('still private after the storm');
    expect(toBob.sent).toBe(true);
    const atBob = toBob.outputs.flatMap((o) => (o.kind === 'send' ? bob.receive(o.text) : []));
    expect(atBob).toContainEqual(
      expect.objectContaining({
        kind: 'display',
        text: 'still private after the storm',
        encrypted: true,
      }),
    );
    const toAlice = bob.send('and back');
    expect(toAlice.sent).toBe(true);
    const atAlice = toAlice.outputs.flatMap((o) =>
      o.kind === 'send' ? alice.receive(o.text) : [],
    );
    expect(atAlice).toContainEqual(
      expect.objectContaining({ kind: 'display', text: 'and back', encrypted: true }),
    );
  }, 300_000);

  it('drops an endless fragmented message at the reassembly cap, and goes on', () => {
    const { alice, bob } = privatePair();
    const piece = 'A'.repeat(400);
    const header = (k: number) =>
      `?OTR|${ALICE_TAG.toString(16)}|${BOB_TAG.toString(16)},${k},65535,${piece},`;
    let slowest = 0;
    let shown = 0;
    // 65,535 fragments of 400 characters would be 26 MB: the cap (1 MB) ends it long before.
    for (let k = 1; k <= 65_535; k += 1) {
      const started = performance.now();
      shown += bob.receive(header(k)).length;
      slowest = Math.max(slowest, performance.now() - started);
    }
    expect(shown).toBe(0);
    expect(slowest).toBeLessThan(1000);
    const r = alice.send('after the flood');
    const out = r.sent
      ? r.outputs.flatMap((o) => (o.kind === 'send' ? bob.receive(o.text) : []))
      : [];
    expect(out).toContainEqual(
      expect.objectContaining({ text: 'after the flood', encrypted: true }),
    );
  });
});
