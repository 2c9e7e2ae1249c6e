/**
 * A private conversation from the UI with a contact whose client is libotr 4.1 (the reference
 * implementation, as in Pidgin): Lily starts it from the lock, both talk privately, she verifies
 * Leo with a question and shared secret that libotr answers, and sees every state on the way:
 * not private, starting, private, verified, ended by the other side (typing then waits).
 */
import { join } from 'node:path';
import type { Element } from '@xmpp/xml';
import { xml } from '@xmpp/client';
import { LibotrPeer, buildPeer, hex, unhex, type PeerLine } from '../integration/otr/libotrPeer';
import { openChat, peerDevice, signInAs } from './chatHelpers';
import { expect, SCREENSHOTS, test } from './fixtures';

test('a private conversation with libotr: started, used, verified by SMP and ended', async ({
  page,
  xmpp,
}) => {
  test.setTimeout(90_000);
  buildPeer();
  const lily = `lily@${xmpp.domain}`;
  const leo = `leo@${xmpp.domain}`;
  await signInAs(page, xmpp, 'lily', 'leo');

  // Leo's device: a plain XMPP client handing every body to libotr and sending what it says.
  const device = await peerDevice(xmpp, 'leo');
  const libotr = await LibotrPeer.start();
  const said: PeerLine[] = [];
  let chain = Promise.resolve();
  const relay = (lines: PeerLine[]) =>
    Promise.all(
      lines.map((l) => {
        said.push(l);
        if (l.tag !== 'OUT') return undefined;
        return device.entity.send(
          xml('message', { to: lily, type: 'chat' }, xml('body', {}, unhex(l.args[0]!))),
        );
      }),
    ).then(() => undefined);
  const command = (line: string) => {
    chain = chain.then(() => libotr.command(line)).then(relay);
    return chain;
  };
  device.entity.on('stanza', (s: Element) => {
    const body = s.is('message') ? s.getChildText('body') : null;
    if (body) void command(`RECV ${hex(body)}`);
  });
  const shownToLeo = () => said.filter((l) => l.tag === 'SHOW').map((l) => unhex(l.args[0]!));

  try {
    const log = await openChat(page, leo);
    const lock = (state: string) =>
      page.getByRole('button', { name: `Private conversation with ${leo}: ${state}` });
    await expect(lock('Not private')).toBeVisible();
    await lock('Not private').click();
    await page.getByRole('menuitem', { name: 'Start private conversation' }).click();
    await expect(lock('Private conversation')).toBeVisible({ timeout: 30_000 });
    await expect
      .poll(() => said.find((l) => l.tag === 'SECURE')?.args[0])
      .toMatch(/^[0-9a-f]{40}$/);

    // Both ways, privately.
    const composer = page.getByRole('textbox', { name: `Message to ${leo}` });
    await composer.fill('你好 libotr, only you can read this');
    await composer.press('Enter');
    await expect.poll(shownToLeo).toContain('你好 libotr, only you can read this');
    await command(`SEND ${hex('hello from Pidgin’s library')}`);
    const fromLeo = log.locator('.msg').filter({ hasText: 'hello from Pidgin’s library' });
    await expect(fromLeo.getByRole('img', { name: 'Sent privately (OTR)' })).toBeVisible();

    // Verify Leo with a question and a shared secret; libotr is asked and answers.
    await lock('Private conversation').click();
    await page.getByRole('menuitem', { name: `Verify ${leo}…` }).click();
    const verify = page.getByRole('dialog', { name: `Verify ${leo}` });
    await verify.getByLabel(/Question for/).fill('Where did we first meet?');
    await verify.getByLabel('Shared secret', { exact: true }).fill('the tea house');
    await verify.getByRole('button', { name: `Ask ${leo}` }).click();
    await expect(verify.getByRole('status')).toHaveText(`Waiting for ${leo} to answer…`);
    await expect
      .poll(() => said.find((l) => l.tag === 'SMP' && l.args[0] === 'ASK_FOR_ANSWER')?.args[1])
      .toBe(hex('Where did we first meet?'));
    await command(`ANSWER ${hex('the tea house')}`);
    await expect(verify.getByRole('status')).toHaveText(`Verified: ${leo} typed the same secret.`);
    await expect
      .poll(() => said.some((l) => l.tag === 'SMP' && l.args[0] === 'SUCCESS'))
      .toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'otr-libotr-verified.png') });
    await verify.getByRole('button', { name: 'Cancel' }).click();
    await expect(lock('Private conversation, verified')).toBeVisible();

    // Leo ends it: Lily is told, and what she types waits rather than go out in plaintext.
    await command('END');
    await expect(lock('Private conversation ended')).toBeVisible();
    await expect(
      page.getByText(`${leo} ended the private conversation.`, { exact: false }),
    ).toBeVisible();
    const before = device.received.length;
    await composer.fill('are you still there?');
    await composer.press('Enter');
    const held = log.locator('.msg').filter({ hasText: 'are you still there?' });
    await expect(held.getByRole('img', { name: 'Sending' })).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOTS, 'otr-libotr-ended.png') });
    // She ends it too: the held message fails, never sent in plaintext.
    await page.getByRole('button', { name: 'End it' }).click();
    await expect(lock('Not private')).toBeVisible();
    await expect(held.getByRole('img', { name: 'Not sent' })).toBeVisible();
    expect(
      device.received.slice(before).some((s) => s.getChildText('body')?.includes('still there')),
    ).toBe(false);
  } finally {
    libotr.stop();
    await device.stop();
  }
});
