/**
 * A flood into an open conversation, through the browser host and a real Prosody: a contact sends
 * 1,500 messages as fast as his socket takes them. While the reader is at the bottom, the list follows
 * every batch to the last message; once she has scrolled up, the view stays where she put it and
 * a "new messages" button counts what arrived and brings her back to the newest.
 */
import { xml } from '@xmpp/client';
import type { Locator } from '@playwright/test';
import { openChat, peerDevice, signInAs, type Peer } from './chatHelpers';
import { FLOOD_PAIRS } from './floodUsers';
import { expect, SCREENSHOTS, test } from './fixtures';

const FLOOD = 1500;

/** Bodies of varied length, so that rows wrap to one, two or three lines as in real chat. */
function floodBody(i: number): string {
  if (i === FLOOD) return `flood ${i}: the last one`;
  if (i % 7 === 0) return `flood ${i}: ${'a longer line that wraps in the bubble '.repeat(3)}`;
  if (i % 3 === 0) return `flood ${i}: 好的，明天见`;
  return `flood ${i}`;
}

/** Sends the messages without waiting for each other: the socket is the only pace. */
async function flood(bob: Peer, to: string, first = 1, last = FLOOD): Promise<void> {
  const sends: Promise<void>[] = [];
  for (let i = first; i <= last; i += 1) {
    sends.push(
      bob.entity.send(
        xml('message', { to, type: 'chat', id: `flood-${i}` }, xml('body', {}, floodBody(i))),
      ),
    );
  }
  await Promise.all(sends);
}

/** The text of the first message wholly in view. */
const firstInView = (log: Locator) =>
  log.evaluate((el) => {
    const top = el.getBoundingClientRect().top;
    const texts = [...el.querySelectorAll('.msg__text')];
    const first = texts
      .filter((t) => t.getBoundingClientRect().top >= top)
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0];
    return first?.textContent ?? '';
  });

/** The page's frame clock (this file is type-checked without the DOM library). */
type Frames = { requestAnimationFrame(callback: () => void): number };

/** When (epoch ms) a frame first shows the message with this text wholly in the list's view. */
const lastPainted = (log: Locator, text: string) =>
  log.evaluate(
    (el, wanted) =>
      new Promise<number>((resolve) => {
        const nextFrame = (globalThis as unknown as Frames).requestAnimationFrame;
        const check = () => {
          const view = el.getBoundingClientRect();
          const hit = [...el.querySelectorAll('.msg__text')].find((t) => t.textContent === wanted);
          const box = hit?.getBoundingClientRect();
          if (box && box.top >= view.top && box.bottom <= view.bottom) {
            resolve(performance.timeOrigin + performance.now());
          } else nextFrame(check);
        };
        nextFrame(check);
      }),
    text,
  );

/** The largest distance from the end over the next `frames` frames (the list must hold still). */
const farthestFromEnd = (log: Locator, frames: number) =>
  log.evaluate(
    (el, count) =>
      new Promise<number>((resolve) => {
        const nextFrame = (globalThis as unknown as Frames).requestAnimationFrame;
        let farthest = 0;
        let left = count;
        const sample = () => {
          farthest = Math.max(farthest, el.scrollHeight - el.scrollTop - el.clientHeight);
          if ((left -= 1) > 0) nextFrame(sample);
          else resolve(farthest);
        };
        nextFrame(sample);
      }),
    frames,
  );

/** How far the list is from its end, in px (0 at the very end). */
const distanceFromEnd = (log: Locator) =>
  log.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);

