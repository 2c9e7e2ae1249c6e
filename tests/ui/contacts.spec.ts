/**
 * Contacts: an incoming subscription request answered in the UI, then rename, groups and
 * removal of that contact, all through the real server.
 */
import { join } from 'node:path';
import { xml } from '@xmpp/client';
import {
  expect,
  fillSignIn,
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

test('accept a request, rename, regroup and remove the contact', async ({ page, xmpp }) => {
  const daveJid = `dave@${xmpp.domain}`;
  const dave = await otherDevice(xmpp, 'dave');
  try {
    await dave.send(xml('presence'));
    await dave.send(xml('presence', { to: `alice@${xmpp.domain}`, type: 'subscribe' }));

    const requests = page.getByRole('region', { name: 'Contact request' });
    await expect(requests).toContainText(daveJid);
    await expect(requests).toContainText('Wants to see your status');
    await page.screenshot({ path: join(SCREENSHOTS, 'requests.png') });
    await requests.getByRole('button', { name: `Accept ${daveJid}` }).click();
    await expect(requests).toBeHidden();
  } finally {
    await dave.stop();
  }

  const roster = page.getByRole('listbox', { name: 'Contacts' });
  const row = roster.getByRole('option', { name: new RegExp(daveJid) });
  await expect(row).toBeVisible();

  // Rename from the row's context menu, with the keyboard.
  await row.click();
  await roster.press('Shift+F10');
  await page.getByRole('menuitem', { name: 'Rename…' }).click();
  let dialog = page.getByRole('dialog', { name: 'Edit contact' });
  await expect(dialog.getByLabel('Name')).toBeFocused();
  await dialog.getByLabel('Name').fill('Dave Davies');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  const renamed = roster.getByRole('option', { name: /Dave Davies/ });
  await expect(renamed).toBeVisible();
  // The name the user gave is isolated for direction in the list and the conversation's header
  // (a right-to-left name cannot reorder what follows it).
  await expect(renamed.locator('.contact__name bdi')).toHaveText('Dave Davies');
  await expect(page.getByRole('heading', { name: 'Dave Davies' }).locator('bdi')).toHaveText(
    'Dave Davies',
  );

  // Groups from the conversation's menu button.
  await page.getByRole('button', { name: `Actions for ${daveJid}` }).click();
  await page.getByRole('menuitem', { name: 'Edit groups…' }).click();
  dialog = page.getByRole('dialog', { name: 'Edit contact' });
  await expect(dialog.getByLabel('Add to group')).toBeFocused();
  await dialog.getByLabel('Add to group').fill('Neighbours');
  await dialog.getByLabel('Add to group').press('Enter');
  await expect(dialog.getByRole('button', { name: 'Remove from Neighbours' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(roster.getByRole('group', { name: /Neighbours/ })).toContainText('Dave Davies');

  // Remove, after confirming.
  await renamed.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Remove contact…' }).click();
  const confirm = page.getByRole('dialog', { name: `Remove ${daveJid}?` });
  await expect(confirm).toContainText('Your chat history with them is kept.');
  await confirm.getByRole('button', { name: 'Remove contact' }).click();
  await expect(confirm).toBeHidden();
  await expect(roster.getByRole('option', { name: /Dave Davies/ })).toHaveCount(0);
});
