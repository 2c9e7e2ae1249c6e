/**
 * The group-creation wizard through the UI on the real Prosody (issue 9, point 4): the service
 * found by discovery, the address suggested from the name and checked as one types (free, taken,
 * invalid), a kind chosen, the group created and opened; keyboard only; in English and Chinese,
 * light and dark. The test server has no real-name policy, so no registration step shows.
 * gina and hugo belong to this file (globalSetup).
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test as plain } from '@playwright/test';
import { accountStatus, expect, fillSignIn, SCREENSHOTS, test, trustCertificate } from './fixtures';
import type { UiXmppServer } from './fixtures';
import { catalog, keys } from './catalogKeys';

plain('group-creation catalogs carry the same keys in en and zh-CN', () => {
  expect(keys(catalog('groups.zh-CN')).sort()).toEqual(keys(catalog('groups.en')).sort());
});

const unique = () => Math.random().toString(36).slice(2, 8);

/** Resolves once transitions (a theme switch, a choice) have run: screenshots show the end state. */
async function settled(page: Page) {
  // Runs in the page (a string: this file is compiled without the DOM's types).
  await page.evaluate(`Promise.all(
    document
      .getAnimations()
      .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
      .map((a) => a.finished.catch(() => undefined)),
  )`);
}

async function signIn(page: Page, xmpp: UiXmppServer, user: string) {
  await fillSignIn(page, xmpp, { user });
  await trustCertificate(page);
  await expect(accountStatus(page, `${user}@${xmpp.domain}`)).toHaveText('Connected');
}

