// Renderer JS heap with a 100,000-message conversation opened and scrolled back through 30 older
// pages, after a forced GC (CDP Runtime.getHeapUsage; goal < 150 MB). The heap after a flood of
// live messages is in flood-painted.bench.mjs.
import { MESSAGES, openBobTimed, openMainWindow, setUpChat, startHost } from './chatSetup.mjs';

const PAGES = 30;
const setup = await setUpChat();
let usedMB;
let loaded;
try {
  const host = startHost(setup.dataDir);
  try {
    const page = await openMainWindow(setup, host);
    await openBobTimed(page);
    const log = page.getByRole('log');
    // Scroll to the top repeatedly; each time the list asks for the next older page.
    for (let i = 0; i < PAGES; i += 1) {
      const before = await page
        .locator('[data-message-id^="seed-"]')
        .first()
        .getAttribute('data-message-id');
      if (before === 'seed-0') break; // the conversation's start (a small BENCH_HISTORY_COUNT)
      await log.evaluate((el) => (el.scrollTop = 0));
      await page.waitForFunction(
        (id) =>
          document.querySelector('[data-message-id^="seed-"]')?.getAttribute('data-message-id') !==
          id,
        before,
      );
    }
    loaded = await page.evaluate(() =>
      document.querySelector('[data-message-id^="seed-"]')?.getAttribute('data-message-id'),
    );
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = await cdp.send('Runtime.getHeapUsage');
    usedMB = usage.usedSize / 2 ** 20;
    await page.close();
  } finally {
    await host.stop();
  }
} finally {
  await setup.cleanup();
}
console.log(
  JSON.stringify({
    bench:
      MESSAGES === 100_000 ? 'renderer-heap-100k-scrolled' : `renderer-heap-${MESSAGES}-scrolled`,
    value: Math.round(usedMB * 10) / 10,
    unit: 'MB',
    oldestVisible: loaded,
  }),
);
