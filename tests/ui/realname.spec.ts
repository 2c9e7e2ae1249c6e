/**
 * Real-name registration through the UI against the second Prosody of globalSetup, whose
 * conference service states a policy and whose registration service is the real one: the flow
 * (an invalid ID number refused locally with a message naming the field, then the consent screen
 * listing exactly what goes, then the receipt with the number masked), the saved profile (shown
 * masked, then erased), and the bulk view registering again, with the saved profile, the groups
 * of a registration the operator rejected. Each test has a user of its own.
 */
import { join } from 'node:path';
import { test as plain, type Page } from '@playwright/test';
import { runRegistrationAdmin } from '../../server/scripts/registration.mjs';
import { withCheck } from '../unit/realname/reference';
import { catalog, keys } from './catalogKeys';
import {
  accountStatus,
  expect,
  fillSignIn,
  regServer,
  SCREENSHOTS,
  test,
  trustCertificate,
} from './fixtures';

/** Beijing Dongcheng, born 1990-03-07: a number nobody holds, with a correct check character. */
const ID = withCheck('11010119900307412');
const WRONG_ID = `${ID.slice(0, 17)}${ID[17] === '0' ? '1' : '0'}`;
const MASKED_ID = `**************${ID.slice(-4)}`;
const MOBILE = '13800138000';

plain('realname catalogs carry the same keys in en and zh-CN', () => {
  expect(keys(catalog('realname.zh-CN')).sort()).toEqual(keys(catalog('realname.en')).sort());
});

const reg = regServer;
const admin = (args: readonly string[]) => runRegistrationAdmin(reg().dataDir, args);
/** The service's stored registrations of one user, one line each (no personal data). */
const stored = (user: string) =>
  admin(['list'])
    .out.split('\n')
    .filter((line) => line.includes(`\t${user}@${reg().domain}\t`));

async function signIn(page: Page, user: string) {
  await fillSignIn(page, reg(), { user });
  await trustCertificate(page);
  await expect(accountStatus(page, `${user}@${reg().domain}`)).toHaveText('Connected');
}

async function openRegistrations(page: Page) {
  await page.getByRole('button', { name: 'Group registrations' }).click();
  const view = page.getByRole('dialog', { name: 'Group registrations' });
  await expect(view).toBeVisible();
  return view;
}

/**
 * The theme follows the system's by default: switch that (modals make the picker inert), then
 * wait for the colour transitions so a screenshot shows the end state.
 */
async function setTheme(page: Page, theme: 'light' | 'dark') {
  await page.emulateMedia({ colorScheme: theme });
  // Runs in the page (a string: this file is compiled without the DOM's types).
  await page.evaluate(`Promise.all(
    document
      .getAnimations()
      .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
      .map((a) => a.finished.catch(() => undefined)),
  )`);
}

/** Ticks the consent box of the consent screen and sends; returns after the click. */
async function consentAndSend(page: Page, send = 'Send') {
  const consent = page.getByRole('region', { name: 'Before anything is sent' });
  await expect(consent).toBeVisible();
  await expect(consent.getByRole('button', { name: send })).toBeDisabled();
  await consent.getByRole('checkbox', { name: /I agree that these details are sent to/ }).check();
  await consent.getByRole('button', { name: send }).click();
}

