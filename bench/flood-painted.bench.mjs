// A flood of 5,000 one-to-one messages into the open conversation, in Chromium through the
// browser host: from the first message sent to the frame in which the last one is in view at the
// end of the message list, without any scrolling by the bench (the list must follow by itself).
// In messages per second, against a bare @xmpp/client listener on the same flood in the same run
// (ratio = ours / bare; goal >= 0.8). Then `renderer-heap-after-flood`: the renderer's JS heap in
// use after a forced GC (goal < 50 MB).
//
// bob floods alice's bare JID, first with only the bare listener online (it counts bodies), then
// with only Hutong online, in a conversation opened on 40 earlier messages (scrolled to its end). Server-side archiving is off for both users, so the two floods cost
// the server the same (see setArchiving) and the sign-in has no archive to catch up on.
// BENCH_FLOOD_COUNT=<n> floods fewer messages, to check the script quickly.
import { rmSync, writeFileSync } from 'node:fs';
import { launchBrowser, startHost } from './chatSetup.mjs';
import { inProsodyChild } from './prosodyChild.mjs';
import {
  benchResult,
  fillSignIn,
  heapUsedMB,
  onPage,
  openConversation,
  openHostPage,
  profileWithPin,
  waitForEntry,
} from './ui.mjs';
import {
  bareClient,
  deadline,
  epochNow,
  flood,
  receiveCount,
  sendPresence,
  setArchiving,
} from './xmppPeers.mjs';

const COUNT = Number(process.env.BENCH_FLOOD_COUNT ?? 5_000);
const TIMEOUT_MS = Number(process.env.BENCH_FLOOD_TIMEOUT_MS ?? 300_000);
const ALICE = 'alice@localhost';
const BOB = 'bob@localhost';
const bodyOf = (i) => `flood message ${i + 1} of ${COUNT}, 第${i + 1}条`;
const marker = `flood message ${COUNT} of ${COUNT},`;
const EARLIER = 40;
const earlierMarker = `earlier message ${EARLIER} of ${EARLIER},`;

const server = await inProsodyChild(
  'flood',
  [
    { user: 'alice', password: 'alice-pw' },
    { user: 'bob', password: 'bob-pw' },
  ],
  { subscriptions: [['alice', 'bob']] },
);

const bob = bareClient(server.port, 'bob', 'flooder');
await bob.start();
await setArchiving(bob, false);

/** The reference: a bare client that counts bodies. Resolves with msg/s. */
async function bareListener() {
  const listener = bareClient(server.port, 'alice', 'bare');
  await listener.start();
  await setArchiving(listener, false);
  await sendPresence(listener, 0);
  const received = receiveCount(listener, COUNT);
  const t0 = epochNow();
  const [, t1] = await deadline(
    Promise.all([flood(bob, ALICE, COUNT, bodyOf), received]),
    TIMEOUT_MS,
    'the bare flood',
  );
  await listener.stop();
  return (COUNT * 1000) / (t1 - t0);
}

/** Hutong signed in with bob's conversation open. Resolves with msg/s and the heap after. */
async function ours() {
  const browser = await launchBrowser();
  const profile = profileWithPin(ALICE, server.certFingerprint);
  const host = startHost(profile);
  try {
    const page = await openHostPage(browser, await host.url);
    return await onPage(page, 'flood-painted', async () => {
      const submit = await fillSignIn(page, {
        jid: ALICE,
        password: 'alice-pw',
        port: server.port,
      });
      await submit.click();
      // Some history first, so the conversation opens scrolled to its end, as a user finds it.
      await waitForEntry(page, BOB);
      await flood(bob, ALICE, EARLIER, (i) => `earlier message ${i + 1} of ${EARLIER},`);
      await openConversation(page, BOB);
      await page.evaluate((m) => window.__hutongBench.armPainted(m), earlierMarker);
      await benchResult(page, TIMEOUT_MS, earlierMarker);
      // Let the sign-in's own work (roster, archive query, presence) settle.
      await page.waitForTimeout(1000);
      await page.evaluate((m) => window.__hutongBench.armPainted(m), marker);
      const profiler = await startRendererProfile(page);
      const t0 = epochNow();
      const sent = flood(bob, ALICE, COUNT, bodyOf);
      const painted = await benchResult(page, TIMEOUT_MS, marker);
      await sent;
      await profiler?.stop();
      const heapMB = await heapUsedMB(page);
      return { rate: (COUNT * 1000) / (painted - t0), ms: painted - t0, heapMB };
    });
  } finally {
    await host.stop();
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * HUTONG_BENCH_RENDERER_PROFILE=<file.cpuprofile>: the renderer's CPU profile during the flood
 * (Chrome DevTools format), to see where its time goes.
 */
async function startRendererProfile(page) {
  const file = process.env.HUTONG_BENCH_RENDERER_PROFILE;
  if (!file) return undefined;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
    },
  };
}

const bareRate = await bareListener();
const result = await ours();
await bob.stop();
const k = COUNT === 5_000 ? '5k' : String(COUNT);
console.log(
  JSON.stringify({
    bench: `flood-painted-${k}`,
    value: Math.round(result.rate),
    unit: 'msg/s',
    baseline: Math.round(bareRate),
    ratio: +(result.rate / bareRate).toFixed(2),
    firstSentToLastPaintedMs: Math.round(result.ms),
    messages: COUNT,
    measured: 'first sent to last message in view at the end of the open conversation',
  }),
);
console.log(
  JSON.stringify({
    bench: 'renderer-heap-after-flood',
    value: result.heapMB,
    unit: 'MB',
    messages: COUNT,
  }),
);
