/** The main window: state restored on reload, own presence seen by contacts, roster search. */
import { join } from 'node:path';
import { xml } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import {
  accountStatus,
  expect,
  fillSignIn,
  openAccount,
  otherDevice,
  SCREENSHOTS,
  showContacts,
  test,
  trustCertificate,
} from './fixtures';

test.beforeEach(async ({ page, xmpp }) => {
  await fillSignIn(page, xmpp, { user: 'alice' });
  await trustCertificate(page);
  await showContacts(page);
});

test('a reloaded window restores the session and roster', async ({ page, xmpp }) => {
  await page.reload();
  await expect(accountStatus(page, `alice@${xmpp.domain}`)).toHaveText('Connected');
  await expect(
    (await showContacts(page)).getByRole('option', { name: /bob@localhost/ }),
  ).toBeVisible();
  // The token was taken out of the address bar and kept for reloads.
  expect(page.url()).not.toContain('token=');
});

test('own presence and status message reach contacts', async ({ page, xmpp }) => {
  const phone = await otherDevice(xmpp, 'bob');
  try {
    const seen = new Promise<{ show: string; status: string }>((resolve) => {
      phone.on('stanza', (stanza: Element) => {
        if (!stanza.is('presence') || !String(stanza.attrs.from).startsWith('alice@')) return;
        const show = stanza.getChildText('show') ?? '';
        const status = stanza.getChildText('status') ?? '';
        if (show === 'away' && status === 'Back at five') resolve({ show, status });
      });
    });
    await phone.send(xml('presence'));
    await openAccount(page, `alice@${xmpp.domain}`);
    await page.getByLabel('Status message').fill('Back at five');
    await page.getByLabel('Status message').press('Enter');
    await page.getByLabel('Your presence').selectOption('away');
    await expect(page.getByLabel('Your presence')).toHaveValue('away');
    await page.screenshot({ path: join(SCREENSHOTS, 'account-popover.png') });
    expect(await seen).toEqual({ show: 'away', status: 'Back at five' });
  } finally {
    await phone.stop();
  }
});

test('the search box filters the roster', async ({ page }) => {
  const search = page.getByRole('searchbox', { name: 'Search contacts' });
  await search.fill('nobody-here');
  await expect(page.getByRole('status').filter({ hasText: 'No contacts match' })).toBeVisible();
  await search.press('Escape');
  await expect(page.getByRole('option', { name: /bob@localhost/ })).toBeVisible();
});
