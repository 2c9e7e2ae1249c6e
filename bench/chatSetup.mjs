// Shared setup of the chat benchmarks (not a benchmark itself: run.mjs only runs *.bench.mjs).
// A private Prosody with alice and bob; a browser-host data folder where alice signed in once
// through the UI (so her account, password and pinned certificate are saved), then 100,000
// messages between alice and bob stored through the real storage module.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startProsody } from '../server/scripts/prosody.mjs';
import { importTs } from './bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MESSAGES = 100_000;

export function startHost(dataDir) {
  const env = {
    ...process.env,
    HUTONG_DATA_DIR: dataDir,
    HUTONG_HOST_PORT: '0',
    HUTONG_LOG: 'warn',
  };
  delete env.NODE_EXTRA_CA_CERTS;
  const child = spawn(process.execPath, [path.join(root, 'dist/host/host.mjs')], {
    env,
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
  const stop = async () => {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((done) => setTimeout(done, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  return { url, stop };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.HUTONG_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-sync'],
  });
}

function seedMessages(accountId, peer) {
  const start = Date.now() - MESSAGES * 60_000;
  const words = 'tea hutong tomorrow 明天 见面 train ticket 好的 coffee at five see you'.split(' ');
  return Array.from({ length: MESSAGES }, (_, i) => {
    const out = i % 3 === 0;
    const length = 3 + (i % 17);
    const body = Array.from({ length }, (_, w) => words[(i * 7 + w * 3) % words.length]).join(' ');
    return {
      id: `seed-${i}`,
      originId: `seed-${i}`,
      accountId,
      peer,
      direction: out ? 'out' : 'in',
      body: `${i}: ${body}`,
      sentAt: start + i * 60_000,
      state: out ? 'delivered' : 'read',
      via: 'live',
      private: false,
    };
  });
}

/** Everything the benchmarks need; call cleanup() at the end. */
export async function setUpChat() {
  const serverDir = mkdtempSync(path.join(os.tmpdir(), 'hutong-bench-xmpp-'));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hutong-bench-chat-'));
  const prosody = await startProsody({
    dataDir: serverDir,
    domain: 'localhost',
    users: ['alice', 'bob'].map((user) => ({ user, password: `${user}-pw` })),
    subscriptions: [['alice', 'bob']],
  });
  const browser = await launchBrowser();
  const host = startHost(dataDir);
  try {
    const page = await browser.newPage();
    await page.goto(await host.url);
    await page.getByLabel('Address').fill('alice@localhost');
    await page.getByLabel('Password', { exact: true }).fill('alice-pw');
    await page.getByRole('button', { name: 'Advanced' }).click();
    await page.getByLabel('Server host').fill(prosody.host);
    await page.getByLabel('Port', { exact: true }).fill(String(prosody.c2sPort));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Trust this certificate and connect' }).click();
    await page
      .getByRole('option', { name: /bob@localhost/ })
      .first()
      .waitFor();
    await page.close();
  } finally {
    await host.stop();
  }
  const { openStorage } = await importTs('electron/storage/index.ts');
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  const storage = openStorage(path.join(dataDir, 'hutong.sqlite'), { log: silent });
  const messages = seedMessages('alice@localhost', 'bob@localhost');
  for (let i = 0; i < messages.length; i += 10_000) {
    storage.messages.insertMany(messages.slice(i, i + 10_000));
  }
  storage.close();
  return {
    dataDir,
    browser,
    cleanup: async () => {
      await browser.close();
      await prosody.stop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(serverDir, { recursive: true, force: true });
    },
  };
}

/**
 * In the page: clicks bob in the contact list and resolves with the milliseconds until a frame
 * with his messages is painted (the first rAF after message rows exist, then one more task).
 */
/** A page on the host with alice signed in and bob in her contact list. */
export async function openMainWindow(setup, host) {
  const page = await setup.browser.newPage();
  await page.goto(await host.url);
  await page
    .getByRole('option', { name: /bob@localhost/ })
    .first()
    .waitFor();
  return page;
}

export function openBobTimed(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const option = [...document.querySelectorAll('[role="option"]')].find((el) =>
          el.textContent?.includes('bob@localhost'),
        );
        const t0 = performance.now();
        option.click();
        const check = () => {
          if (document.querySelector('[role="log"] [data-message-id]')) {
            requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
            return true;
          }
          return false;
        };
        if (check()) return;
        const observer = new MutationObserver(() => {
          if (check()) observer.disconnect();
        });
        observer.observe(document.body, { childList: true, subtree: true });
      }),
  );
}
