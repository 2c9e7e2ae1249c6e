// Shared setup of the chat benchmarks (not a benchmark itself: run.mjs only runs *.bench.mjs).
// A private Prosody with alice and bob; a browser-host data folder where alice signed in once
// through the UI (so her account, password and pinned certificate are saved), then 100,000
// messages between alice and bob stored through the real storage module.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startProsody } from '../server/scripts/prosody.mjs';
import { importTs } from './bundle.mjs';
import { fillSignIn, openHostPage, profileWithPin, waitForEntry } from './ui.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// BENCH_HISTORY_COUNT=<n> seeds fewer, to check a script quickly.
export const MESSAGES = Number(process.env.BENCH_HISTORY_COUNT ?? 100_000);

export function startHost(dataDir) {
  const env = {
    ...process.env,
    HUTONG_DATA_DIR: dataDir,
    HUTONG_HOST_PORT: '0',
    HUTONG_LOG: 'warn',
  };
  delete env.NODE_EXTRA_CA_CERTS;
  // HUTONG_BENCH_HOST_ARGS: extra Node options for the host, e.g. to profile it
  // ("--cpu-prof --cpu-prof-dir=/tmp/prof").
  const nodeArgs = (process.env.HUTONG_BENCH_HOST_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'dist/host/host.mjs')], {
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

/**
 * The account is saved once its first connection is complete, which may be after its contacts
 * are shown: stopping the host before that would lose it. Reads the host's database (WAL lets a
 * reader in beside the host).
 */
async function waitForSavedAccount(file, accountId) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    let saved;
    try {
      saved = db.prepare('SELECT 1 FROM accounts WHERE account_id = ?').get(accountId);
    } finally {
      db.close();
    }
    if (saved) return;
    if (Date.now() > deadline) throw new Error(`${accountId} was not saved within 60 s`);
    await new Promise((done) => setTimeout(done, 100));
  }
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
      kind: 'chat',
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
  const prosody = await startProsody({
    dataDir: serverDir,
    domain: 'localhost',
    users: ['alice', 'bob'].map((user) => ({ user, password: `${user}-pw` })),
    subscriptions: [['alice', 'bob']],
  });
  // The certificate is pinned beforehand, as if alice had trusted it at the prompt.
  const dataDir = profileWithPin('alice@localhost', prosody.certFingerprint);
  const browser = await launchBrowser();
  const host = startHost(dataDir);
  try {
    const page = await openHostPage(browser, await host.url);
    const submit = await fillSignIn(page, {
      jid: 'alice@localhost',
      password: 'alice-pw',
      port: prosody.c2sPort,
    });
    await submit.click();
    await waitForEntry(page, 'bob@localhost');
    await waitForSavedAccount(path.join(dataDir, 'hutong.sqlite'), 'alice@localhost');
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

/** A page on the host with alice signed in and bob listed. */
export async function openMainWindow(setup, host) {
  const page = await openHostPage(setup.browser, await host.url);
  await waitForEntry(page, 'bob@localhost');
  return page;
}

/**
 * Clicks bob's entry and resolves with the milliseconds until a frame with his messages is
 * painted (the first animation frame after message rows exist, then one more task).
 */
export function openBobTimed(page) {
  return page.evaluate((jid) => window.__hutongBench.openTimed(jid), 'bob@localhost');
}
