// Browser host cold start: from spawning the host process to the sign-in screen painted in
// Chromium (median of 5). Chromium itself is launched once, outside the timing, as a user's
// browser would already be running.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 5;

function startHost(dataDir) {
  const child = spawn(process.execPath, [path.join(root, 'dist/host/host.mjs')], {
    env: { ...process.env, HUTONG_DATA_DIR: dataDir, HUTONG_HOST_PORT: '0', HUTONG_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /HUTONG_URL=(\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`host exited with ${code}`)));
  });
  return { child, url };
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-sync'],
});
const samples = [];
try {
  for (let i = 0; i < RUNS; i += 1) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hutong-bench-'));
    const t0 = performance.now();
    const { child, url } = startHost(dataDir);
    try {
      const page = await browser.newPage();
      await page.goto(await url);
      await page.getByRole('button', { name: /sign in|登录/i }).waitFor({ state: 'visible' });
      // Wait for the frame that shows it to be painted.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
      samples.push(performance.now() - t0);
      await page.close();
    } finally {
      child.kill('SIGTERM');
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
