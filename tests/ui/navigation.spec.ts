/**
 * Eight accounts in one window: the account strip stays one row (the rest behind "+N"), so at
 * 800x600 the first conversation is still in view; the strip is a toolbar the arrow keys walk,
 * and each account's popover holds its state and actions. Screenshots at 800x600 and 1280x800,
 * light and dark. The host starts with the server's certificate already pinned for the eight
 * accounts, so signing them in asks nothing.
 */
import { peerDevice } from './chatHelpers';
import {
  accountStatus,
  addAccount,
  expect,
  fillSignIn,
  openAccount,
  SCREENSHOTS,
  test,
} from './fixtures';

const NAV = Array.from({ length: 8 }, (_, i) => `nav${i + 1}`);

test.use({
  hostFiles: async ({ xmpp }, use) => {
    const pins = Object.fromEntries(NAV.map((u) => [`${u}@${xmpp.domain}`, xmpp.certFingerprint]));
    await use({ 'pins.json': JSON.stringify(pins) });
  },
});

test('eight accounts at 800x600: the first conversation stays in view', async ({ page, xmpp }) => {
  // Eight sign-ins through the form.
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 800, height: 600 });
  const jid = (user: string) => `${user}@${xmpp.domain}`;
  await fillSignIn(page, xmpp, { user: 'nav1' });
  await expect(accountStatus(page, jid('nav1'))).toHaveText('Connected');
  for (const user of NAV.slice(1)) await addAccount(page, xmpp, user, { pinned: true });
  const statuses = page.getByRole('region', { name: 'Accounts' }).getByRole('status');
  await expect(statuses.filter({ hasText: 'Connected' })).toHaveCount(8);

  const paul = await peerDevice(xmpp, 'paul');
  try {
    // Oldest to nav8, newest to nav1: each new message puts its conversation on top. (Each
    // account has its own connection, so messages sent at once may arrive in any order.)
    const chats = page.getByRole('listbox', { name: 'Chats' });
    const first = chats.getByRole('option').first();
    for (const user of [...NAV].reverse()) {
      await paul.say(jid(user), `Good morning, ${user}`);
      await expect(first).toContainText(`Good morning, ${user}`);
    }
    await expect(chats.getByRole('option').filter({ hasText: 'Good morning, nav8' })).toHaveCount(
      1,
    );
    const box = await first.boundingBox();
    expect(box, 'the first conversation is laid out').not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(600);
    await expect(first).toBeInViewport({ ratio: 1 });

    // The strip is one row: some chips, "+N" for the rest, and "Add account".
    const strip = page.getByRole('toolbar', { name: 'Accounts' });
    const more = strip.getByRole('button', { name: /more account/ });
    await expect(more).toBeVisible();
    const stripBox = await strip.boundingBox();
    expect(stripBox!.height).toBeLessThan(56);
    await page.screenshot({ path: `${SCREENSHOTS}/eight-accounts-800x600.png` });
    await page.getByLabel('Theme').selectOption('dark');
    await page.screenshot({ path: `${SCREENSHOTS}/eight-accounts-800x600-dark.png` });

    // Arrow keys walk the strip with one tab stop; Enter opens an account's popover.
    const chips = strip.getByRole('button');
    await chips.first().focus();
    await expect(chips.first()).toHaveAttribute('tabindex', '0');
    await page.keyboard.press('ArrowRight');
    await expect(chips.nth(1)).toBeFocused();
    await expect(chips.nth(1)).toHaveAttribute('tabindex', '0');
    await expect(chips.first()).toHaveAttribute('tabindex', '-1');
    await page.keyboard.press('End');
    await expect(strip.getByRole('button', { name: 'Add account', exact: true })).toBeFocused();
    await page.keyboard.press('Home');
    await expect(chips.first()).toBeFocused();
    await page.keyboard.press('Enter');
    const popover = page.getByRole('dialog', { name: jid('nav1') });
    await expect(popover).toBeVisible();
    await expect(popover).toContainText('Connected');
    await expect(popover.getByLabel(`Your presence on ${jid('nav1')}`)).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/account-popover-dark.png` });
    await page.keyboard.press('Escape');
    await expect(popover).toBeHidden();
    await expect(chips.first()).toBeFocused();

    // An account behind "+N" opens from its menu.
    const last = await openAccount(page, jid('nav8'));
    await expect(last).toContainText('Connected');
    await page.keyboard.press('Escape');
    await expect(last).toBeHidden();

    await page.setViewportSize({ width: 1280, height: 800 });
    await first.click();
    await expect(page.getByRole('log', { name: jid('paul') })).toContainText('Good morning, nav1');
    await page.screenshot({ path: `${SCREENSHOTS}/eight-accounts-1280x800-dark.png` });
    await page.getByLabel('Theme').selectOption('light');
    await page.screenshot({ path: `${SCREENSHOTS}/eight-accounts-1280x800.png` });
    await page.setViewportSize({ width: 800, height: 600 });
    await page.screenshot({ path: `${SCREENSHOTS}/eight-accounts-800x600-open.png` });
  } finally {
    await paul.stop();
  }
});
