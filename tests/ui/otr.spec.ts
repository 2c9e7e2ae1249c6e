/**
 * Private conversations (OTR) through the UI, between two accounts signed in in this window:
 * the header's lock starts one (each account makes its key on the way), messages go private
 * both ways, one verifies the other with a question and shared secret (SMP), and when one side
 * ends it the other is told and what it types waits, never sent in plaintext; then "always
 * private" with a contact starts the next conversation by itself.
 */
import { join } from 'node:path';
import { openChat, signInAliceAndBob } from './chatHelpers';
import { expect, SCREENSHOTS, test } from './fixtures';

test('a private conversation is started from the lock, used both ways, and ended', async ({
  page,
  xmpp,
}) => {
  await signInAliceAndBob(page, xmpp);
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

  // Alice verifies Bob with a shared secret; Bob is asked in his conversation and answers.
  await openChat(page, bob);
  await page
    .getByRole('button', { name: `Private conversation with ${bob}: Private conversation` })
    .click();
  await page.getByRole('menuitem', { name: `Verify ${bob}…` }).click();
  const verify = page.getByRole('dialog', { name: `Verify ${bob}` });
  await expect(verify.getByText('Your fingerprint')).toBeVisible();
  // Every text filled in (no placeholder left uninterpolated).
  await expect(verify).not.toContainText('{{');
  await expect(verify.locator('.fingerprint__value').nth(1)).toHaveText(
    /^([0-9A-F]{8} ){4}[0-9A-F]{8}$/,
  );
  await verify.getByLabel(/Question for/).fill('在哪家茶馆见面?');
  await verify.getByLabel('Shared secret', { exact: true }).fill('老舍茶馆');
  await verify.getByRole('button', { name: `Ask ${bob}` }).click();
  await expect(verify.getByRole('status')).toHaveText(`Waiting for ${bob} to answer…`);
  await page.screenshot({ path: join(SCREENSHOTS, 'otr-verify.png') });
  await verify.getByRole('button', { name: 'Cancel' }).click();
  await openChat(page, alice);
  const asked = page.getByRole('form', { name: `${alice} wants to verify this conversation` });
  await expect(asked).toContainText('在哪家茶馆见面?');
  await page.screenshot({ path: join(SCREENSHOTS, 'otr-asked.png') });
  await asked.getByLabel('Your answer').fill('老舍茶馆');
  await asked.getByRole('button', { name: 'Answer' }).click();
  await expect(
    page.getByRole('button', {
      name: `Private conversation with ${alice}: Private conversation, verified`,
    }),
  ).toBeVisible();
  await openChat(page, bob);
  await expect(
    page.getByRole('button', {
      name: `Private conversation with ${bob}: Private conversation, verified`,
    }),
  ).toBeVisible();
  await openChat(page, alice);

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

  // Always private with Bob from now on: the next message starts it by itself, never in clear.
  await openChat(page, bob);
  await page.getByRole('button', { name: `Private conversation with ${bob}: Not private` }).click();
  await page.getByRole('menuitem', { name: `Always talk privately with ${bob}` }).click();
  await toBob.fill('from now on, always private');
  await toBob.press('Enter');
  await expect(
    page.getByRole('button', { name: `Private conversation with ${bob}: Private conversation` }),
  ).toBeVisible({ timeout: 30_000 });
  const last = await openChat(page, alice);
  await expect(last.getByText('from now on, always private')).toBeVisible();
  await expect(
    last.locator('.msg').filter({ hasText: 'from now on, always private' }).getByRole('img', {
      name: 'Sent privately (OTR)',
    }),
  ).toBeVisible();
});

test('a contact’s privacy settings: when to talk privately, and keeping it on this computer', async ({
  page,
  xmpp,
}) => {
  await signInAliceAndBob(page, xmpp);
  const bob = `bob@${xmpp.domain}`;
  await openChat(page, bob);
  const lock = page.getByRole('button', { name: new RegExp(`^Private conversation with ${bob}`) });
  await lock.click();
  await page.getByRole('menuitem', { name: `Privacy settings for ${bob}…` }).click();
  const dialog = page.getByRole('dialog', { name: `Privacy with ${bob}` });
  const policy = dialog.getByLabel(`When to talk privately with ${bob}`);
  await expect(policy).toHaveValue('account');
  await expect(policy.locator('option:checked')).toHaveText(/^As for the account: /);
  const keep = dialog.getByRole('checkbox', {
    name: `Keep private conversations with ${bob} on this computer`,
  });
  // Off by default, and it says what that means.
  await expect(keep).not.toBeChecked();
  await expect(dialog.getByText(/never written to disk/)).toBeVisible();
  await policy.selectOption({ label: 'Always (never send plaintext)' });
  await keep.check();
  await expect(dialog.getByText(/never searchable/)).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, 'otr-settings.png') });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();

  // Kept: the lock's menu knows Bob is "always" now, and the dialog shows both choices again.
  await lock.click();
  await expect(
    page.getByRole('menuitem', { name: `Stop always talking privately with ${bob}` }),
  ).toBeVisible();
  await page.getByRole('menuitem', { name: `Privacy settings for ${bob}…` }).click();
  await expect(policy).toHaveValue('always');
  await expect(keep).toBeChecked();
  // Back to the account's rule, with nothing kept, by keyboard.
  await policy.focus();
  await policy.selectOption('account');
  await keep.press('Space');
  await expect(keep).not.toBeChecked();
  await keep.press('Enter');
  await expect(dialog).toBeHidden();
  await lock.click();
  await expect(
    page.getByRole('menuitem', { name: `Always talk privately with ${bob}` }),
  ).toBeVisible();
});
