/**
 * Signing in through the browser host against a real Prosody: the certificate prompt, the roster,
 * presence from another device, removing the account, coded errors, local validation and keyboard
 * use.
 */
import { join } from 'node:path';
import {
  expect,
  fillSignIn,
  otherDevice,
  SCREENSHOTS,
  sendPresence,
  test,
  trustCertificate,
} from './fixtures';

test('signs in, trusts the certificate, sees bob come online and removes the account', async ({
  page,
  xmpp,
}) => {
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, 'signin-light.png') });

  await fillSignIn(page, xmpp, { user: 'alice' });
  const dialog = page.getByRole('dialog', { name: 'Unverified server certificate' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('fingerprint')).toHaveText(
    // The server's SHA-256, grouped as eight byte pairs per line.
    xmpp.certFingerprint
      .split(':')
      .reduce<string[][]>((lines, pair, i) => {
        if (i % 8 === 0) lines.push([]);
        lines.at(-1)!.push(pair);
        return lines;
      }, [])
      .map((line) => line.join(':'))
      .join('\n'),
  );
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.screenshot({ path: join(SCREENSHOTS, 'certificate-dialog.png') });
  await trustCertificate(page);

  await expect(page.getByRole('heading', { name: `alice@${xmpp.domain}` })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  const roster = page.getByRole('listbox', { name: 'Contacts' });
  const bob = roster.getByRole('option', { name: /bob@localhost/ });
  await expect(bob).toContainText('Offline');

  const phone = await otherDevice(xmpp, 'bob');
  try {
    await sendPresence(phone, 'On the train');
    await expect(bob).toContainText('Available');
    await expect(bob).toContainText('On the train');
    await bob.click();
    await expect(page.getByRole('region', { name: 'bob@localhost' })).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOTS, 'roster.png') });
  } finally {
    await phone.stop();
  }
  await expect(bob).toContainText('Offline');

  // Removing the only account brings the first-run screen back.
  await page.getByRole('button', { name: `Account options for alice@${xmpp.domain}` }).click();
  await page.getByRole('menuitem', { name: 'Remove account…' }).click();
  const confirm = page.getByRole('dialog', { name: `Remove alice@${xmpp.domain}?` });
  await expect(confirm).toContainText('Your chat history stays on this computer.');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Remove account' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});

test('a wrong password gets a localized error', async ({ page, xmpp }) => {
  await fillSignIn(page, xmpp, { user: 'carol', password: 'not-her-password' });
  await trustCertificate(page);
  await expect(page.getByRole('alert')).toHaveText('Wrong address or password.');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
});

test('a malformed address is refused before anything is sent', async ({ page }) => {
  const sent: string[] = [];
  page.on('websocket', (ws) => ws.on('framesent', (frame) => sent.push(String(frame.payload))));
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Address').fill('alice@@localhost');
  await page.getByLabel('Password', { exact: true }).fill('secret');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText(/Enter your address as name@server/);
  await expect(page.getByLabel('Address')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Address')).toBeFocused();
  expect(sent.filter((frame) => frame.includes('account.signIn'))).toEqual([]);
});

test('a refused connection names the host and port', async ({ page, xmpp }) => {
  await page.getByLabel('Address').fill(`alice@${xmpp.domain}`);
  await page.getByLabel('Password', { exact: true }).fill('alice-pw');
  await page.getByRole('button', { name: 'Advanced' }).click();
  await page.getByLabel('Server host').fill('127.0.0.1');
  await page.getByLabel('Port', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'The server refused the connection at 127.0.0.1:1',
  );
});

test('signs in with the keyboard only', async ({ page, xmpp }) => {
  const keyboard = page.keyboard;
  await expect(page.getByLabel('Address')).toBeFocused();
  await keyboard.type(`alice@${xmpp.domain}`);
  await keyboard.press('Tab');
  await keyboard.type(xmpp.passwords.alice!);
  await keyboard.press('Tab'); // show-password toggle
  await keyboard.press('Tab'); // Advanced
  await expect(page.getByRole('button', { name: 'Advanced' })).toBeFocused();
  await keyboard.press('Enter');
  await keyboard.press('Tab');
  await keyboard.type(xmpp.host);
  await keyboard.press('Tab');
  await keyboard.type(String(xmpp.c2sPort));
  await keyboard.press('Enter');

  const dialog = page.getByRole('dialog', { name: 'Unverified server certificate' });
  await expect(dialog).toBeVisible();
  // Focus stays inside the dialog: Tab cycles between its two buttons.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await keyboard.press('Tab');
  const trust = dialog.getByRole('button', { name: 'Trust this certificate and connect' });
  await expect(trust).toBeFocused();
  await keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await keyboard.press('Shift+Tab');
  await expect(trust).toBeFocused();
  await keyboard.press('Enter');

  const roster = page.getByRole('listbox', { name: 'Contacts' });
  await expect(roster.getByRole('option', { name: /bob@localhost/ })).toBeVisible();
  // With the sign-in screen gone, focus lands in the contact search box, not nowhere.
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('searchbox', { name: 'Search contacts' })).toBeFocused();
  await roster.focus();
  await expect(roster).toBeFocused();
  // Other specs may have left alice more contacts on the shared server (and online ones sort
  // first): walk down the list one option at a time until bob is selected.
  const bob = roster.getByRole('option', { name: /bob@localhost/ });
  const names = await roster.getByRole('option').allTextContents();
  const target = names.findIndex((name) => name.includes('bob@localhost'));
  for (let i = 0; i <= target; i += 1) {
    await keyboard.press('ArrowDown');
    await expect(roster.getByRole('option').nth(i)).toHaveAttribute('aria-selected', 'true');
  }
  await expect(bob).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('region', { name: 'bob@localhost' })).toBeVisible();
});

test('Escape in the certificate prompt cancels the sign-in', async ({ page, xmpp }) => {
  await fillSignIn(page, xmpp, { user: 'dave' });
  const dialog = page.getByRole('dialog', { name: 'Unverified server certificate' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test.describe('with a pin that no longer matches', () => {
  // As if alice had trusted another certificate for this server before.
  const stalePin = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0'))
    .join(':')
    .toUpperCase();
  test.use({ hostFiles: { 'pins.json': JSON.stringify({ 'alice@localhost': stalePin }) } });

  test('warns strongly that the certificate changed', async ({ page, xmpp }) => {
    await fillSignIn(page, xmpp, { user: 'alice' });
    const dialog = page.getByRole('dialog', {
      name: 'Warning: the server certificate has changed',
    });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Someone may be intercepting your connection');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.screenshot({ path: join(SCREENSHOTS, 'certificate-changed.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });
});
