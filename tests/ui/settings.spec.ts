/** Language and theme: picked from the system, switchable, remembered. */
import { join } from 'node:path';
import { expect, fillSignIn, SCREENSHOTS, showContacts, test, trustCertificate } from './fixtures';

test('switching to 中文 changes the whole UI and is remembered', async ({ page, xmpp }) => {
  await page.getByLabel('Language').selectOption('zh-CN');
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByLabel('账号地址')).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, 'signin-zh-CN.png') });

  await page.getByLabel('账号地址').fill('not an address');
  await page.getByLabel('密码', { exact: true }).fill('x');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toContainText('请按“用户名@服务器”的格式输入账号地址');

  await page.reload();
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();

  // The main window in Chinese too.
  await page.getByLabel('账号地址').fill(`alice@${xmpp.domain}`);
  await page.getByLabel('密码', { exact: true }).fill(xmpp.passwords.alice!);
  await page.getByRole('button', { name: '高级设置' }).click();
  await page.getByLabel('服务器主机').fill(xmpp.host);
  await page.getByLabel('端口', { exact: true }).fill(String(xmpp.c2sPort));
  await page.getByRole('button', { name: '登录' }).click();
  const dialog = page.getByRole('dialog', { name: '无法验证服务器证书' });
  await expect(dialog).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOTS, 'certificate-dialog-zh-CN.png') });
  await dialog.getByRole('button', { name: '信任此证书并连接' }).click();
  await page.getByRole('tab', { name: '联系人' }).click();
  await expect(page.getByRole('listbox', { name: '联系人' })).toBeVisible();
  await expect(page.getByRole('option', { name: /bob@localhost/ })).toContainText('离线');
  await page.screenshot({ path: join(SCREENSHOTS, 'roster-zh-CN.png') });
});

test.describe('with a Chinese system locale', () => {
  test.use({ hostEnv: { LC_ALL: 'zh_CN.UTF-8' } });

  test('starts in Chinese', async ({ page }) => {
    await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
    await page.getByLabel('语言').selectOption('en');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });
});

test.describe('dark', () => {
  test.use({ colorScheme: 'dark' });

  test('follows the system dark theme and can be switched by hand', async ({ page, xmpp }) => {
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOTS, 'signin-dark.png') });
    // A string, not a function: this file is type-checked without the DOM library.
    const background = () =>
      page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    const dark = await background();

    await page.getByLabel('Theme').selectOption('light');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    expect(await background()).not.toBe(dark);
    await page.getByLabel('Theme').selectOption('dark');

    await fillSignIn(page, xmpp, { user: 'alice' });
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOTS, 'certificate-dialog-dark.png') });
    await trustCertificate(page);
    await (await showContacts(page)).getByRole('option', { name: /bob@localhost/ }).click();
    await page.screenshot({ path: join(SCREENSHOTS, 'roster-dark.png') });
  });
});

test('the history window is a preference of the main process and persists', async ({
  page,
  xmpp,
}) => {
  await fillSignIn(page, xmpp, { user: 'sam' });
  await trustCertificate(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  const window = dialog.getByLabel('How far back to fetch history from the server');
  await expect(window).toBeFocused();
  // The main process's default: a week.
  await expect(window).toHaveValue('7');
  await page.screenshot({ path: join(SCREENSHOTS, 'settings.png') });
  await window.selectOption({ label: '1 month' });
  await expect(window).toHaveValue('30');
  await expect(window).toBeEnabled();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(dialog.getByLabel('How far back to fetch history from the server')).toHaveValue(
    '30',
  );
  await dialog.getByLabel('Theme').selectOption('dark');
  await page.screenshot({ path: join(SCREENSHOTS, 'settings-dark.png') });
  await dialog.getByLabel('How far back to fetch history from the server').selectOption('7');
  await expect(dialog.getByLabel('How far back to fetch history from the server')).toBeEnabled();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