test('registers through the flow: bad ID refused locally, consent lists the fields, masked receipt', async ({
  page,
}) => {
  await signIn(page, 'rena');
  const view = await openRegistrations(page);
  const service = reg().groupService;
  await view.getByRole('button', { name: `Register rena@${reg().domain} on ${service}…` }).click();
  const dialog = page.getByRole('dialog', { name: `Register for ${service}` });
  await expect(dialog).toBeVisible();
  // The policy as the service states it: who receives, the authority, the legal text.
  await expect(dialog.getByText(reg().registrationService).first()).toBeVisible();
  await expect(
    dialog.getByText('Test Communications Administration, notice 2026-9', { exact: true }),
  ).toBeVisible();
  await expect(
    dialog.getByRole('region', { name: 'Legal text stated by the service' }),
  ).toContainText('Group owners must register their real name.');

  await dialog.getByLabel(/Full name/).fill('张三');
  await dialog.getByLabel(/Resident ID card number/).fill(WRONG_ID);
  await dialog.getByLabel(/Mobile phone number/).fill(MOBILE);
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await expect(dialog.getByRole('alert')).toContainText(
    'Resident ID card number: the check character does not match',
  );
  await expect(dialog.getByRole('region', { name: 'Before anything is sent' })).toHaveCount(0);
  await expect(dialog.getByLabel(/Resident ID card number/)).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await page.screenshot({ path: join(SCREENSHOTS, 'realname-flow-error.png') });
  expect(stored('rena')).toEqual([]);

  // Corrected: the consent screen names the receiver and exactly the fields that go.
  await dialog.getByLabel(/Resident ID card number/).fill(ID);
  await dialog.getByRole('button', { name: 'Continue' }).click();
  const consent = dialog.getByRole('region', { name: 'Before anything is sent' });
  await expect(
    consent.getByRole('list', { name: 'What is sent' }).getByRole('listitem'),
  ).toHaveText(['Full name (as on the ID card)', 'Resident ID card number', 'Mobile phone number']);
  await expect(consent).toContainText(reg().registrationService);
  await expect(consent).toContainText('90 days');
  await page.screenshot({ path: join(SCREENSHOTS, 'realname-consent-light.png') });
  await setTheme(page, 'dark');
  await page.screenshot({ path: join(SCREENSHOTS, 'realname-consent-dark.png') });
  await setTheme(page, 'light');
  // Back keeps every value; nothing left yet.
  await consent.getByRole('button', { name: 'Back' }).click();
  await expect(dialog.getByLabel(/Resident ID card number/)).toHaveValue(ID);
  expect(stored('rena')).toEqual([]);
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await consentAndSend(page);

  // The service's own confirmation stage and its consent box: ticked, it goes, and ours is not
  // asked a second time (no identity data goes at this stage).
  const agree = dialog.getByRole('checkbox', { name: /stores these data for/ });
  await expect(agree).toBeVisible();
  await expect(dialog).not.toContainText(ID);
  await agree.check();
  await dialog.getByRole('button', { name: 'Complete registration' }).click();
  await expect(page.getByRole('region', { name: 'Before anything is sent' })).toHaveCount(0);
  const receipt = dialog.getByRole('region', { name: 'Registration receipt' });
  await expect(receipt).toContainText("Registered, waiting for the provider's check");
  await expect(receipt).toContainText(MASKED_ID);
  await expect(page.locator('body')).not.toContainText(ID);
  expect(stored('rena')).toHaveLength(1);
  await page.screenshot({ path: join(SCREENSHOTS, 'realname-receipt-light.png') });
  await setTheme(page, 'dark');
  await page.screenshot({ path: join(SCREENSHOTS, 'realname-receipt-dark.png') });
});

async function saveProfile(page: Page) {
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  const section = settings.getByRole('region', { name: 'Registration profile' });
  // Nothing asks for an ID number until the user sets a profile up.
  await expect(section.getByLabel('Resident ID number')).toHaveCount(0);
  await section.getByRole('button', { name: 'Set up a profile…' }).click();
  await section.getByLabel('Full name').fill('李四');
  await section.getByLabel('Resident ID number').fill(ID);
  await section.getByLabel('Mobile number').fill(MOBILE);
  await section.getByRole('button', { name: 'Save profile' }).click();
  await expect(section.getByRole('definition').filter({ hasText: MASKED_ID })).toBeVisible();
  return { settings, section };
}

test('saves the registration profile, shows it masked, then erases it', async ({ page }) => {
  await signIn(page, 'remy');
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  const section = settings.getByRole('region', { name: 'Registration profile' });
  // Nothing asks for an ID number until the user sets a profile up.
  await expect(section.getByLabel('Resident ID number')).toHaveCount(0);
  await section.getByRole('button', { name: 'Set up a profile…' }).click();
  await section.getByLabel('Full name').fill('李四');
  await section.getByLabel('Resident ID number').fill(`${ID.slice(0, 6)}2099${ID.slice(10)}`);
  await section.getByLabel('Mobile number').fill('+852 9123 4567');
  await section.getByRole('button', { name: 'Save profile' }).click();
  await expect(section.getByRole('alert').first()).toContainText('Resident ID number:');
  await expect(section.getByRole('alert').nth(1)).toContainText(
    'Mobile number: only mainland China numbers (+86) are accepted.',
  );
  await section.getByLabel('Resident ID number').fill(ID);
  await section.getByLabel('Mobile number').fill(MOBILE);
  await section.getByRole('button', { name: 'Save profile' }).click();
  await expect(section.getByText(MASKED_ID)).toBeVisible();
  await expect(section.getByText(`*******${MOBILE.slice(-4)}`)).toBeVisible();
  await expect(section.getByText('李*')).toBeVisible();
  await expect(page.locator('body')).not.toContainText(ID);
  await expect(section.getByLabel('Resident ID number')).toHaveCount(0);
  await settings.screenshot({ path: join(SCREENSHOTS, 'realname-profile-light.png') });
  await setTheme(page, 'dark');
  await settings.screenshot({ path: join(SCREENSHOTS, 'realname-profile-dark.png') });

  await section.getByRole('button', { name: 'Erase my registration data' }).click();
  const confirm = page.getByRole('dialog', { name: 'Erase your registration data?' });
  await confirm.getByRole('button', { name: 'Erase' }).click();
  await expect(confirm).toBeHidden();
  await expect(section.getByRole('status')).toContainText('Erased: your saved profile');
  await expect(section.getByText(MASKED_ID)).toHaveCount(0);
  // Back to no profile: no ID number field until one is set up again, and then an empty one.
  await expect(section.getByLabel('Resident ID number')).toHaveCount(0);
  await section.getByRole('button', { name: 'Set up a profile…' }).click();
  await expect(section.getByLabel('Full name')).toBeFocused();
  await expect(section.getByLabel('Resident ID number')).toHaveValue('');
});

