/**
 * The renderer's WebSocket client when the link is down, through the real client against a real
 * `ws` server (./wsHarness.ts):
 * - a token the host refuses (it closes with TOKEN_REFUSED_CLOSE_CODE, shared/hostLink.ts) gives
 *   the 'refused' state, distinct from an unreachable host: no retry at all, and every request
 *   fails with 'transport-refused';
 * - a host that cannot be reached gives 'closed' with retries, and requests fail promptly with
 *   'transport-closed' instead of hanging: at once between attempts, when the attempt under way
 *   fails, or after the bounded wait when the host accepts connections and never answers.
 */
import { describe, expect, it } from 'vitest';
import { REQUEST_WAIT_MS } from '../../../renderer/transport/websocket';
import { client, delays, startServer, until, useWsHarness, APP_INFO } from './wsHarness';

useWsHarness();

/** A port nobody listens on (a server started and closed again). */
async function deadPort(): Promise<number> {
  const server = await startServer();
  await server.close();
  return server.port;
}

describe('WebSocket client, refused token', () => {
  it('reports "refused", never retries, and fails every request with transport-refused', async () => {
    const server = await startServer();
    const { api, statuses } = client(server.port, 'token-of-an-earlier-launch');
    const early = api.request('app.info', {});
    const result = await early;
    expect(!result.ok && result.error.code).toBe('transport-refused');
    // The socket opened before the host closed it, but the link never counted as open (no ready
    // frame), and nothing was sent on it.
    expect(statuses).toEqual(['connecting', 'refused']);
    // Later requests fail at once, without a socket: the token can never work again.
    const later = await api.request('roster.get', { accountId: 'a@x' });
    expect(!later.ok && later.error.code).toBe('transport-refused');
    // A retry is scheduled in the close handler, before 'refused' is reported: none was.
    expect(delays).toEqual([]);
    expect(server.attempts).toBe(1);
    expect(server.received).toEqual([]);
  });

  it('treats an HTTP 401 on the upgrade (unreadable in a browser) as an unreachable host', async () => {
    const server = await startServer(0, { refusal: 'http-401' });
    const { api, statuses } = client(server.port, 'wrong-token');
    const result = await api.request('app.info', {});
    expect(!result.ok && result.error.code).toBe('transport-closed');
    await until(() => delays.length >= 3);
    expect(delays.slice(0, 3)).toEqual([250, 500, 1000]);
    expect(statuses).not.toContain('refused');
  });
});

describe('WebSocket client, host unreachable', () => {
  it('fails a request waiting for the first attempt when that attempt fails', async () => {
    const { api, statuses } = client(await deadPort());
    const started = Date.now();
    const result = await api.request('app.info', {});
    expect(!result.ok && result.error.code).toBe('transport-closed');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(statuses.slice(0, 2)).toEqual(['connecting', 'closed']);
  });

  it('fails requests at once between attempts, and answers them again once the host is back', async () => {
    const port = await deadPort();
    const { api, statuses } = client(port);
    await until(() => statuses.at(-1) === 'closed');
    const started = Date.now();
    const results = await Promise.all([
      api.request('app.info', {}),
      api.request('roster.get', { accountId: 'a@x' }),
    ]);
    expect(results.map((r) => !r.ok && r.error.code)).toEqual([
      'transport-closed',
      'transport-closed',
    ]);
    expect(Date.now() - started).toBeLessThan(1000);
    const server = await startServer(port);
    await until(() => statuses.at(-1) === 'open');
    expect(await api.request('app.info', {})).toEqual({ ok: true, value: APP_INFO });
    // Nothing that failed was sent later behind the user's back.
    expect(server.received).toEqual(['app.info']);
  });

  it('fails a request after a bounded wait when the host accepts and never answers', async () => {
    expect(REQUEST_WAIT_MS).toBeLessThanOrEqual(10_000);
    const server = await startServer(0, { silent: true });
    const { api, statuses } = client(server.port, undefined, { requestWaitMs: 200 });
    const started = Date.now();
    const result = await api.request('app.info', {});
    expect(!result.ok && result.error.code).toBe('transport-closed');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(statuses).toEqual(['connecting']);
    expect(server.attempts).toBe(1);
  });
});
