/**
 * Conversations of every kind in the UI: a room (group chat) and a private conversation through
 * it, beside a one-to-one chat whose last message is encrypted. Hutong cannot join rooms yet, so
 * the test writes their history into the real SQLite store while the host is stopped (as the
 * archive catch-up would), then checks the Chats list, the conversation panes, the senders'
 * nicknames (coloured per nick, bidi-isolated) and search.
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
  SCREENSHOTS,
  showChats,
  trustCertificate,
  xmppServer,
} from './fixtures';

const ROOM = 'lounge@conference.localhost';
const RTL_NICK = 'مريم';

function seed(dataDir: string, accountId: string, now: number): void {
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  const storage = openStorage(join(dataDir, 'hutong.sqlite'), { log: silent });
  let n = 0;
  const inRoom = (nick: string, body: string, ago: number): NewMessage => ({
    id: `kinds-${(n += 1)}`,
    accountId,
    kind: 'room',
    peer: ROOM,
    sender: { jid: `${ROOM}/${nick}`, nick },
    direction: 'in',
    body,
    sentAt: now - ago,
    state: 'received',
    via: 'archive',
    private: false,
    stanzaId: `room-archive-${n}`,
    archive: ROOM,
  });
  try {
    const messages: NewMessage[] = [
      inRoom('Li Lei', 'Who is coming to the hutong tonight?', 180_000),
      inRoom(RTL_NICK, 'أنا قادمة', 170_000),
      inRoom('Li Lei', 'Great, bring tea', 160_000),
      {
        id: 'kinds-own',
        accountId,
        kind: 'room',
        peer: ROOM,
        direction: 'out',
        body: 'Me too!',
        sentAt: now - 70_000,
        state: 'sent',
        via: 'live',
        private: false,
      },
      inRoom(RTL_NICK, 'سأحضر الكعك', 60_000),
      {
        id: 'kinds-occupant',
        accountId,
        kind: 'occupant',
        peer: `${ROOM}/Wang Fang`,
        sender: { jid: `${ROOM}/Wang Fang`, nick: 'Wang Fang' },
        direction: 'in',
        body: 'Psst, a private word about the tea',
        sentAt: now - 30_000,
        state: 'received',
        via: 'live',
        private: false,
      },
      {
        id: 'kinds-otr',
        accountId,
        kind: 'chat',
        peer: 'bob@localhost',
        direction: 'in',
        body: 'the secret plan',
        sentAt: now - 10_000,
        state: 'received',
        via: 'live',
        private: true,
      },
    ];
    // A private conversation is on disk only when the user keeps it for that contact.
    storage.otr.setKeepsHistory(accountId, 'bob@localhost', true);
    for (const message of messages) storage.messages.insert(message);
  } finally {
    storage.close();
  }
}

plain('rooms and private conversations through them, each shown as its kind', async ({ page }) => {
  const xmpp = xmppServer();
  const uma = `uma@${xmpp.domain}`;
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const dataDir = mkdtempSync(join(tmpdir(), 'hutong-ui-kinds-'));
  let host = await startHost(dataDir);
  try {
    await page.goto(host.url);
    await fillSignIn(page, xmpp, { user: 'uma' });
    await trustCertificate(page);
    await expect(accountStatus(page, uma)).toHaveText('Connected');
    await host.stop();
    seed(dataDir, uma, Date.now());
    host = await startHost(dataDir);
    await page.goto(host.url);

    const chats = await showChats(page);
    const rows = chats.getByRole('option');
    await expect(rows).toHaveCount(3);
    // Newest first: the encrypted chat, the private conversation, the room.
    await expect(rows.nth(0)).toContainText('bob@localhost');
    await expect(rows.nth(0)).toContainText('Encrypted message');
    await expect(rows.nth(0)).not.toContainText('secret plan');
    await expect(rows.nth(1)).toContainText('Wang Fang (via lounge)');
    await expect(rows.nth(1)).toContainText('Psst, a private word');
    await expect(rows.nth(2)).toContainText('lounge');
    await expect(rows.nth(2)).toContainText('(group chat)');
    await expect(rows.nth(2).locator('.chat__who bdi')).toHaveText(RTL_NICK);
    await expect(rows.nth(2)).toContainText('سأحضر الكعك');
    await page.screenshot({ path: `${SCREENSHOTS}/kinds-chats.png` });

    // The room: its name and address, each sender's nickname on the first bubble of their run.
    await rows.nth(2).click();
    const room = page.getByRole('region', { name: 'lounge' });
    await expect(room).toBeVisible();
    await expect(room.locator('.conversation__status')).toContainText('Group chat');
    await expect(room.locator('.conversation__status')).toContainText(ROOM);
    const log = page.getByRole('log', { name: 'lounge' });
    const nick = (text: string) =>
      log.locator('.msg').filter({ hasText: text }).locator('.msg__nick');
    await expect(nick('Who is coming').locator('bdi')).toHaveText('Li Lei');
    await expect(nick('Great, bring tea').locator('bdi')).toHaveText('Li Lei');
    await expect(nick('أنا قادمة').locator('bdi')).toHaveText(RTL_NICK);
    // One colour per nickname, the same wherever it appears.
    const tint = async (text: string) =>
      /nick--tint\d/.exec((await nick(text).getAttribute('class')) ?? '')?.[0];
    expect(await tint('Great, bring tea')).toBe(await tint('Who is coming'));
    expect(await tint('Who is coming')).toBeDefined();
    await expect(log.locator('.msg--out').filter({ hasText: 'Me too!' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Message to lounge' })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/kinds-room.png` });
    await page.getByLabel('Theme').selectOption('dark');
    await page.screenshot({ path: `${SCREENSHOTS}/kinds-room-dark.png` });
    await page.getByLabel('Theme').selectOption('light');

    // The private conversation: named through its room, and said not to be a contact.
    await rows.filter({ hasText: 'Wang Fang' }).click();
    const privately = page.getByRole('region', { name: 'Wang Fang (via lounge)' });
    await expect(privately).toBeVisible();
    await expect(privately.locator('.conversation__status')).toHaveText(
      `Private message through ${ROOM} · not a contact`,
    );
    await expect(
      page.getByRole('textbox', { name: 'Message to Wang Fang (via lounge)' }),
    ).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/kinds-occupant.png` });

    // Search names the room and the sender, and opens the room at the message.
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Search messages' });
    await dialog.getByRole('combobox', { name: 'Search messages' }).fill('bring tea');
    const group = dialog.getByRole('group', { name: 'lounge' });
    await expect(group).toContainText('Group chat');
    await expect(group.getByRole('option').first()).toContainText('Li Lei');
    await page.screenshot({ path: `${SCREENSHOTS}/kinds-search.png` });
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('region', { name: 'lounge' })).toBeVisible();
    await expect(log.locator('.msg').filter({ hasText: 'Great, bring tea' })).toHaveClass(
      /msg--highlight/,
    );
    expect(errors).toEqual([]);
  } finally {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