test.describe('a flood into an open conversation', () => {
  test('at the bottom, the list follows a flood of 1,500 to the last message', async ({
    page,
    xmpp,
  }) => {
    const [reader, flooder] = FLOOD_PAIRS[0]!;
    await signInAs(page, xmpp, reader, flooder);
    const bob = await peerDevice(xmpp, flooder);
    try {
      await bob.say(`${reader}@${xmpp.domain}`, 'A flood is coming');
      const log = await openChat(page, `${flooder}@${xmpp.domain}`);
      await expect(log.getByText('A flood is coming')).toBeVisible();
      const painted = lastPainted(log, floodBody(FLOOD));
      const start = Date.now();
      await flood(bob, `${reader}@${xmpp.domain}`);
      const last = log.getByText(floodBody(FLOOD), { exact: true });
      await expect(last).toBeInViewport({ ratio: 1, timeout: 30_000 });
      const rate = Math.round((FLOOD * 1000) / ((await painted) - start));
      console.log(`flood of ${FLOOD}: ${rate} messages/s from first sent to last painted`);
      // It stays there: no late measurement or scroll event leaves the list short of its end.
      await expect.poll(() => distanceFromEnd(log)).toBeLessThanOrEqual(1);
      expect(await farthestFromEnd(log, 30)).toBeLessThanOrEqual(1);
      await expect(last).toBeInViewport({ ratio: 1 });
      await expect(log.getByRole('button', { name: /new message/i })).toHaveCount(0);
      await page.screenshot({ path: `${SCREENSHOTS}/flood-followed.png` });
    } finally {
      await bob.stop();
    }
  });

  test('scrolled up, the view stays and "new messages" brings the newest back', async ({
    page,
    xmpp,
  }) => {
    const [reader, flooder] = FLOOD_PAIRS[1]!;
    await signInAs(page, xmpp, reader, flooder);
    const bob = await peerDevice(xmpp, flooder);
    try {
      const alice = `${reader}@${xmpp.domain}`;
      const log = await openChat(page, `${flooder}@${xmpp.domain}`);
      await flood(bob, alice, 1, 200);
      await expect(log.getByText(floodBody(200), { exact: true })).toBeInViewport();

      // The user scrolls up with the wheel, as a user does.
      await log.hover();
      await page.mouse.wheel(0, -1500);
      await expect.poll(() => distanceFromEnd(log)).toBeGreaterThan(1000);
      const anchorText = await firstInView(log);
      const anchor = log.getByText(anchorText, { exact: true });
      const before = await anchor.boundingBox();

      await flood(bob, alice, 201, 600);
      const button = page.getByRole('button', { name: /new messages/i });
      await expect(button).toBeVisible();
      await expect(button).toHaveAccessibleName(/^400 new messages/);
      // What the user was reading has not moved.
      expect(Math.abs((await anchor.boundingBox())!.y - before!.y)).toBeLessThanOrEqual(1);
      await expect(log.getByText(floodBody(600), { exact: true })).not.toBeInViewport();
      await page.screenshot({ path: `${SCREENSHOTS}/flood-new-messages.png` });
      await page.getByLabel('Theme').selectOption('dark');
      await page.getByLabel('Language').selectOption('zh-CN');
      await expect(page.getByRole('button', { name: '400 条新消息' })).toBeVisible();
      await page.screenshot({ path: `${SCREENSHOTS}/flood-new-messages-dark-zh-CN.png` });
      await page.getByLabel('主题').selectOption('system');
      await page.getByLabel('语言').selectOption('en');

      // Keyboard: the button is reachable and Enter works like a click.
      await button.focus();
      await page.keyboard.press('Enter');
      await expect(log.getByText(floodBody(600), { exact: true })).toBeInViewport({ ratio: 1 });
      await expect.poll(() => distanceFromEnd(log)).toBeLessThanOrEqual(1);
      await expect(button).toBeHidden();

      // Back at the end, the list follows again.
      await flood(bob, alice, 601, 700);
      await expect(log.getByText(floodBody(700), { exact: true })).toBeInViewport({ ratio: 1 });
    } finally {
      await bob.stop();
    }
  });

  test('our own message scrolls into view even when scrolled up', async ({ page, xmpp }) => {
    const [reader, flooder] = FLOOD_PAIRS[2]!;
    await signInAs(page, xmpp, reader, flooder);
    const bob = await peerDevice(xmpp, flooder);
    try {
      const log = await openChat(page, `${flooder}@${xmpp.domain}`);
      await flood(bob, `${reader}@${xmpp.domain}`, 1, 120);
      await expect(log.getByText(floodBody(120), { exact: true })).toBeInViewport();
      await log.hover();
      await page.mouse.wheel(0, -2000);
      await expect.poll(() => distanceFromEnd(log)).toBeGreaterThan(1000);
      const box = page.getByRole('textbox', { name: `Message to ${flooder}@${xmpp.domain}` });
      await box.fill('Slow down, Bob!');
      await box.press('Enter');
      await expect(log.getByText('Slow down, Bob!')).toBeInViewport({ ratio: 1 });
      await expect.poll(() => distanceFromEnd(log)).toBeLessThanOrEqual(1);
    } finally {
      await bob.stop();
    }
  });
});
