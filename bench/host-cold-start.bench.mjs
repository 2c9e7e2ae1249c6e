// Browser host cold start: from spawning the host process to the sign-in screen painted in
// Chromium (median of 5). Chromium itself is launched once, outside the timing, as a user's
// browser would already be running.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, startHost } from './chatSetup.mjs';

const RUNS = 5;

const browser = await launchBrowser();
const samples = [];
try {
  for (let i = 0; i < RUNS; i += 1) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hutong-bench-'));
    const t0 = performance.now();
    const host = startHost(dataDir);
    try {
      const page = await browser.newPage();
      await page.goto(await host.url);
      await page.getByRole('button', { name: /sign in|登录/i }).waitFor({ state: 'visible' });
      // Wait for the frame that shows it to be painted.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
      samples.push(performance.now() - t0);
      await page.close();
    } finally {
      await host.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
} finally {
  await browser.close();
}
samples.sort((a, b) => a - b);
const median = samples[Math.floor(samples.length / 2)];
console.log(
  JSON.stringify({
    bench: 'host-cold-start',
    value: Math.round(median),
    unit: 'ms',
    samples: samples.map(Math.round),
  }),
);
