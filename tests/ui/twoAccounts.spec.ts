/**
 * Two accounts signed in at the same time in one window, chatting with each other: each side's
 * conversation shows the other's messages, receipts come back, and unread counts clear.
 */
import { join } from 'node:path';
import { openChat, signInAliceAndBob } from './chatHelpers';
import { expect, SCREENSHOTS, test } from './fixtures';

test('alice and bob, both in this window, chat with each other', async ({ page, xmpp }) => {
  await signInAliceAndBob(page, xmpp);

  const alice = `alice@${xmpp.domain}`;
  const bob = `bob@${xmpp.domain}`;
  // Each account lists the other: the unified list holds contacts of both.
  await expect(page.getByRole('option', { name: new RegExp(alice) })).toBeVisible();

  const bobLog = await openChat(page, bob);
  const toBob = page.getByRole('textbox', { name: `Message to ${bob}` });
  await toBob.fill('你好 Bob, from this very window');
  await toBob.press('Enter');
  await expect(
    bobLog
      .locator('.msg--out')
      .filter({ hasText: 'from this very window' })
      .getByRole('img', { name: 'Delivered' }),
  ).toBeVisible();

  const aliceLog = await openChat(page, alice);
  await expect(aliceLog.getByText('你好 Bob, from this very window')).toBeVisible();
  const toAlice = page.getByRole('textbox', { name: `Message to ${alice}` });
  await toAlice.fill('Hi Alice — same window, other account');
  await toAlice.press('Enter');
  await expect(page).toHaveTitle('(1) Hutong');

  const back = await openChat(page, bob);
  await expect(back.getByText('Hi Alice — same window, other account')).toBeVisible();
  await expect(page).toHaveTitle('Hutong');
  await page.screenshot({ path: join(SCREENSHOTS, 'two-accounts-chat.png') });
});
