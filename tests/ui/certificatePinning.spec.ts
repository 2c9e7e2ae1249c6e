// Certificate pins in the UI. The host trusts the test CA here (as the system store trusts a
// public CA), and its pins.json holds a fingerprint the server no longer presents: as if the
// server, or someone with a CA-issued certificate for it, had replaced the certificate pinned
// before. Without strict pinning the account connects and tells the user; with it, the user is
// asked first.
import { join } from 'node:path';
import { SCREENSHOTS, expect, fillSignIn, openAccount, test } from './fixtures';

const stalePin = Array.from({ length: 32 }, (_, i) => (i * 5 + 3).toString(16).padStart(2, '0'))
  .join(':')
  .toUpperCase();

test.use({
  hostEnv: async ({ xmpp }, use) => use({ NODE_EXTRA_CA_CERTS: xmpp.caPath }),
  hostFiles: {
    'pins.json': JSON.stringify({ 'pina@localhost': stalePin, 'pino@localhost': stalePin }),
  },
});

test('a CA-vouched certificate that replaced the pin is shown until checked', async ({
  page,
  xmpp,
}) => {
  await fillSignIn(page, xmpp, { user: 'pina' });
  // No question: a CA vouches for it and strict pinning is off.
  const status = page
    .getByRole('region', { name: 'Accounts' })
    .getByRole('status', { name: 'pina@localhost', exact: true });
  await expect(status).toHaveText('Connected · certificate changed');
  const popover = await openAccount(page, 'pina@localhost');
  const notice = popover.getByRole('group', { name: "The server's certificate changed" });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(stalePin.slice(0, 23));
  await expect(notice).toContainText(xmpp.certFingerprint.slice(0, 23));
  await page.screenshot({ path: join(SCREENSHOTS, 'certificate-change-notice.png') });
  await notice.getByRole('button', { name: "I've checked it" }).click();
  await expect(notice).toBeHidden();
  await expect(status).toHaveText('Connected');
  // Seen for good: a reload does not bring it back.
  await page.reload();
  await expect(status).toHaveText('Connected');
});

test('strict pinning asks before accepting even a CA-vouched certificate', async ({
  page,
  xmpp,
}) => {
  await page.getByRole('button', { name: 'Advanced' }).click();
  const strict = page.getByRole('switch', { name: 'Strict certificate pinning' });
  // Off by default, on with Tor (the default follows "Tor only" until the user flips it).
  await expect(strict).not.toBeChecked();
  await page.getByRole('radio', { name: 'Tor' }).check();
  await expect(strict).toBeChecked();
  await page.getByRole('radio', { name: 'No proxy' }).check();
  await expect(strict).not.toBeChecked();
  // By keyboard, as the switch is meant to be used too.
  await strict.focus();
  await page.keyboard.press('Space');
  await expect(strict).toBeChecked();
  await page.getByRole('button', { name: 'Advanced' }).click();
  await fillSignIn(page, xmpp, { user: 'pino' });
  const dialog = page.getByRole('dialog', { name: 'Warning: the server certificate has changed' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('accepts only the certificate you trusted before');
  await expect(dialog.getByTestId('previous-fingerprint')).toContainText(stalePin.slice(0, 23));
  await expect(dialog.getByTestId('fingerprint')).toContainText(xmpp.certFingerprint.slice(0, 23));
  await page.screenshot({ path: join(SCREENSHOTS, 'certificate-changed-strict.png') });
  await dialog.getByRole('button', { name: 'Trust this certificate and connect' }).click();
  const status = page
    .getByRole('region', { name: 'Accounts' })
    .getByRole('status', { name: 'pino@localhost', exact: true });
  await expect(status).toHaveText('Connected');
  // The choice is the account's: Edit account shows it on.
  const popover = await openAccount(page, 'pino@localhost');
  await popover.getByRole('button', { name: 'Account options for pino@localhost' }).click();
  await page.getByRole('menuitem', { name: 'Edit account' }).click();
  const edit = page.getByRole('dialog', { name: /pino@localhost/ });
  await expect(edit.getByRole('switch', { name: 'Strict certificate pinning' })).toBeChecked();
});
