/**
 * Private conversations (OTR) through the UI, between two accounts signed in in this window:
 * the header's lock starts one (each account makes its key on the way), messages go private
 * both ways, and when one side ends it the other is told and what it types waits, never sent
 * in plaintext.
 */
import { join } from 'node:path';
import { openChat, signInAlice } from './chatHelpers';
import { addAccount, expect, SCREENSHOTS, test } from './fixtures';

test('a private conversation is started from the lock, used both ways, and ended', async ({
  page,
  xmpp,
}) => {
  await signInAlice(page, xmpp);
  await addAccount(page, xmpp, 'bob');
  const accounts = page.getByRole('region', { name: 'Accounts' });
  await expect(accounts.getByRole('status').filter({ hasText: 'Connected' })).toHaveCount(2);
  const alice = `alice@${xmpp.domain}`;
  const bob = `bob@${xmpp.domain}`;

  await openChat(page, bob);
  const lockAtAlice = page.getByRole('button', {
    name: `Private conversation with ${bob}: Not private`,
  });
  await lockAtAlice.click();
  await page.getByRole('menuitem', { name: 'Start private conversation' }).click();
  await expect(
    page.getByRole('button', { name: `Private conversation with ${bob}: Private conversation` }),
  ).toBeVisible({ timeout: 30_000 });

  const toBob = page.getByRole('textbox', { name: `Message to ${bob}` });
  await toBob.fill('只有你能读 — off the record');
  await toBob.press('Enter');
  await page.screenshot({ path: join(SCREENSHOTS, 'otr-private.png') });

  const bobLog = await openChat(page, alice);
  await expect(bobLog.getByText('只有你能读 — off the record')).toBeVisible();
  await expect(
    page.getByRole('button', { name: `Private conversation with ${alice}: Private conversation` }),
  ).toBeVisible();

  // Bob ends it: Alice is told, and what she types waits.
  await page
    .getByRole('button', { name: `Private conversation with ${alice}: Private conversation` })
    .click();
  await page.getByRole('menuitem', { name: 'End private conversation' }).click();
  await openChat(page, bob);
  const banner = page.getByRole('status').filter({ hasText: 'ended the private conversation' });
  await expect(banner).toBeVisible();
  await toBob.fill('are you still there?');
  await toBob.press('Enter');
  await page.screenshot({ path: join(SCREENSHOTS, 'otr-finished.png') });
  await banner.getByRole('button', { name: 'End it' }).click();
  await expect(banner).toBeHidden();
  await expect(
    page.getByRole('button', { name: `Private conversation with ${bob}: Not private` }),
  ).toBeVisible();
  // It never reached Bob.
  const again = await openChat(page, alice);
  await expect(again.getByText('只有你能读 — off the record')).toBeVisible();
  await expect(again.getByText('are you still there?')).toBeHidden();
});
