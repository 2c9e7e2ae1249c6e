// Fault injection: alice and bob, each a whole Hutong (storage, chat and accounts services),
// exchange 10,000 messages (5,000 each way) while a TCP proxy in front of each cuts, resets and
// stalls its connection at random moments, and the server restarts once in the middle. Every
// message must arrive exactly once, those that came on the stream in the order they were sent,
// and every one must end up confirmed by the server, none failed; where the ones fetched back
// from the archive landed in history is reported. The fault schedule comes from a seed printed at the start; HUTONG_FAULT_SEED=<seed>
// replays it (the timing of the system itself still varies); HUTONG_FAULT_MESSAGES sets the
// messages per side.
//
// What it found, each fixed with a deterministic test of its own: holes under a new session's
// first messages and under an earlier owed session's (owedCatchUps.ts); re-sent copies and our
// own messages taken for proof that the walk reached stored history (Insertion.elsewhere); no
// stream-management ack during a steady flow (ackRequests.ts); every new session walking back
// through all that arrived since the catch-up became owed (OwedCatchUps.newestStored); holes
// filed before messages of their second that came live (ArchiveOrder), and held stanzas dated
// at the attachment (ingestFeed.ts). Prosody 0.12.3 itself breaks a resumption after a
// connection cut mid-stanza (the new connection's bytes go to the old parser: not-well-formed,
// the session and its queue are dropped), which is what makes the holes.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { ProsodyInstance } from '../../server/scripts/prosody.mjs';
import { startFaultProxy, type FaultProxy } from './faultProxy';
import { openStack, type Stack } from './faultStack';
import { startPairServer } from './pairServer';