test('creates a private group through the wizard and opens it', async ({ page, xmpp }) => {
  await signIn(page, xmpp, 'gina');
  const service = `conference.${xmpp.domain}`;
  const tag = unique();
  const name = `Tea House ${tag}`;

  await page.getByRole('button', { name: 'Create a group' }).click();
  const wizard = page.getByRole('dialog', { name: 'Create a group' });
  const steps = wizard.getByRole('list', { name: 'Steps' });
  // No policy on this server: three steps, no registration.
  await expect(steps.getByRole('listitem')).toHaveText(['1Where', '2Details', '3Create']);
  await expect(steps.locator('[aria-current="step"]')).toHaveText('1Where');
  await expect(wizard.getByRole('heading', { name: 'Where should the group live?' })).toBeVisible();
  await expect(wizard.getByLabel('Account')).toBeFocused();
  await expect(wizard.getByRole('radio', { name: service })).toBeChecked();
  await wizard.getByRole('button', { name: 'Next' }).click();

  await expect(wizard.getByRole('heading', { name: 'Describe your group' })).toBeVisible();
  const nameField = wizard.getByLabel('Group name');
  await expect(nameField).toBeFocused();
  const next = wizard.getByRole('button', { name: 'Next' });
  await expect(next).toBeDisabled();
  await nameField.fill(name);
  const address = wizard.getByRole('textbox', { name: /^Address/ });
  await expect(address).toHaveValue(`tea-house-${tag}`);
  const status = wizard.getByRole('status').filter({ hasText: /available|taken|Checking/ });
  await expect(status).toHaveText(`tea-house-${tag}@${service} is available.`);
  await wizard.getByLabel('Description (optional)').fill('Green, white and oolong.');
  const privateKind = wizard.getByRole('radio', { name: 'Private', exact: true });
  await privateKind.check();
  await expect(privateKind).toBeChecked();
  await settled(page);
  await page.screenshot({ path: join(SCREENSHOTS, 'create-group-details.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await settled(page);
  await page.screenshot({ path: join(SCREENSHOTS, 'create-group-details-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  await next.click();

  await expect(wizard.getByRole('heading', { name: 'Check and create' })).toBeVisible();
  await expect(steps.locator('[aria-current="step"]')).toHaveText('3Create');
  await expect(wizard.getByRole('definition')).toContainText([
    `gina@${xmpp.domain}`,
    new RegExp(service.replaceAll('.', '\\.')),
    name,
    `tea-house-${tag}@${service}`,
    'Green, white and oolong.',
    /Private/,
  ]);
  await settled(page);
  await page.screenshot({ path: join(SCREENSHOTS, 'create-group-review.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await settled(page);
  await page.screenshot({ path: join(SCREENSHOTS, 'create-group-review-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  await wizard.getByRole('button', { name: 'Create group' }).click();

  // Created as asked: the wizard closes and the group is open.
  await expect(wizard).toBeHidden();
  const pane = page.getByRole('region', { name });
  await expect(pane.getByRole('heading', { name })).toBeVisible();
  await expect(
    page
      .getByRole('complementary', { name: `People in ${name}` })
      .getByRole('region', { name: /Owners/ }),
  ).toContainText('gina');

  // The same address again is taken; one with a space is refused before asking; Esc closes.
  await page.getByRole('button', { name: 'Create a group' }).click();
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByLabel('Group name').fill('Another');
  await address.fill(`tea-house-${tag}`);
  await expect(status).toHaveText(
    `tea-house-${tag}@${service} is already taken. Try another address.`,
  );
  await expect(address).toHaveAttribute('aria-invalid', 'true');
  await expect(next).toBeDisabled();
  await address.fill('tea house');
  await expect(
    wizard.getByText('Use only letters, digits, dots, hyphens and underscores (no spaces).'),
  ).toBeVisible();
  await expect(next).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(wizard).toBeHidden();
});

test('runs by keyboard alone, in Chinese, with a Han name', async ({ page, xmpp }) => {
  await page.getByLabel('Language').selectOption('zh-CN');
  await page.getByLabel('账号地址').fill(`hugo@${xmpp.domain}`);
  await page.getByLabel('密码', { exact: true }).fill(xmpp.passwords.hugo!);
  await page.getByRole('button', { name: '高级设置' }).click();
  await page.getByLabel('服务器主机').fill(xmpp.host);
  await page.getByLabel('端口', { exact: true }).fill(String(xmpp.c2sPort));
  await page.getByRole('button', { name: '登录' }).click();
  await page
    .getByRole('dialog', { name: '无法验证服务器证书' })
    .getByRole('button', { name: '信任此证书并连接' })
    .click();
  // The account strip's region is named in Chinese: wait for the connection where it is said.
  await expect(page.getByRole('status', { name: `hugo@${xmpp.domain}`, exact: true })).toHaveText(
    '已连接',
  );
  // The main window puts the focus on its home field once it shows: go on from there.
  await expect(page.locator('[data-focus-home]')).toBeFocused();
  await page.getByRole('button', { name: '创建群组' }).press('Enter');
  const wizard = page.getByRole('dialog', { name: '创建群组' });
  await expect(wizard.getByRole('heading', { name: '群组建在哪里？' })).toBeVisible();
  await expect(wizard.getByRole('radio', { name: /conference/ })).toBeChecked();
  await wizard.getByRole('button', { name: '下一步' }).press('Enter');
  await expect(wizard.getByLabel('群名称')).toBeFocused();
  await page.keyboard.type('北京茶友会');
  const address = wizard.getByRole('textbox', { name: /^地址/ });
  await expect(address).toHaveValue(/^group-[a-z2-9]{6}$/);
  const room = `${await address.inputValue()}@conference.${xmpp.domain}`;
  await expect(wizard.getByText(`${room} 可以使用。`)).toBeVisible();
  const publicKind = wizard.getByRole('radio', { name: '公开', exact: true });
  await publicKind.focus();
  await page.keyboard.press('Space');
  await expect(publicKind).toBeChecked();
  await expect(publicKind).toHaveAccessibleDescription('在服务上公开列出，任何人都能找到并加入。');
  await settled(page);
  await page.screenshot({ path: join(SCREENSHOTS, 'create-group-details-zh-CN.png') });
  // Enter in a text field goes on (the form's default button).
  await wizard.getByLabel('群名称').press('Enter');
  await expect(wizard.getByRole('heading', { name: '确认并创建' })).toBeVisible();
  await settled(page);
  await page.screenshot({ path: join(SCREENSHOTS, 'create-group-review-zh-CN.png') });
  await wizard.getByRole('button', { name: '创建群组' }).press('Enter');
  await expect(wizard).toBeHidden();
  await expect(page.getByRole('region', { name: '北京茶友会' })).toBeVisible();
});
