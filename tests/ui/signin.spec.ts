/**
 * Signing in through the browser host against a real Prosody: the certificate prompt, the roster,
 * presence from another device, removing the account, coded errors, local validation and keyboard
 * use.
 */
import { join } from 'node:path';
import {
  accountMenu,
  accountStatus,
  expect,
  fillSignIn,
  otherDevice,
  SCREENSHOTS,
  sendPresence,
  showContacts,
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

  await expect(accountStatus(page, `alice@${xmpp.domain}`)).toHaveText('Connected');
  const roster = await showContacts(page);
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
  await (
    await accountMenu(page, `alice@${xmpp.domain}`)
  )
    .getByRole('menuitem', { name: 'Remove account…' })
    .click();
  const confirm = page.getByRole('dialog', { name: `Remove alice@${xmpp.domain}?` });
  await expect(confirm).toContainText('Your chat history stays on this computer.');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Remove account' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});

test.describe('with the demo address prefilled', () => {
  test.use({ hostEnv: { HUTONG_DEFAULT_JID: 'carol@localhost' } });
  test('a wrong password gets a localized error, keeps the focus, and the trusted certificate', async ({
    page,
    xmpp,
  }) => {
    await expect(page.getByLabel('Address')).toHaveValue(`carol@${xmpp.domain}`);
    await fillSignIn(page, xmpp, { user: 'carol', password: 'not-her-password' });
    await trustCertificate(page);
    await expect(page.getByRole('alert')).toHaveText('Wrong address or password.');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    // Back in the password, ready for the right one.
    const password = page.getByLabel('Password', { exact: true });
    await expect(password).toBeFocused();
    await password.fill(xmpp.passwords.carol!);
    await password.press('Enter');
    // The certificate she trusted a moment ago is not asked about again.
    await expect(accountStatus(page, `carol@${xmpp.domain}`)).toHaveText('Connected');
    await expect(page.getByRole('dialog', { name: 'Unverified server certificate' })).toHaveCount(
      0,
    );

    // Add account does not offer an address that is already an account (the demo one here).
    await page.getByRole('button', { name: 'Add account', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an account' });
    await expect(dialog.getByLabel('Address')).toHaveValue('');
  });
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

  // With the sign-in screen gone, focus lands in the list's search box, not nowhere (it searches
  // chats or contacts: alice's archive may hold conversations, and then Chats is shown).
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('searchbox', { name: /^Search (contacts|chats)$/ })).toBeFocused();
  // Shift+Tab reaches the tabs; Right and Left choose one, Home the first (Chats), End Contacts.
  await keyboard.press('Shift+Tab');
  await expect(page.getByRole('tab', { selected: true })).toBeFocused();
  await keyboard.press('End');
  const contactsTab = page.getByRole('tab', { name: 'Contacts' });
  await expect(contactsTab).toBeFocused();
  await expect(contactsTab).toHaveAttribute('aria-selected', 'true');
  const roster = page.getByRole('listbox', { name: 'Contacts' });
  await expect(roster.getByRole('option', { name: /bob@localhost/ })).toBeVisible();
  await roster.focus();
  await expect(roster).toBeFocused();
  // Other specs may have left alice more contacts on the shared server (and online ones sort
  // first): walk down the list one option at a time until bob has the focus. The arrows only
  // move: nothing opens until Enter.
  const bob = roster.getByRole('option', { name: /bob@localhost/ });
  const options = roster.getByRole('option');
  const names = await options.allTextContents();
  const target = names.findIndex((name) => name.includes('bob@localhost'));
  const activeIs = async (index: number) =>
    expect(roster).toHaveAttribute(
      'aria-activedescendant',
      (await options.nth(index).getAttribute('id')) ?? 'missing',
    );
  // Focus on the list puts it on the first option.
  await activeIs(0);
  await keyboard.press('End');
  await activeIs(names.length - 1);
  await keyboard.press('Home');
  await activeIs(0);
  for (let i = 1; i <= target; i += 1) {
    await keyboard.press('ArrowDown');
    await activeIs(i);
  }
  await expect(bob).toHaveAttribute('aria-selected', 'false');
  await expect(page.getByRole('region', { name: 'bob@localhost' })).toHaveCount(0);
  await keyboard.press('Enter');
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