const PER_SIDE = Number(process.env.HUTONG_FAULT_MESSAGES ?? 5_000);
const SEED = Number(process.env.HUTONG_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Our messages the server has not confirmed yet, at most: a user types, a flood is paced. */
const MAX_UNCONFIRMED = 100;
/** Sent in one go before the sender lets the event loop run. */
const BURST = 20;
/** Once the senders are done (and the faults stop), how long everything may take to settle. */
const SETTLE_MS = 60_000;

/** mulberry32: a small seeded generator, so a failing schedule can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const bodyOf = (from: string, i: number) => `${from}→${i} (seed ${SEED})`;
const indexOf = (body: string) => Number(/→(\d+) /.exec(body)?.[1]);

let tmp: string;
let server: ProsodyInstance;
let proxies: Record<'alice' | 'bob', FaultProxy>;
let alice: Stack;
let bob: Stack;
// Archives in SQLite: Prosody's internal store rewrites a user's whole archive file at each
// message, which past a few thousand messages makes the server, not the client, the pace.
const startServer = () => startPairServer(tmp, server, 'sqlite');

beforeAll(async () => {
  // In memory where there is /dev/shm: what is under test is recovery, not the disk, and a
  // durable commit per message would make the disk the pace of 30,000 commits.
  tmp = mkdtempSync(path.join(existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'hutong-faults-'));
  server = await startServer();
  const ca = readFileSync(server.caPath!, 'utf8');
  proxies = {
    alice: await startFaultProxy(server.c2sPort),
    bob: await startFaultProxy(server.c2sPort),
  };
  const open = (user: 'alice' | 'bob') =>
    openStack({
      dir: path.join(tmp, user),
      user,
      password: `${user}-pw`,
      domain: server.domain,
      proxyPort: proxies[user].port,
      ca,
    });
  [alice, bob] = await Promise.all([open('alice'), open('bob')]);
}, 60_000);

afterAll(async () => {
  await Promise.all([alice?.dispose(), bob?.dispose()]);
  await Promise.all(Object.values(proxies ?? {}).map((proxy) => proxy.close()));
  await server?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** Sends PER_SIDE messages through ChatService, paced by what the server has not confirmed. */
async function sendAll(from: Stack, to: Stack, ids: string[]): Promise<void> {
  for (let i = 0; i < PER_SIDE; i += 1) {
    while (ids.length - from.confirmed.size >= MAX_UNCONFIRMED) await sleep(10);
    const sent = from.chat.send({ accountId: from.jid, peer: to.jid, body: bodyOf(from.user, i) });
    if (!sent.ok) throw new Error(`${from.user}: send ${i} refused: ${sent.error.code}`);
    ids.push(sent.value.id);
    if (i % BURST === BURST - 1) await sleep(0);
  }
}

/**
 * Faults at random moments until `done`: a cut, a reset or a stall (short, or several seconds),
 * on alice's link, bob's or both; the server restarts once, when half the messages are out.
 */
async function injectFaults(random: () => number, done: () => boolean, half: () => boolean) {
  const log: string[] = [];
  let restarted = false;
  const at = Date.now();
  const note = (what: string) => log.push(`${((Date.now() - at) / 1000).toFixed(1)}s ${what}`);
  while (!done()) {
    await sleep(1_000 + random() * 3_000);
    if (done()) break;
    if (!restarted && half()) {
      restarted = true;
      note('server restart');
      await server.stop();
      await sleep(random() * 2_000);
      server = await startServer();
      continue;
    }
    const pick = random();
    const targets: Array<'alice' | 'bob'> =
      pick < 0.4 ? ['alice'] : pick < 0.8 ? ['bob'] : ['alice', 'bob'];
    const kind = random();
    for (const name of targets) {
      if (kind < 0.35) proxies[name].cut();
      else if (kind < 0.7) proxies[name].reset();
      else proxies[name].stall(kind < 0.9 ? 200 + random() * 1_500 : 3_000 + random() * 2_000);
    }
    note(`${kind < 0.35 ? 'cut' : kind < 0.7 ? 'reset' : 'stall'} ${targets.join('+')}`);
  }
  return { log, restarted };
}

async function settle(what: string, ready: () => boolean): Promise<void> {
  const end = Date.now() + SETTLE_MS;
  while (!ready()) {
    if (Date.now() > end) {
      const state = [alice, bob].map((s) => {
        const peer = s === alice ? bob : alice;
        return (
          `${s.user}: ${s.status()}, received ${s.received(peer.jid)} (missing ` +
          `${missingRanges(s, peer)}), confirmed ${s.confirmed.size}, failed ${s.failed.size}`
        );
      });
      throw new Error(`not settled: ${what} (${state.join('; ')})`);
    }
    await sleep(100);
  }
}

/** Which of the sender's messages the receiver lacks, as ranges of send indexes. */
function missingRanges(receiver: Stack, sender: Stack): string {
  const incoming = receiver.rows(sender.jid).filter((row) => row.direction === 'in');
  const have = new Set(incoming.map((row) => indexOf(row.body)));
  const ranges: string[] = [];
  for (let i = 0; i < PER_SIDE; i += 1) {
    if (have.has(i)) continue;
    let j = i;
    while (j + 1 < PER_SIDE && !have.has(j + 1)) j += 1;
    ranges.push(i === j ? `${i}` : `${i}-${j}`);
    i = j;
  }
  return ranges.join(' ') || 'none';
}

/** The receiver's history from one sender: every message once, in the order it was sent. */
function checkReceived(receiver: Stack, sender: Stack, ids: readonly string[]): void {
  const incoming = receiver.rows(sender.jid).filter((row) => row.direction === 'in');
  // Exactly once: every message is there, by the id its sender gave it (the origin-id) and by
  // its text, and nothing else is.
  const byOrigin = new Map(incoming.map((row) => [row.origin_id, row]));
  const missing = ids.filter((id) => !byOrigin.has(id)).length;
  expect({ missing, count: incoming.length, distinct: byOrigin.size }).toEqual({
    missing: 0,
    count: ids.length,
    distinct: ids.length,
  });
  expect(ids.every((id, i) => byOrigin.get(id)!.body === bodyOf(sender.user, i))).toBe(true);

  // In order: what came on the stream (live, re-sent after a resumption, offline storage)
  // keeps the sender's order in history (ordered by seq, storage/seqAllocator.ts). Messages
  // fetched back from the archive go where the archive has them (storage/types.ts
  // ArchiveOrder), which after Prosody 0.12's broken resumptions is not always the order they
  // were sent in: how many is reported here, not asserted (see the issue 10 report).
  const order = incoming.map((row) => indexOf(row.body));
  const streamed = incoming.filter((row) => row.via === 'live').map((row) => indexOf(row.body));
  const displaced = order.filter((n, i) => n !== i).length;
  if (displaced > 0) {
    // Runs of consecutive indexes with how they came and when they are dated (ms in the minute).
    const runs: string[] = [];
    incoming.forEach((r, i) => {
      const n = indexOf(r.body);
      const prev = incoming[i - 1];
      if (prev && indexOf(prev.body) === n - 1 && prev.via === r.via) return;
      runs.push(`#${n} ${r.via} ${r.sent_at % 60_000}`);
    });
    console.log(
      `${receiver.user} from ${sender.user}: ${displaced} of ${order.length} out of send order ` +
        `(${streamed.length} came on the stream): ${runs.slice(0, 40).join(', ')}`,
    );
  }
  // Asserted after the report above, so that a failure comes with the runs that explain it.
  expect(streamed.findIndex((n, i) => i > 0 && n < streamed[i - 1]!)).toBe(-1);
}

/** The sender's own copies: one each, none left pending or failed. */
function checkSent(sender: Stack, receiver: Stack, ids: readonly string[]): void {
  const outgoing = sender.rows(receiver.jid).filter((row) => row.direction === 'out');
  expect(outgoing.map((row) => row.origin_id)).toEqual(ids);
  const states = new Map<string, number>();
  for (const row of outgoing) states.set(row.state, (states.get(row.state) ?? 0) + 1);
  expect([...states.keys()].filter((s) => s !== 'sent' && s !== 'delivered')).toEqual([]);
  expect([...sender.failed]).toEqual([]);
}

describe('fault injection', () => {
  it('delivers every message exactly once and in order through cuts, resets, stalls and a restart', async () => {
    console.log(`fault injection seed ${SEED} (HUTONG_FAULT_SEED=${SEED} replays it)`);
    const began = Date.now();
    const fromAlice: string[] = [];
    const fromBob: string[] = [];
    let sending = true;
    const senders = Promise.all([
      sendAll(alice, bob, fromAlice),
      sendAll(bob, alice, fromBob),
    ]).finally(() => (sending = false));
    const faults = injectFaults(
      seeded(SEED),
      () => !sending,
      () => fromAlice.length + fromBob.length >= PER_SIDE,
    );
    // Progress every 10 s: where a run that times out got stuck.
    const progress = setInterval(() => {
      const line = [alice, bob].map((s) => {
        const peer = s === alice ? bob : alice;
        const sent = (s === alice ? fromAlice : fromBob).length;
        return `${s.user} ${s.status()}: sent ${sent}, confirmed ${s.confirmed.size}, received ${s.received(peer.jid)}`;
      });
      console.log(`${((Date.now() - began) / 1000).toFixed(0)} s: ${line.join('; ')}`);
    }, 10_000);
    onTestFinished(() => clearInterval(progress));
    await senders;
    const { log, restarted } = await faults;
    const sentIn = Date.now() - began;

    await settle(
      'both back online',
      () => alice.status() === 'online' && bob.status() === 'online',
    );
    await settle(
      'every message stored at its receiver and confirmed at its sender',
      () =>
        bob.received(alice.jid) >= PER_SIDE &&
        alice.received(bob.jid) >= PER_SIDE &&
        alice.confirmed.size + bob.confirmed.size >= 2 * PER_SIDE,
    );
    console.log(
      `seed ${SEED}: ${log.length} faults (${log.join(', ')}); sent in ${sentIn} ms, ` +
        `settled in ${Date.now() - began} ms; connections ${proxies.alice.accepted}+${proxies.bob.accepted}`,
    );
    expect(restarted).toBe(true);
    checkReceived(bob, alice, fromAlice);
    checkReceived(alice, bob, fromBob);
    checkSent(alice, bob, fromAlice);
    checkSent(bob, alice, fromBob);
  }, 240_000);
});