test('registers the groups of a rejected registration again, in bulk, with the saved profile', async ({
  page,
}) => {
  const service = reg().groupService;
  await signIn(page, 'reed');
  const { settings } = await saveProfile(page);
  await settings.getByRole('button', { name: 'Close' }).last().click();

  // First registration through the flow with the profile (pending counts: groups can be made).
  let view = await openRegistrations(page);
  await view.getByRole('button', { name: `Register reed@${reg().domain} on ${service}…` }).click();
  const dialog = page.getByRole('dialog', { name: `Register for ${service}` });
  await dialog.getByRole('checkbox', { name: 'Use my saved profile' }).check();
  await expect(dialog.getByText(MASKED_ID)).toBeVisible();
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await consentAndSend(page);
  await dialog.getByRole('checkbox', { name: /stores these data for/ }).check();
  await dialog.getByRole('button', { name: 'Complete registration' }).click();
  await expect(dialog.getByRole('region', { name: 'Registration receipt' })).toContainText(
    MASKED_ID,
  );
  await dialog.getByRole('button', { name: 'Close' }).click();
  await view.getByRole('button', { name: 'Close' }).click();

  // Two groups created as reed, then the operator rejects the registration.
  const names = [`lanterns-${Date.now().toString(36)}`, `kites-${Date.now().toString(36)}`];
  for (const name of names) {
    await page.getByRole('button', { name: 'Join a group chat' }).click();
    const join = page.getByRole('dialog', { name: 'Join a group chat' });
    await join.getByLabel('Room address').fill(`${name}@${service}`);
    await join.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(join).toBeHidden();
    await expect(page.getByRole('region', { name })).toBeVisible();
  }
  const [first] = stored('reed');
  const receiptId = first!.split('\t')[0]!;
  expect(admin(['reject', receiptId, 'Name does not match the ID card']).code).toBe(0);

  view = await openRegistrations(page);
  const row = view.getByRole('listitem', { name: `reed@${reg().domain} on ${service}` });
  await expect(row).toContainText('Rejected');
  await expect(row).toContainText('Name does not match the ID card');
  for (const name of names) await expect(row).toContainText(name);
  await page.screenshot({ path: join(SCREENSHOTS, 'realname-bulk-light.png') });
  await view.getByRole('button', { name: 'Select all that need registering' }).click();
  await expect(row.getByRole('checkbox')).toBeChecked();
  await view.getByRole('button', { name: 'Register selected with my saved profile (1)' }).click();
  const consent = view.getByRole('region', { name: 'Before anything is sent' });
  await expect(consent.getByRole('list', { name: 'What is sent' })).toContainText(
    'Resident ID number',
  );
  await expect(consent).toContainText(reg().registrationService);
  await expect(consent).toContainText('Test Communications Administration');
  await expect(consent).toContainText(`reed@${reg().domain} → ${service}`);
  await setTheme(page, 'dark');
  await page.screenshot({ path: join(SCREENSHOTS, 'realname-bulk-consent-dark.png') });
  await consent.getByRole('checkbox', { name: /I agree that these details are sent to/ }).check();
  // A double click sends one request: the main process and the button both guard it.
  await consent.getByRole('button', { name: 'Send and register 1' }).dblclick();
  await expect(row.getByRole('status')).toHaveText('Pending', { timeout: 20_000 });
  await page.screenshot({ path: join(SCREENSHOTS, 'realname-bulk-dark.png') });
  const lines = stored('reed');
  expect(lines).toHaveLength(2);
  expect(lines.filter((line) => line.includes('\tpending\t'))).toHaveLength(1);
});

