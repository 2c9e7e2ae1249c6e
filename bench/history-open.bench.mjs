// Opening a conversation of 100,000 stored messages: from the click on the contact to the first
// painted frame showing its messages, in Chromium through the browser host (median of 5; goal
// < 50 ms). The list is virtualized and loads one page, so the length must not matter.
// Two figures: `history-open-100k`, a second after the window showed the contact (the app has
// settled, and the newest page of recent conversations is loaded ahead, as a user finds it), and
// `history-open-100k-cold`, clicked as soon as the contact is listed, while the app is still
// signing in and before anything was loaded ahead (the page is asked for on the click).
// BENCH_HISTORY_COUNT=<n> stores fewer messages, to check the script quickly.
import { MESSAGES, openBobTimed, openMainWindow, setUpChat, startHost } from './chatSetup.mjs';

const RUNS = 5;
const SETTLE_MS = 1000;
const setup = await setUpChat();
const samples = { settled: [], cold: [] };
try {
  for (let i = 0; i < RUNS; i += 1) {
    for (const kind of ['cold', 'settled']) {
      const host = startHost(setup.dataDir);
      try {
        const page = await openMainWindow(setup, host);
        if (kind === 'settled') await page.waitForTimeout(SETTLE_MS);
        samples[kind].push(await openBobTimed(page));
        const rows = await page.locator('[role="log"] [data-message-id]').count();
        if (rows === 0 || rows > 200) throw new Error(`unexpected ${rows} message rows in the DOM`);
        await page.close();
      } finally {
        await host.stop();
      }
    }
  }
} finally {
  await setup.cleanup();
}
const name = MESSAGES === 100_000 ? 'history-open-100k' : `history-open-${MESSAGES}`;
for (const [kind, list] of Object.entries(samples)) {
  list.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      bench: kind === 'cold' ? `${name}-cold` : name,
      value: Math.round(list[Math.floor(RUNS / 2)]),
      unit: 'ms',
      messages: MESSAGES,
      samples: list.map(Math.round),
    }),
  );
}
