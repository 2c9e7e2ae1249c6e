// OTR v3, our engine against libotr 4.1 (the C reference) on the same machine, measured the same
// way as ../shared/bench/libotr/bench.c (which this script builds and runs when it can):
//  - otr-ake: a full AKE between two engines in one process, from the query to both private.
//  - otr-msg1k / otr-msg64: one side encrypts a message and the other decrypts it, the direction
//    alternating every time so that D-H keys rotate as in a conversation.
//  - otr-smp: SMP with a question, from the first message to both sides knowing the result.
// One JSON line per figure: our median in µs, libotr's, and the speed ratio (libotr / ours, > 1
// means we are faster). BENCH_OTR_AKE, BENCH_OTR_MSG and BENCH_OTR_SMP set the counts.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTs } from './bundle.mjs';

const { OtrConversation } = await importTs('electron/otr/conversation.ts');
const { OtrPrivateKey } = await importTs('electron/otr/dsa.ts');

const AKE = Number(process.env.BENCH_OTR_AKE ?? 200);
const MSG = Number(process.env.BENCH_OTR_MSG ?? 5000);
const SMP = Number(process.env.BENCH_OTR_SMP ?? 50);
const WARMUP = 10;

const [aliceKey, bobKey] = await Promise.all([OtrPrivateKey.generate(), OtrPrivateKey.generate()]);

function pair() {
  const make = (key, instance) =>
    new OtrConversation({
      key,
      instance,
      random: randomBytes,
      now: Date.now,
      policy: () => 'manual',
    });
  const alice = make(aliceKey, 0x1000_0001);
  const bob = make(bobKey, 0x2000_0002);
  const shown = [];
  /** Delivers `outputs` from `from` and everything they provoke. */
  const run = (from, outputs) => {
    const queue = outputs.map((o) => [from, o]);
    while (queue.length) {
      const [sender, o] = queue.shift();
      if (o.kind !== 'send') {
        shown.push(o);
        continue;
      }
      const to = sender === alice ? bob : alice;
      for (const next of to.receive(o.text)) queue.push([to, next]);
    }
  };
  return { alice, bob, run, shown };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function time(n, once) {
  for (let i = 0; i < WARMUP; i += 1) once();
  const samples = [];
  for (let i = 0; i < n; i += 1) {
    const t0 = process.hrtime.bigint();
    once();
    samples.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  return median(samples);
}

const ours = {};
ours.ake = time(AKE, () => {
  const { alice, bob, run } = pair();
  run(alice, alice.start());
  if (alice.state !== 'encrypted' || bob.state !== 'encrypted') throw new Error('AKE failed');
});

for (const [name, size] of [
  ['msg1k', 1024],
  ['msg64', 64],
]) {
  const { alice, bob, run, shown } = pair();
  run(alice, alice.start());
  const body = 'x'.repeat(size);
  let turn = 0;
  ours[name] = time(MSG, () => {
    const from = turn++ % 2 ? bob : alice;
    const before = shown.length;
    run(from, from.send(body).outputs);
    if (shown.length !== before + 1 || shown.at(-1).text !== body) throw new Error('lost');
  });
}

{
  const { alice, bob, run, shown } = pair();
  run(alice, alice.start());
  ours.smp = time(SMP, () => {
    const before = shown.length;
    run(alice, alice.startSmp('the blue door', 'Which door?'));
    run(bob, bob.answerSmp('the blue door'));
    const results = shown
      .slice(before)
      .filter((o) => o.kind === 'smp' && o.event.kind === 'result');
    if (results.length !== 2 || !results.every((o) => o.event.success))
      throw new Error('SMP failed');
  });
}

/** libotr's figures from the reference harness, built here if needed. */
function libotr() {
  const dir = path.resolve(
    path.dirname(fileURLToPath(import.meta.url)),
    '../../shared/bench/libotr',
  );
  const binary = path.join(dir, 'bench');
  if (!existsSync(binary)) spawnSync('make', ['-C', dir], { stdio: 'ignore' });
  if (!existsSync(binary)) return {};
  const run = spawnSync(
    binary,
    [
      '--ake',
      String(AKE),
      '--msg',
      String(MSG),
      '--smp',
      String(SMP),
      '--only',
      'ake,msg1k,msg64,smp',
    ],
    { encoding: 'utf8' },
  );
  const figures = {};
  for (const line of run.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const { name, median_us: us } = JSON.parse(line);
    if (us !== undefined) figures[name] = us;
  }
  return figures;
}

const reference = libotr();
for (const name of ['ake', 'msg1k', 'msg64', 'smp']) {
  const theirs = reference[name];
  console.log(
    JSON.stringify({
      bench: `otr-${name}`,
      value: +ours[name].toFixed(1),
      unit: 'µs',
      ...(theirs !== undefined && {
        libotr: +theirs.toFixed(1),
        ratio: +(theirs / ours[name]).toFixed(2),
      }),
    }),
  );
}

// Key generation (a DSA 1024/160 key, made in the background when an account first needs one):
// the goal is under 2 s. Each key is made the way the keyring makes it.
const KEYS = Number(process.env.BENCH_OTR_KEYS ?? 10);
const keyTimes = [];
for (let i = 0; i < KEYS; i += 1) {
  const started = performance.now();
  await OtrPrivateKey.generate();
  keyTimes.push(performance.now() - started);
}
console.log(
  JSON.stringify({
    bench: 'otr-keygen',
    value: +median(keyTimes).toFixed(1),
    unit: 'ms',
    max: +Math.max(...keyTimes).toFixed(1),
    goal: 2000,
  }),
);
