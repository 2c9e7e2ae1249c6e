/**
 * The Chats list across two accounts: conversations newest first with their last message, unread
 * counts per conversation and in total, the account badge and filter, and opening with the
 * keyboard (arrows move without opening, Enter opens). nina and omar are signed in; paul and
 * quinn write to them from plain clients.
 */
import { peerDevice, type Peer } from './chatHelpers';
import { addAccount, expect, fillSignIn, SCREENSHOTS, test, trustCertificate } from './fixtures';

test('newest first, unread counts across two accounts, opened by keyboard', async ({
  page,
  xmpp,
}) => {
  const nina = `nina@${xmpp.domain}`;
  const omar = `omar@${xmpp.domain}`;
  const paulJid = `paul@${xmpp.domain}`;
  const quinnJid = `quinn@${xmpp.domain}`;
  await fillSignIn(page, xmpp, { user: 'nina' });
  await trustCertificate(page);
  await addAccount(page, xmpp, 'omar');

  const peers: Peer[] = [];
  try {
    const paul = await peerDevice(xmpp, 'paul');
    peers.push(paul);
    const quinn = await peerDevice(xmpp, 'quinn');
    peers.push(quinn);

    await paul.say(nina, 'First from Paul');
    // With a conversation, the sidebar shows Chats by itself.
    const chats = page.getByRole('listbox', { name: 'Chats' });
    await expect(page.getByRole('tab', { name: /^Chats/ })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const rows = chats.getByRole('option');
    await expect(rows).toHaveCount(1);
    await quinn.say(omar, 'Quinn here, for Omar');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText(quinnJid);
    await paul.say(nina, 'Second from Paul');

    // Paul's conversation is the newest again: first, with both unread, on nina's account.
    await expect(rows.nth(0)).toContainText('Second from Paul');
    await expect(rows.nth(0)).toContainText(paulJid);
    await expect(rows.nth(0)).toContainText('2 unread messages');
    await expect(rows.nth(0).locator('.account-badge')).toHaveText('nina');
    await expect(rows.nth(1)).toContainText('Quinn here, for Omar');
    await expect(rows.nth(1)).toContainText('1 unread message');
    await expect(rows.nth(1).locator('.account-badge')).toHaveText('omar');
    await expect(page).toHaveTitle('(3) Hutong');
    await expect(page.getByRole('tab', { name: /^Chats/ })).toContainText('3 unread messages');
    await page.screenshot({ path: `${SCREENSHOTS}/chats-two-accounts.png` });

    // The account filter applies to Chats too.
    const filter = page.getByRole('radiogroup', { name: 'Show chats and contacts of' });
    await filter.getByRole('radio', { name: 'omar' }).check();
    await expect(rows).toHaveCount(1);
    await expect(rows.nth(0)).toContainText(quinnJid);
    await filter.getByRole('radio', { name: 'All' }).check();
    await expect(rows).toHaveCount(2);

    // Keyboard: focus lands on the newest; arrows move without opening; Enter opens.
    await chats.focus();
    const activeIs = async (index: number) =>
      expect(chats).toHaveAttribute(
        'aria-activedescendant',
        (await rows.nth(index).getAttribute('id')) ?? 'missing',
      );
    await activeIs(0);
    await page.keyboard.press('ArrowDown');
    await activeIs(1);
    await expect(page.getByRole('region', { name: quinnJid })).toHaveCount(0);
    await expect(page).toHaveTitle('(3) Hutong');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('region', { name: quinnJid })).toBeVisible();
    await expect(page.getByRole('log', { name: quinnJid })).toContainText('Quinn here, for Omar');
    await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(page).toHaveTitle('(2) Hutong');
    await expect(rows.nth(1)).not.toContainText('unread');

    // Answering from omar's account puts that conversation on top, with our text.
    const box = page.getByRole('textbox', { name: `Message to ${quinnJid}` });
    await expect(box).toBeFocused();
    await box.fill('Hello Quinn, Omar here');
    await box.press('Enter');
    await quinn.next((s) => s.getChildText('body') === 'Hello Quinn, Omar here');
    await expect(rows.nth(0)).toContainText(quinnJid);
    await expect(rows.nth(0)).toContainText('You: Hello Quinn, Omar here');

    // Back in the list, End goes to the last conversation (now Paul's) and Enter opens it.
    await chats.focus();
    await page.keyboard.press('End');
    await activeIs(1);
    await page.keyboard.press('Home');
    await activeIs(0);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('region', { name: paulJid })).toBeVisible();
    await expect(page.getByRole('log', { name: paulJid })).toContainText('Second from Paul');
    await expect(page).toHaveTitle('Hutong');
    await page.screenshot({ path: `${SCREENSHOTS}/chats-open.png` });
  } finally {
    for (const peer of peers) await peer.stop();
  }
});

test('history fetched at sign-in shows a quiet progress line, then the conversation', async ({
  page,
  xmpp,
}) => {
  const tess = `tess@${xmpp.domain}`;
  const paul = await peerDevice(xmpp, 'paul');
  try {
    // Written while tess is away: her server archives them, and Hutong fetches them at sign-in.
    // Enough for five pages, with pauses between them (the older pages come 25 ms apart): a
    // single page is stored within one batch of events, and a line that would only flash for a
    // frame is rightly never shown. Three pages proved too quick to be seen on a busy machine.
    const stamp = Date.now();
    const count = 450;
    for (let i = 1; i <= count; i += 1) {
      await paul.say(tess, `While you were away ${stamp} #${i}`);
    }
    // Every text the sidebar's status line ever shows, recorded in the page (a string, not a
    // function: this file is type-checked without the DOM library).
    await page.evaluate(`(() => {
      window.__archiveTexts = [];
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('.archive-status[role=status]')) {
          const text = el.textContent.trim();
          if (text && window.__archiveTexts.at(-1) !== text) window.__archiveTexts.push(text);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);
    await fillSignIn(page, xmpp, { user: 'tess' });
    await trustCertificate(page);
    const row = page.getByRole('listbox', { name: 'Chats' }).getByRole('option').first();
    await expect(row).toContainText(`While you were away ${stamp} #${count}`);
    await expect(row).toContainText('paul@localhost');
    // Once done, the line is empty again (the live region itself stays).
    await expect(page.locator('.archive-status[role=status]')).toHaveText('');
    const texts = await page.evaluate<string[]>('window.__archiveTexts');
    expect(texts.length, 'the progress line showed while fetching').toBeGreaterThan(0);
    expect(texts.every((text) => text.startsWith('Fetching history…'))).toBe(true);
  } finally {
    await paul.stop();
  }
});