test('the wizard creates a group only after the registration step', async ({ page }) => {
  const service = reg().groupService;
  const name = `Lantern Club ${Date.now().toString(36)}`;
  await signIn(page, 'rosa');
  await page.getByRole('button', { name: 'Create a group' }).click();
  const wizard = page.getByRole('dialog', { name: 'Create a group' });
  const steps = wizard.getByRole('list', { name: 'Steps' });
  await expect(steps.getByRole('listitem')).toHaveText([
    '1Where',
    '2Details',
    '3Registration',
    '4Create',
  ]);
  await expect(wizard.getByRole('radio', { name: new RegExp(service) })).toBeChecked();
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByLabel('Group name').fill(name);
  await expect(wizard.getByRole('status').filter({ hasText: /is available/ })).toBeVisible();
  await wizard.getByRole('button', { name: 'Next' }).click();

  // The registration: the wizard cannot go on until it is done.
  await expect(steps.locator('[aria-current="step"]')).toHaveText('3Registration');
  const next = wizard.getByRole('button', { name: 'Next' });
  await expect(next).toBeDisabled();
  await wizard.getByLabel(/Full name/).fill('王小明');
  await wizard.getByLabel(/Resident ID card number/).fill(ID);
  // Enter in a field continues the registration, it does not submit the wizard.
  await wizard.getByLabel(/Mobile phone number/).fill(MOBILE);
  await wizard.getByLabel(/Mobile phone number/).press('Enter');
  await consentAndSend(page);
  await wizard.getByRole('checkbox', { name: /stores these data for/ }).check();
  await wizard.getByRole('button', { name: 'Complete registration' }).click();
  await expect(wizard.getByRole('region', { name: 'Registration receipt' })).toContainText(
    MASKED_ID,
  );
  await page.screenshot({ path: join(SCREENSHOTS, 'realname-wizard-receipt.png') });
  await expect(next).toBeEnabled();
  await next.click();
  await wizard.getByRole('button', { name: 'Create group' }).click();
  await expect(wizard).toBeHidden();
  await expect(page.getByRole('region', { name }).getByRole('heading', { name })).toBeVisible();
  expect(stored('rosa')).toHaveLength(1);
});

test('in Simplified Chinese, the profile names the refused field and the bulk view is localized', async ({
  page,
}) => {
  await signIn(page, 'remy');
  await page.getByLabel('Language').first().selectOption('zh-CN');
  await page.getByRole('button', { name: '设置' }).click();
  const settings = page.getByRole('dialog', { name: '设置' });
  const section = settings.getByRole('region', { name: '实名登记资料' });
  await section.getByRole('button', { name: '设置资料…' }).click();
  await section.getByLabel('姓名').fill('Li 伟');
  await section.getByLabel('身份证号').fill(WRONG_ID);
  await section.getByLabel('手机号').fill('+852 9123 4567');
  await section.getByRole('button', { name: '保存资料' }).click();
  await expect(section.getByRole('alert')).toHaveText([
    '姓名：请只使用汉字或只使用拉丁字母，不要混用。',
    '身份证号：校验位不正确，请检查是否输错。',
    '手机号：只接受中国大陆号码（+86）。',
  ]);
  await settings.screenshot({ path: join(SCREENSHOTS, 'realname-profile-zh-CN.png') });
  await settings.getByRole('button', { name: '群聊实名登记' }).click();
  const view = page.getByRole('dialog', { name: '群聊实名登记' });
  await expect(view.getByRole('button', { name: '选择所有需要登记的' })).toBeVisible();
  await expect(
    view.getByRole('listitem', { name: `remy@${reg().domain}，${reg().groupService}` }),
  ).toContainText('未登记');
});

// Last in this file, and no other spec uses this server: the registration service stays stopped.
test('the registration service gone mid-registration: a clear message, and the form kept', async ({
  page,
}) => {
  const service = reg().groupService;
  await signIn(page, 'rory');
  const view = await openRegistrations(page);
  await view.getByRole('button', { name: `Register rory@${reg().domain} on ${service}…` }).click();
  const dialog = page.getByRole('dialog', { name: `Register for ${service}` });
  await dialog.getByLabel(/Full name/).fill('赵六');
  await dialog.getByLabel(/Resident ID card number/).fill(ID);
  await dialog.getByLabel(/Mobile phone number/).fill(MOBILE);
  process.kill(reg().registrationPid, 'SIGKILL');
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await consentAndSend(page);
  await expect(dialog.getByRole('alert')).toContainText(
    /not answering\. Nothing was lost|took too long to answer\. Nothing was lost/,
  );
  await expect(dialog.getByLabel(/Resident ID card number/)).toHaveValue(ID);
  await expect(dialog.getByLabel(/Full name/)).toHaveValue('赵六');
  await page.screenshot({ path: join(SCREENSHOTS, 'realname-service-gone.png') });
});
