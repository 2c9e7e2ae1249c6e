// The benches' view of the app's UI in Chromium through the browser host. Every selector the
// benches rely on is in pageHelpers() below (one place to adjust when the UI changes); timings
// that must not include Playwright's polling are taken inside the page, by a loop on animation
// frames: a frame is where something becomes visible, and the work per frame is small.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deadline } from './xmppPeers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Installed in the page as window.__hutongBench (runs in the page: no closure over Node values).
 * A conversation is opened from an option naming the peer (the Chats list or the contact list);
 * when none is shown and there is a Contacts tab, that tab is selected first. Messages are found
 * by their text, in the message log (role "log") of the open conversation.
 */
function pageHelpers() {
  const now = () => performance.now();
  const inView = (el) => {
    if (!el?.isConnected) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight;
  };
  const entryFor = (jid) =>
    [...document.querySelectorAll('[role="option"]')].find(
      (el) => el.textContent.includes(jid) && inView(el),
    );
  const contactsTab = () =>
    [...document.querySelectorAll('[role="tab"]')].find((el) =>
      /^(contacts|联系人)/i.test(el.textContent.trim()),
    );
  const messageLog = () => document.querySelector('[role="log"]');

  /**
   * Clicks the peer's entry when one is shown (true). Otherwise, with `contacts`, selects the
   * Contacts tab (where there are tabs) to find it there next time.
   */
  function openEntry(jid, contacts) {
    const entry = showEntry(jid, contacts);
    entry?.click();
    return Boolean(entry);
  }

  /** The peer's entry if one is shown; else, with `contacts`, selects the Contacts tab. */
  function showEntry(jid, contacts) {
    const entry = entryFor(jid);
    if (entry) return entry;
    const tab = contacts && contactsTab();
    if (tab && tab.getAttribute('aria-selected') !== 'true') tab.click();
    return undefined;
  }

  /** Elements whose own text contains `text` (no double quotes in it). */
  function holders(text) {
    const found = document.evaluate(
      `//text()[contains(., "${text}")]`,
      document.body,
      null,
      XPathResult.ORDERED_NODE_SNAPSHOT_TYPE,
      null,
    );
    return Array.from(
      { length: found.snapshotLength },
      (_, i) => found.snapshotItem(i).parentElement,
    ).filter(Boolean);
  }

  /**
   * 'log' when `text` is in view inside the conversation's message list, 'page' when in view
   * elsewhere only (e.g. a Chats list preview), 'hidden' when in the DOM but out of view (below
   * the fold), null when not in the DOM.
   */
  function whereShown(text) {
    const log = messageLog();
    const logBox = log?.getBoundingClientRect();
    let best = null;
    for (const el of holders(text)) {
      if (!inView(el)) {
        best ??= 'hidden';
        continue;
      }
      if (!log?.contains(el)) {
        best = 'page';
        continue;
      }
      const r = el.getBoundingClientRect();
      if (r.bottom > logBox.top && r.top < logBox.bottom) return 'log';
      best ??= 'hidden';
    }
    return best;
  }

  /** Resolves after the frame that shows the current DOM was produced (then one task). */
  const afterPaint = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));

  /** Calls `step` on every frame until it returns a promise; window.__benchResult is that. */
  function everyFrame(step) {
    window.__benchResult = new Promise((resolve) => {
      const frame = () => {
        const done = step();
        if (done) done.then(resolve);
        else requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
  }

  /**
   * From the next click (the sign-in button): opens `jid`'s conversation as soon as it is
   * listed in the list shown after sign-in (the Chats list, where there is one: a user waits
   * there for the conversation to show up), and resolves with ms since that click: opened
   * (entry clicked), preview (`marker` first in view outside the log, if ever before the log),
   * painted (in view in the log).
   */
  function armSignIn(jid, marker) {
    let t0;
    const times = {};
    document.addEventListener('click', () => (t0 ??= now()), { capture: true, once: true });
    everyFrame(() => {
      if (t0 === undefined) return undefined;
      if (times.opened === undefined && openEntry(jid, false)) times.opened = now() - t0;
      const where = whereShown(marker);
      if (where === 'page') times.preview ??= now() - t0;
      if (where !== 'log') return undefined;
      return afterPaint().then(() => ({ ...times, painted: now() - t0 }));
    });
  }

  /** Resolves with the epoch time (ms) of the frame in which `marker` is in view in the log. */
  function armPainted(marker) {
    everyFrame(() =>
      whereShown(marker) === 'log'
        ? afterPaint().then(() => performance.timeOrigin + now())
        : undefined,
    );
  }

  /** Clicks `jid`'s entry and resolves with ms until the first frame showing message rows. */
  function openTimed(jid) {
    const entry = entryFor(jid);
    if (!entry) throw new Error(`no entry for ${jid}`);
    const t0 = now();
    entry.click();
    everyFrame(() =>
      messageLog()?.querySelector('[data-message-id]')
        ? afterPaint().then(() => now() - t0)
        : undefined,
    );
    return window.__benchResult;
  }

  window.__hutongBench = { openEntry, showEntry, whereShown, armSignIn, armPainted, openTimed };
}

/** A new page on the host with the helpers installed (they survive reloads). */
export async function openHostPage(browser, url) {
  const page = await browser.newPage();
  await page.addInitScript(pageHelpers);
  await page.goto(url);
  return page;
}

/** A fresh host data folder in which the server's certificate is already trusted for `jid`. */
export function profileWithPin(jid, certFingerprint) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hutong-bench-profile-'));
  writeFileSync(path.join(dir, 'pins.json'), JSON.stringify({ [jid]: certFingerprint }), {
    mode: 0o600,
  });
  return dir;
}

/** Fills the first-run sign-in form (address, password, Advanced: host and port). */
export async function fillSignIn(page, { jid, password, port }) {
  await page.getByLabel('Address').fill(jid);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Advanced' }).click();
  await page.getByLabel('Server host').fill('127.0.0.1');
  await page.getByLabel('Port', { exact: true }).fill(String(port));
  return page.getByRole('button', { name: 'Sign in', exact: true });
}

/** Waits until `jid` is listed (Chats or Contacts) and opens the conversation (not timed). */
export async function openConversation(page, jid, timeoutMs = 60_000) {
  await page.waitForFunction((peer) => window.__hutongBench.openEntry(peer, true), jid, {
    timeout: timeoutMs,
  });
  await page.getByRole('log').first().waitFor({ timeout: timeoutMs });
}

/** Waits until `jid` is listed (Chats or Contacts), without opening it. */
export async function waitForEntry(page, jid, timeoutMs = 60_000) {
  await page.waitForFunction((peer) => Boolean(window.__hutongBench.showEntry(peer, true)), jid, {
    timeout: timeoutMs,
  });
}

/** The result of the last armed measurement, or an error that says where `marker` was. */
export async function benchResult(page, ms, marker) {
  try {
    return await deadline(
      page.evaluate(() => window.__benchResult),
      ms,
      'waiting for the page',
    );
  } catch (error) {
    const where =
      marker && (await page.evaluate((m) => window.__hutongBench.whereShown(m), marker));
    const seen = { log: 'in view', page: 'outside the log only', hidden: 'below the fold' };
    throw new Error(`${error.message}; the last message was ${seen[where] ?? 'not in the DOM'}`);
  }
}

/**
 * Runs `step` on the page; when it fails, saves a screenshot and the accessibility tree to
 * .data/bench/failures/ and names them in the error.
 */
export async function onPage(page, what, step) {
  try {
    return await step();
  } catch (error) {
    const base = path.join(root, '.data', 'bench', 'failures', `${what}-${Date.now()}`);
    try {
      mkdirSync(path.dirname(base), { recursive: true });
      await page.screenshot({ path: `${base}.png` });
      writeFileSync(`${base}.aria.yml`, await page.locator('body').ariaSnapshot());
    } catch {
      // The page is gone: the original error says enough.
    }
    throw new Error(`${what}: ${error.message} (see ${base}.png)`, { cause: error });
  }
}

/** Renderer JS heap in use after a forced GC, in MB (CDP Runtime.getHeapUsage). */
export async function heapUsedMB(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return Math.round((usedSize / 2 ** 20) * 10) / 10;
}
