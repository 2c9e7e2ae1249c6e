// Sign-in to the newest message, for an account whose archive holds 10,000 recent messages from
// one contact (goal < 1 s). Measured in Chromium through the browser host, on a fresh profile in
// which the server's certificate is already pinned (so no prompt interrupts): from the click on
// "Sign in" to the first frame in which bob's newest message is in view in his conversation. The
// bench opens that conversation itself, as soon as bob is listed (Chats or Contacts), the way a
// user would; `openedMs` says when that was and `previewMs` when the newest message was first in
// view outside the conversation (a Chats list preview), if it was before.
//
// The archive: bob sends the messages to alice's bare JID while alice is online on another
// resource that only counts them, so Prosody archives them (MAM) and none waits in offline
// storage (checked); that resource has queried the archive, so Prosody drops rather than stores
// offline whatever it had not acknowledged when it leaves.
//
// Reference, same server, same run: a bare @xmpp/client signs in and asks for the newest page
// (XEP-0313 + XEP-0059 <before/> empty, 50 messages): `baseline` is sign-in plus that query,
// `baselineQueryOnly` the query alone (medians of 5).
// BENCH_SIGNIN_COUNT=<n> archives fewer messages, to check the script quickly.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, startHost } from './chatSetup.mjs';
import { inProsodyChild } from './prosodyChild.mjs';
import { benchResult, fillSignIn, onPage, openHostPage, profileWithPin } from './ui.mjs';
import {
  bareClient,
  deadline,
  flood,
  newestArchivePage,
  receiveCount,
  sendPresence,
  setArchiving,
} from './xmppPeers.mjs';

const COUNT = Number(process.env.BENCH_SIGNIN_COUNT ?? 10_000);
const TIMEOUT_MS = Number(process.env.BENCH_SIGNIN_TIMEOUT_MS ?? 300_000);
const REFERENCE_RUNS = 5;
const ALICE = 'alice@localhost';
const BOB = 'bob@localhost';
const bodyOf = (i) => `archived message ${i + 1} of ${COUNT}: see you at the station 车站见`;
const newest = bodyOf(COUNT - 1);
const marker = `archived message ${COUNT} of ${COUNT}:`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// Prosody's internal storage keeps at most 10,000 items per archive (storage_archive_item_limit)
// and silently drops what comes after.
if (!(COUNT >= 1 && COUNT <= 10_000)) throw new Error('BENCH_SIGNIN_COUNT must be 1 to 10000');

const server = await inProsodyChild(
  'signin-newest',
  [
    { user: 'alice', password: 'alice-pw' },
    { user: 'bob', password: 'bob-pw' },
  ],
  { subscriptions: [['alice', 'bob']] },
);

async function seedArchive() {
  const started = performance.now();
  const bob = bareClient(server.port, 'bob', 'seeder');
  await bob.start();
  await setArchiving(bob, false); // bob's own archive plays no part: spare the server the work
  const sink = bareClient(server.port, 'alice', 'sink');
  await sink.start();
  await sendPresence(sink, 0);
  const received = receiveCount(sink, COUNT);
  await deadline(Promise.all([flood(bob, ALICE, COUNT, bodyOf), received]), TIMEOUT_MS, 'seeding');
  const check = await newestArchivePage(sink, 1);
  await sink.stop();
  await bob.stop();
  if (check.bodies.at(-1) !== newest) {
    throw new Error(`the archive's newest message is ${JSON.stringify(check.bodies.at(-1))}`);
  }
  if (check.count !== undefined && check.count !== COUNT) {
    throw new Error(`the archive holds ${check.count} messages, not ${COUNT}`);
  }
  const offline = path.join(server.dataDir, 'data', 'localhost', 'offline');
  if (existsSync(offline) && readdirSync(offline).some((f) => f.startsWith('alice'))) {
    throw new Error('messages wait in offline storage: the scenario is "archive only"');
  }
  console.error(`archived ${COUNT} messages in ${Math.round(performance.now() - started)} ms`);
}

async function reference() {
  const total = [];
  const query = [];
  for (let i = 0; i < REFERENCE_RUNS; i += 1) {
    const c = bareClient(server.port, 'alice', `reference-${i}`);
    const t0 = performance.now();
    await c.start();
    const page = await newestArchivePage(c, 50);
    total.push(performance.now() - t0);
    query.push(page.ms);
    await c.stop();
    if (page.bodies.at(-1) !== newest) throw new Error('the reference did not get the newest');
  }
  return { total: median(total), query: median(query) };
}

async function ours() {
  const browser = await launchBrowser();
  const profile = profileWithPin(ALICE, server.certFingerprint);
  const host = startHost(profile);
  try {
    const page = await openHostPage(browser, await host.url);
    return await onPage(page, 'signin-newest', async () => {
      const submit = await fillSignIn(page, {
        jid: ALICE,
        password: 'alice-pw',
        port: server.port,
      });
      await page.evaluate(([jid, m]) => window.__hutongBench.armSignIn(jid, m), [BOB, marker]);
      await submit.click();
      return benchResult(page, TIMEOUT_MS, marker);
    });
  } finally {
    await host.stop();
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

await seedArchive();
const base = await reference();
const times = await ours();
const round = (x) => (x === undefined ? null : Math.round(x));
console.log(
  JSON.stringify({
    bench: COUNT === 10_000 ? 'signin-to-newest-10k' : `signin-to-newest-${COUNT}`,
    value: round(times.painted),
    unit: 'ms',
    baseline: round(base.total),
    baselineQueryOnly: round(base.query),
    ratio: +(times.painted / base.total).toFixed(2),
    openedMs: round(times.opened),
    previewMs: round(times.preview),
    archived: COUNT,
    measured:
      'click Sign in (fresh profile, pinned certificate) to newest message in view in the ' +
      'conversation, opened as soon as the contact is listed',
  }),
);
