/**
 * A link that hides a right-to-left override: `https://evil.example/` + U+202E + `gnp.exe` reads
 * as an address ending in `exe.png` where the control is invisible. In the message and in the
 * confirmation that promises the full address, the control is shown as a marker.
 */
import { openChat, peerDevice, signInAlice } from './chatHelpers';
import { expect, SCREENSHOTS, test } from './fixtures';

const RLO = '\u202e';

test('a bidirectional control inside a link is shown, in the message and the dialog', async ({
  page,
  xmpp,
}) => {
  await signInAlice(page, xmpp);
  const bob = await peerDevice(xmpp, 'bob');
  try {
    const url = `https://evil.example/${RLO}gnp.exe`;
    const shown = 'https://evil.example/⟨U+202E⟩gnp.exe';
    await bob.say(`alice@${xmpp.domain}`, `the photo: ${url} enjoy`);
    const log = await openChat(page, `bob@${xmpp.domain}`);
    const bubble = log.locator('.msg--in').filter({ hasText: 'the photo' });
    const link = bubble.getByRole('button', { name: shown });
    await expect(link).toHaveText(shown);
    await expect(bubble.locator('.msg__text')).toHaveAttribute('dir', 'auto');

    await link.click();
    const dialog = page.getByRole('dialog', { name: 'Open this link?' });
    await expect(dialog.getByTestId('link-url')).toHaveText(shown);
    await expect(dialog.getByTestId('link-hidden')).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/link-hidden-control.png` });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
  } finally {
    await bob.stop();
  }
});
