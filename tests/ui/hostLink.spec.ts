/**
 * The page and the browser host's token: a page opened with a token the host does not know (one
 * from an earlier launch) says so and how to get back, and does not retry; the real host and the
 * real client (renderer/transport/websocket.ts), in Chromium.
 */
import { expect, test } from './fixtures';

test('a stale token is refused with an explanation, and never retried', async ({
  context,
  hostUrl,
}) => {
  const stale = new URL(hostUrl);
  stale.searchParams.set('token', 'token-of-an-earlier-launch');
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.goto(stale.href);
  await expect(
    page.getByRole('alert').filter({ hasText: 'does not accept this page' }),
  ).toContainText('Open Hutong again from the address it printed (the HUTONG_URL line)');
  // The backoff would have tried again within 250 ms; a refused token is never retried.
  await page.waitForTimeout(1_000);
  expect(sockets).toHaveLength(1);
  expect(errors).toEqual([]);
  await page.close();
});
