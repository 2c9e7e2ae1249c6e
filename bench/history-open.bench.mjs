// Opening a conversation of 100,000 stored messages: from the click on the contact to the first
// painted frame showing its messages, in Chromium through the browser host (median of 5; goal
// < 50 ms). The list is virtualized and loads one page, so the length must not matter.
// BENCH_HISTORY_COUNT=<n> stores fewer messages, to check the script quickly.
import { MESSAGES, openBobTimed, openMainWindow, setUpChat, startHost } from './chatSetup.mjs';

const RUNS = 5;
const setup = await setUpChat();
const samples = [];
try {
  for (let i = 0; i < RUNS; i += 1) {
    const host = startHost(setup.dataDir);
    try {
      const page = await openMainWindow(setup, host);
      samples.push(await openBobTimed(page));
      const rows = await page.locator('[role="log"] [data-message-id]').count();
      if (rows === 0 || rows > 200) throw new Error(`unexpected ${rows} message rows in the DOM`);
      await page.close();
    } finally {
      await host.stop();
    }
  }
} finally {
  await setup.cleanup();
}
samples.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    bench: MESSAGES === 100_000 ? 'history-open-100k' : `history-open-${MESSAGES}`,
    value: Math.round(samples[Math.floor(RUNS / 2)]),
    unit: 'ms',
    messages: MESSAGES,
    samples: samples.map(Math.round),
  }),
);
