/**
 * Several accounts in one window: adding one through the dialog, the unified contact list with
 * account badges and the account filter, adding a contact (the other side gets the request),
 * turning an account off and on, and proxy settings that persist.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { xml } from '@xmpp/client';
import { OtrPrivateKey } from '../../electron/otr/dsa';
import { readPrivateKeys, writePrivateKeys } from '../../electron/otr/libotrFiles';
import { humanOtrFingerprint } from '../../shared/otrFingerprint';
import type { Element } from '@xmpp/xml';
import {
  accountMenu,
  addAccount,
  expect,
  fillSignIn,
  otherDevice,
  accountStatus,
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

test('two accounts at once: badges, filter, and adding a contact', async ({ page, xmpp }) => {
  await page.getByRole('button', { name: 'Add account', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Add an account' })).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, 'add-account.png') });
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await addAccount(page, xmpp, 'carol');

  const accounts = page.getByRole('region', { name: 'Accounts' });
  await expect(accounts.getByRole('status').filter({ hasText: 'Connected' })).toHaveCount(2);

  // carol adds dave: dave, on his phone, is asked to share his presence.
  const dave = await otherDevice(xmpp, 'dave');
  try {
    // Presence requests reach only available resources.
    await dave.send(xml('presence'));
    const asked = new Promise<string>((resolve) => {
      dave.on('stanza', (stanza: Element) => {
        if (stanza.is('presence') && stanza.attrs.type === 'subscribe') {
          resolve(String(stanza.attrs.from));
        }
      });
    });
    await page.getByRole('button', { name: 'Add contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a contact' });
    await dialog.getByLabel('Account').selectOption(`carol@${xmpp.domain}`);
    await dialog.getByLabel('Contact address').fill('not an address@');
    await dialog.getByRole('button', { name: 'Add and send request' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('Enter an address like name@example.org.');
    await dialog.getByLabel('Contact address').fill(`dave@${xmpp.domain}`);
    await dialog.getByLabel('Name (optional)').fill('Dave');
    await dialog.getByLabel('Group (optional)').fill('Friends');
    await page.screenshot({ path: join(SCREENSHOTS, 'add-contact.png') });
    await dialog.getByRole('button', { name: 'Add and send request' }).click();
    await expect(dialog).toBeHidden();
    expect(await asked).toBe(`carol@${xmpp.domain}`);
  } finally {
    await dave.stop();
  }

  const roster = page.getByRole('listbox', { name: 'Contacts' });
  const bob = roster.getByRole('option', { name: /bob@localhost/ });
  const daveRow = roster.getByRole('option', { name: /Dave/ });
  await expect(bob).toContainText('alice');
  await expect(daveRow).toContainText('carol');
  await expect(daveRow).toContainText('Awaiting approval');
  await page.screenshot({ path: join(SCREENSHOTS, 'two-accounts.png') });

  const filter = page.getByRole('radiogroup', { name: 'Show chats and contacts of' });
  await filter.getByRole('radio', { name: 'carol' }).check();
  await expect(daveRow).toBeVisible();
  await expect(bob).toBeHidden();
  await filter.getByRole('radio', { name: 'alice' }).check();
  await expect(bob).toBeVisible();
  await expect(daveRow).toBeHidden();
  await filter.getByRole('radio', { name: 'All' }).check();
  await expect(bob).toBeVisible();
  await expect(daveRow).toBeVisible();

  await page.getByLabel('Theme').selectOption('dark');
  await page.screenshot({ path: join(SCREENSHOTS, 'two-accounts-dark.png') });
  await page.getByRole('button', { name: 'Add account', exact: true }).click();
  await page.screenshot({ path: join(SCREENSHOTS, 'add-account-dark.png') });
  await page.keyboard.press('Escape');
  await page.getByLabel('Theme').selectOption('light');
  await page.getByLabel('Language').selectOption('zh-CN');
  await expect(page.getByRole('listbox', { name: '联系人' })).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, 'two-accounts-zh-CN.png') });
  await page.getByRole('button', { name: '添加联系人' }).click();
  await page.screenshot({ path: join(SCREENSHOTS, 'add-contact-zh-CN.png') });
});

test('an account can be turned off and on', async ({ page, xmpp }) => {
  const jid = `alice@${xmpp.domain}`;
  await (await accountMenu(page, jid)).getByRole('menuitem', { name: 'Turn off' }).click();
  const accounts = page.getByRole('region', { name: 'Accounts' });
  await expect(accounts.getByRole('status')).toHaveText('Turned off');
  // Its contacts stay listed (offline) while it is off.
  await expect(page.getByRole('option', { name: /bob@localhost/ })).toContainText('Offline');

  await page.reload();
  await expect(accounts.getByRole('status')).toHaveText('Turned off');
  await (await accountMenu(page, jid)).getByRole('menuitem', { name: 'Turn on' }).click();
  await expect(accounts.getByRole('status')).toHaveText('Connected');
});

test('proxy settings are saved with the account', async ({ page, xmpp }) => {
  const jid = `alice@${xmpp.domain}`;
  await (await accountMenu(page, jid)).getByRole('menuitem', { name: 'Edit account…' }).click();
  let dialog = page.getByRole('dialog', { name: `Edit ${jid}` });
  await expect(dialog.getByLabel('Server host')).toHaveValue(xmpp.host);
  await dialog.getByRole('radio', { name: 'Tor' }).check();
  await expect(dialog.getByLabel('Proxy host')).toHaveValue('127.0.0.1');
  await expect(dialog.getByLabel('Proxy port')).toHaveValue('9050');
  await expect(dialog.getByRole('switch', { name: /Tor only/ })).toBeChecked();
  await dialog.getByLabel('Label').fill('Personal');
  await page.screenshot({ path: join(SCREENSHOTS, 'edit-account.png') });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  // The account's popover, still open under the dialog, and its status line take the label.
  await expect(page.getByRole('heading', { name: 'Personal' })).toBeVisible();
  await expect(accountStatus(page, 'Personal')).toBeAttached();
  // No Tor here: the account cannot connect, and its chip and popover say so.
  await expect(accountStatus(page, 'Personal')).toContainText('Disconnected');
  await page.screenshot({ path: join(SCREENSHOTS, 'account-error.png') });

  await page.reload();
  await (
    await accountMenu(page, 'Personal')
  )
    .getByRole('menuitem', { name: 'Edit account…' })
    .click();
  dialog = page.getByRole('dialog', { name: `Edit ${jid}` });
  await expect(dialog.getByRole('radio', { name: 'Tor' })).toBeChecked();
  await expect(dialog.getByLabel('Proxy host')).toHaveValue('127.0.0.1');
  await expect(dialog.getByLabel('Proxy port')).toHaveValue('9050');
  await expect(dialog.getByRole('switch', { name: /Tor only/ })).toBeChecked();
  await expect(dialog.getByLabel('Label')).toHaveValue('Personal');

  await dialog.getByRole('radio', { name: 'No proxy' }).check();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name: 'Accounts' }).getByRole('status')).toHaveText(
    'Connected',
  );
});

test('makes the key for private conversations and shows its fingerprint, kept after a reload', async ({
  page,
  xmpp,
}) => {
  const jid = `alice@${xmpp.domain}`;
  await (await accountMenu(page, jid)).getByRole('menuitem', { name: 'Edit account…' }).click();
  const dialog = page.getByRole('dialog', { name: `Edit ${jid}` });
  const otr = dialog.getByRole('region', { name: 'Private conversations (OTR)' });
  await expect(otr).toContainText('no key for private conversations yet');
  await otr.getByRole('button', { name: 'Make my key' }).click();
  const fingerprint = otr.getByLabel('Your fingerprint');
  await expect(fingerprint).toHaveText(/^([0-9A-F]{8} ){4}[0-9A-F]{8}$/, { timeout: 30_000 });
  const shown = await fingerprint.textContent();
  // When to talk privately: applies at once, kept with the account.
  const policy = otr.getByLabel('When to talk privately');
  await expect(policy).toHaveValue('manual');
  await policy.selectOption({ label: 'Always (never send plaintext)' });
  await expect(otr).toContainText('Nothing goes out until the conversation is private');
  await page.screenshot({ path: join(SCREENSHOTS, 'otr-key.png') });
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // The key is kept (sealed) by the main process: the same fingerprint after a reload.
  await page.reload();
  await (await accountMenu(page, jid)).getByRole('menuitem', { name: 'Edit account…' }).click();
  const again = page
    .getByRole('dialog', { name: `Edit ${jid}` })
    .getByRole('region', { name: 'Private conversations (OTR)' });
  await expect(again.getByLabel('Your fingerprint')).toHaveText(shown!);
  await expect(again.getByLabel('When to talk privately')).toHaveValue('always');
});

test("takes Pidgin's key and fingerprints, asking before it replaces a key", async ({
  page,
  xmpp,
}) => {
  const jid = `alice@${xmpp.domain}`;
  const keyFile = async () => {
    const key = await OtrPrivateKey.generate();
    const text = writePrivateKeys([
      {
        account: `${jid}/Pidgin`,
        protocol: 'prpl-jabber',
        key: { ...key.publicKey.params, x: key.secretExponent() },
      },
    ]);
    return {
      key,
      file: { name: 'otr.private_key', mimeType: 'text/plain', buffer: Buffer.from(text) },
    };
  };
  await (await accountMenu(page, jid)).getByRole('menuitem', { name: 'Edit account…' }).click();
  const otr = page
    .getByRole('dialog', { name: `Edit ${jid}` })
    .getByRole('region', { name: 'Private conversations (OTR)' });

  const first = await keyFile();
  await otr.getByLabel('Import key from Pidgin…').setInputFiles(first.file);
  await expect(otr.getByRole('status')).toHaveText(/Key imported/);
  await expect(otr.getByLabel('Your fingerprint')).toHaveText(
    humanOtrFingerprint(first.key.publicKey.fingerprint.toString('hex')),
  );

  const fingerprints = [
    `bob@${xmpp.domain}\t${jid}/Pidgin\tprpl-jabber\t${'ab'.repeat(20)}\tverified`,
    `carol@${xmpp.domain}\t${jid}\tprpl-jabber\t${'cd'.repeat(20)}\tsmp`,
  ].join('\n');
  await otr.getByLabel('Import fingerprints from Pidgin…').setInputFiles({
    name: 'otr.fingerprints',
    mimeType: 'text/plain',
    buffer: Buffer.from(fingerprints),
  });
  await expect(otr.getByRole('status')).toHaveText('2 fingerprints imported.');

  // A second key replaces the first only once confirmed.
  const second = await keyFile();
  await otr.getByLabel('Import key from Pidgin…').setInputFiles(second.file);
  const confirm = otr.getByRole('alert').filter({ hasText: 'Replace this account' });
  await expect(confirm).toBeVisible();
  await confirm.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOTS, 'otr-import.png') });
  await confirm.getByRole('button', { name: 'Replace my key' }).click();
  await expect(otr.getByLabel('Your fingerprint')).toHaveText(
    humanOtrFingerprint(second.key.publicKey.fingerprint.toString('hex')),
  );

  // And back out for Pidgin: the main process writes the file (here the browser host's exports
  // folder; Electron asks with a save dialog), the renderer learns only where it went.
  const exportButton = otr.getByRole('button', { name: 'Export my key for Pidgin…' });
  await expect(exportButton).toHaveAccessibleDescription(/holds your private key unencrypted/);
  await exportButton.click();
  const saved = otr.getByRole('status');
  await expect(saved).toHaveText(/^Your key was saved to .*otr\.private_key\.$/);
  const file = (await saved.textContent())!.replace(/^Your key was saved to /, '').slice(0, -1);
  const { keys } = readPrivateKeys(readFileSync(file, 'utf8'));
  expect(keys.map((k) => k.key.x)).toEqual([second.key.secretExponent()]);
});
