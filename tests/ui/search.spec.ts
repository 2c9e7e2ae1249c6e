/**
 * Message search through the browser host: a two-character Chinese query finds its message
 * among others, shows the match marked, and opens the conversation scrolled to it.
 */
import { openChat, peerDevice, signInAlice } from './chatHelpers';
import { expect, SCREENSHOTS, test } from './fixtures';

test('search finds a Chinese substring and jumps to the message', async ({ page, xmpp }) => {
  await signInAlice(page, xmpp);
  const bob = await peerDevice(xmpp, 'bob');
  try {
    const alice = `alice@${xmpp.domain}`;
    await bob.say(alice, '明天下午三点在胡同口的茶馆见面');
    // Enough later messages that the hit is scrolled out of view when the chat opens.
    for (let i = 1; i <= 40; i += 1) await bob.say(alice, `Filler message number ${i}`);
    const log = await openChat(page, `bob@${xmpp.domain}`);
    await expect(log.getByText('Filler message number 40', { exact: true })).toBeVisible();
    await expect(log.getByText('茶馆见面')).toHaveCount(0);

    await page.getByRole('textbox', { name: /Message to/ }).press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Search messages' });
    const input = dialog.getByRole('combobox', { name: 'Search messages' });
    await expect(input).toBeFocused();
    await input.fill('胡同');
    const hit = dialog.getByRole('option').filter({ hasText: '茶馆' });
    await expect(hit).toBeVisible();
    await expect(hit.locator('mark')).toHaveText('胡同');
    await expect(dialog.getByRole('group', { name: `bob@${xmpp.domain}` })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/search-results.png` });

    await input.press('Enter');
    await expect(dialog).toBeHidden();
    const target = log.locator('.msg').filter({ hasText: '明天下午三点在胡同口的茶馆见面' });
    await expect(target).toBeInViewport();
    await expect(target).toHaveClass(/msg--highlight/);

    // Nothing matches: the panel says so.
    await page.keyboard.press('Control+k');
    await input.fill('不存在的词语');
    await expect(dialog.getByRole('status')).toHaveText('No messages match “不存在的词语”.');
    await input.press('Escape');
    await expect(dialog).toBeHidden();
  } finally {
    await bob.stop();
  }
});
