/**
 * One-to-one chat through the browser host and a real Prosody: alice in Hutong, bob on a plain
 * client. Receipts, unread counts, text that must stay text, link confirmation, corrections, and
 * history that survives a reload and a restart of the host.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as plain } from '@playwright/test';
import { xml } from '@xmpp/client';
import { tokenize } from '../../renderer/features/links/linkify';
import { highlightSegments } from '../../renderer/features/search/highlight';
import { openChat, peerDevice, signInAlice, signInAs, startHost } from './chatHelpers';
import { expect, SCREENSHOTS, test } from './fixtures';
import { catalog, keys } from './catalogKeys';

plain('chat catalogs carry the same keys in en and zh-CN', () => {
  expect(keys(catalog('chat.zh-CN')).sort()).toEqual(keys(catalog('chat.en')).sort());
});

plain('only http and https become links', () => {
  expect(tokenize('see https://example.org/a_(b). and javascript:alert(1) or ftp://x.y')).toEqual([
    { kind: 'text', text: 'see ' },
    { kind: 'link', url: 'https://example.org/a_(b)' },
    { kind: 'text', text: '. and javascript:alert(1) or ftp://x.y' },
  ]);
  expect(tokenize('(http://a.example/x), 好的')).toEqual([
    { kind: 'text', text: '(' },
    { kind: 'link', url: 'http://a.example/x' },
    { kind: 'text', text: '), 好的' },
  ]);
  expect(
    highlightSegments('我们在胡同口', [
      [3, 5],
      [99, 120],
      [4, 2],
    ]),
  ).toEqual([
    { text: '我们在', match: false },
    { text: '胡同', match: true },
    { text: '口', match: false },
  ]);
});

test.describe('with bob on another device', () => {
  test.beforeEach(async ({ page, xmpp }) => {
    await signInAlice(page, xmpp);
  });

  test('a sent message shows delivered once bob acknowledges it', async ({ page, xmpp }) => {
    const bob = await peerDevice(xmpp, 'bob');
    try {
      const log = await openChat(page, `bob@${xmpp.domain}`);
      const box = page.getByRole('textbox', { name: `Message to bob@${xmpp.domain}` });
      await box.fill('Hello Bob,\nsee you at five?');
      await box.press('Enter');
      await expect(box).toHaveValue('');
      const stanza = await bob.next(
        (s) => s.getChildText('body') === 'Hello Bob,\nsee you at five?',
      );
      expect(stanza.attrs.from).toMatch(/^alice@/);
      const bubble = log.locator('.msg--out').filter({ hasText: 'see you at five?' });
      await expect(bubble.getByRole('img', { name: 'Delivered' })).toBeVisible();
    } finally {
      await bob.stop();
    }
  });

  test('an incoming message counts as unread until its conversation is open', async ({
    page,
    xmpp,
  }) => {
    const bob = await peerDevice(xmpp, 'bob');
    try {
      await bob.say(`alice@${xmpp.domain}`, 'Are you there?');
      await expect(page).toHaveTitle('(1) Hutong');
      const log = await openChat(page, `bob@${xmpp.domain}`);
      await expect(log.getByText('Are you there?')).toBeVisible();
      await expect(page).toHaveTitle('Hutong');
    } finally {
      await bob.stop();
    }
  });

  test('markup and scripts stay text; an https link asks first', async ({ page, xmpp }) => {
    const bob = await peerDevice(xmpp, 'bob');
    try {
      const body = '<b>not bold</b> javascript:alert(1) https://example.org/path?q=1&r=2';
      await bob.say(`alice@${xmpp.domain}`, body);
      const log = await openChat(page, `bob@${xmpp.domain}`);
      const bubble = log.locator('.msg--in').filter({ hasText: 'not bold' });
      await expect(bubble.locator('.msg__text')).toHaveText(body);
      await expect(bubble.locator('b')).toHaveCount(0);
      await expect(bubble.getByRole('button', { name: /javascript/ })).toHaveCount(0);

      await bubble.getByRole('button', { name: 'https://example.org/path?q=1&r=2' }).click();
      const dialog = page.getByRole('dialog', { name: 'Open this link?' });
      await expect(dialog).toBeVisible();
      await expect(dialog.getByTestId('link-url')).toHaveText('https://example.org/path?q=1&r=2');
      await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
      await page.screenshot({ path: `${SCREENSHOTS}/link-confirm.png` });
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toBeHidden();

      // Confirmed: the browser host cannot open the system browser, so the page opens a tab.
      await page
        .context()
        .route('https://example.org/**', (route) =>
          route.fulfill({ contentType: 'text/plain', body: 'example' }),
        );
      await bubble.getByRole('button', { name: 'https://example.org/path?q=1&r=2' }).click();
      const popup = page.context().waitForEvent('page');
      await dialog.getByRole('button', { name: 'Open in browser' }).click();
      expect((await popup).url()).toBe('https://example.org/path?q=1&r=2');
    } finally {
      await bob.stop();
    }
  });

  test('Up in the empty box corrects the last message', async ({ page, xmpp }) => {
    const bob = await peerDevice(xmpp, 'bob');
    try {
      const log = await openChat(page, `bob@${xmpp.domain}`);
      const box = page.getByRole('textbox', { name: `Message to bob@${xmpp.domain}` });
      await box.fill('See you tomorow');
      await box.press('Enter');
      const original = await bob.next((s) => s.getChildText('body') === 'See you tomorow');
      // The composer clears once the message is stored; Up only edits from an empty box, and
      // only a message the server has (its acknowledgement may come a moment after bob has it).
      await expect(box).toHaveValue('');
      await expect(log.locator('.msg--out').filter({ hasText: 'See you tomorow' })).toHaveAttribute(
        'data-state',
        /sent|delivered/,
      );
      await box.press('ArrowUp');
      await expect(box).toHaveValue('See you tomorow');
      await expect(page.getByRole('status').filter({ hasText: 'Editing message' })).toBeVisible();
      await box.fill('See you tomorrow');
      await box.press('Enter');
      const fix = await bob.next((s) => s.getChildText('body') === 'See you tomorrow');
      expect(fix.getChild('replace', 'urn:xmpp:message-correct:0')?.attrs.id).toBe(
        original.attrs.id,
      );
      const bubble = log.locator('.msg--out').filter({ hasText: 'See you tomorrow' });
      await expect(bubble.getByText('edited')).toBeVisible();
      await expect(log.getByText('See you tomorow', { exact: true })).toHaveCount(0);

      // Esc leaves editing without sending anything.
      await expect(box).toHaveValue('');
      await box.press('ArrowUp');
      await box.press('Escape');
      await expect(box).toHaveValue('');
    } finally {
      await bob.stop();
    }
  });

  test('screenshots: conversation light, dark and zh-CN', async ({ page, xmpp }) => {
    const bob = await peerDevice(xmpp, 'bob');
    try {
      await bob.say(`alice@${xmpp.domain}`, 'Hi Alice! Did you get the tickets?');
      const log = await openChat(page, `bob@${xmpp.domain}`);
      const box = page.getByRole('textbox', { name: `Message to bob@${xmpp.domain}` });
      await box.fill('Yes, two for Saturday. Details: https://tickets.example.org/order/42');
      await box.press('Enter');
      await bob.say(`alice@${xmpp.domain}`, 'Great 👍 我们周六在胡同口见面吧', [
        xml('active', { xmlns: 'http://jabber.org/protocol/chatstates' }),
      ]);
      await expect(log.getByText('我们周六在胡同口见面吧')).toBeVisible();
      const mine = log.locator('.msg--out').filter({ hasText: 'two for Saturday' });
      await expect(mine.getByRole('img', { name: 'Delivered' })).toBeVisible();
      await bob.entity.send(
        xml(
          'message',
          { to: `alice@${xmpp.domain}`, type: 'chat' },
          xml('composing', { xmlns: 'http://jabber.org/protocol/chatstates' }),
        ),
      );
      await expect(page.getByText('typing…')).toBeVisible();
      await page.screenshot({ path: `${SCREENSHOTS}/conversation-light.png` });
      await page.getByLabel('Theme').selectOption('dark');
      await page.screenshot({ path: `${SCREENSHOTS}/conversation-dark.png` });
      await page.getByLabel('Theme').selectOption('system');
      await page.getByLabel('Language').selectOption('zh-CN');
      await expect(
        page.getByRole('textbox', { name: `发给 bob@${xmpp.domain} 的消息` }),
      ).toBeVisible();
      await page.screenshot({ path: `${SCREENSHOTS}/conversation-zh-CN.png` });
      await page.getByLabel('语言').selectOption('en');
    } finally {
      await bob.stop();
    }
  });
});

plain('history survives a reload and a restart of the host', async ({ page }) => {
  const { xmppServer } = await import('./fixtures');
  const xmpp = xmppServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'hutong-ui-restart-'));
  let host = await startHost(dataDir);
  try {
    await page.goto(host.url);
    await signInAlice(page, xmpp);
    const log = await openChat(page, `bob@${xmpp.domain}`);
    const box = page.getByRole('textbox', { name: `Message to bob@${xmpp.domain}` });
    await box.fill('Kept across restarts 留存');
    await box.press('Enter');
    await expect(log.locator('.msg--out').filter({ hasText: '留存' })).toHaveAttribute(
      'data-state',
      /sent|delivered/,
    );

    await page.reload();
    await expect(
      (await openChat(page, `bob@${xmpp.domain}`)).getByText('Kept across restarts 留存'),
    ).toBeVisible();

    await host.stop();
    host = await startHost(dataDir);
    await page.goto(host.url);
    await expect(
      (await openChat(page, `bob@${xmpp.domain}`)).getByText('Kept across restarts 留存'),
    ).toBeVisible();
  } finally {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('our own long message is scrolled into view, to its last line', async ({ page, xmpp }) => {
  // Lara and Luke of their own: the messages below stay in the archive, which other tests'
  // unread counts would see.
  await signInAs(page, xmpp, 'lara', 'luke');
  const luke = await peerDevice(xmpp, 'luke');
  try {
    const lara = `lara@${xmpp.domain}`;
    for (let i = 0; i < 12; i += 1) await luke.say(lara, `earlier message ${i}`);
    const log = await openChat(page, `luke@${xmpp.domain}`);
    // Exact: the bubble's whole text runs on into its time ("earlier message 1" then "10:34 PM").
    await expect(log.getByText('earlier message 11', { exact: true })).toBeVisible();
    const box = page.getByRole('textbox', { name: `Message to luke@${xmpp.domain}` });
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1} of a long message`);
    await box.fill(lines.join('\n'));
    await box.press('Enter');
    // The whole of it, down to its last line, is in the visible part of the list.
    const last = log.getByText('line 30 of a long message', { exact: false });
    await expect(last).toBeInViewport();
    await expect
      .poll(async () => {
        const [list, bubble] = await Promise.all([
          log.boundingBox(),
          log.locator('.msg--out').last().boundingBox(),
        ]);
        return !!list && !!bubble && bubble.y + bubble.height <= list.y + list.height + 1;
      })
      .toBe(true);
  } finally {
    await luke.stop();
  }
});
