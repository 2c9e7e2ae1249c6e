/**
 * Thousands of conversations: the Chats list keeps only what is in view in the DOM (it is
 * virtualized), still tells assistive technology the whole size, and the keyboard and the filter
 * reach every conversation. The history is written into the real SQLite store while the host is
 * stopped, as years of use would leave it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as plain } from '@playwright/test';
import { openStorage } from '../../electron/storage/index';
import type { NewMessage } from '../../electron/storage/types';
import { startHost } from './chatHelpers';
import {
  accountStatus,
  expect,
  fillSignIn,
  showChats,
  trustCertificate,
  xmppServer,
} from './fixtures';

const COUNT = 3000;
const peer = (i: number) => `p${String(i).padStart(4, '0')}@example.org`;

plain('three thousand conversations stay a screenful of rows', async ({ page }) => {
  const xmpp = xmppServer();
  const uma = `uma@${xmpp.domain}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'hutong-ui-many-'));
  let host = await startHost(dataDir);
  try {
    await page.goto(host.url);
    await fillSignIn(page, xmpp, { user: 'uma' });
    await trustCertificate(page);
    await expect(accountStatus(page, uma)).toHaveText('Connected');
    await host.stop();

    const silent = { debug() {}, info() {}, warn() {}, error() {} };
    const storage = openStorage(join(dataDir, 'hutong.sqlite'), { log: silent });
    try {
      const now = Date.now();
      const messages: NewMessage[] = Array.from({ length: COUNT }, (_, i) => ({
        id: `many-${i + 1}`,
        accountId: uma,
        kind: 'chat',
        peer: peer(i + 1),
        direction: 'in',
        body: `Message number ${i + 1}`,
        sentAt: now - (COUNT - i) * 60_000,
        state: 'read',
        via: 'archive',
        private: false,
      }));
      storage.messages.insertMany(messages);
    } finally {
      storage.close();
    }

    host = await startHost(dataDir);
    await page.goto(host.url);
    const chats = await showChats(page);
    const rows = chats.getByRole('option');
    await expect(rows.first()).toContainText(peer(COUNT));
    await expect(rows.first()).toHaveAttribute('aria-setsize', String(COUNT));
    await expect(rows.first()).toHaveAttribute('aria-posinset', '1');
    expect(await rows.count()).toBeLessThan(40);

    // End reaches the oldest, which is then in the DOM and in view.
    await chats.focus();
    await page.keyboard.press('End');
    const last = chats.locator(`[role=option][aria-posinset="${COUNT}"]`);
    await expect(last).toContainText(peer(1));
    await expect(last).toBeInViewport();
    expect(await rows.count()).toBeLessThan(40);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('log', { name: peer(1) })).toContainText('Message number 1');

    // The filter finds one among thousands.
    await page.getByRole('searchbox', { name: 'Search chats' }).fill(peer(1234));
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('Message number 1234');
  } finally {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
