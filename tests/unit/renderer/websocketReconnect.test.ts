/**
 * The renderer's WebSocket client (renderer/transport/websocket.ts) against a real `ws` server in
 * this process (`ws` plays the browser's WebSocket; ./wsHarness.ts): requests are answered; when
 * the server goes away the link reports it and requests in flight fail with 'transport-closed'
 * instead of hanging; the client comes back with growing delays once the server does, and requests
 * work again. A refused token and requests while the link is down: ./websocketLinkDown.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { client, delays, startServer, until, useWsHarness, APP_INFO, rosterOf } from './wsHarness';

useWsHarness();

describe('WebSocket client', () => {
  it('answers requests, including those made before the socket opened', async () => {
    const server = await startServer();
    const { api, statuses } = client(server.port);
    const early = api.request('app.info', {});
    expect(statuses).toEqual(['connecting']);
    expect(await early).toEqual({ ok: true, value: APP_INFO });
    expect(statuses).toEqual(['connecting', 'open']);
    const results = await Promise.all([
      api.request('roster.get', { accountId: 'a@x' }),
      api.request('roster.get', { accountId: 'b@x' }),
    ]);
    expect(results).toEqual([
      { ok: true, value: rosterOf('a@x') },
      { ok: true, value: rosterOf('b@x') },
    ]);
  });

  it('fails requests in flight with transport-closed when the server goes, and reports it', async () => {
    const server = await startServer();
    const { api, statuses } = client(server.port);
    await until(() => statuses.at(-1) === 'open');
    server.answering = false;
    const inFlight = api.request('app.info', {});
    await until(() => server.received.length === 1);
    await server.close();
    const result = await inFlight;
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('transport-closed');
    expect(statuses).toContain('closed');
  });

  it('reconnects with growing delays once the server is back, and requests work again', async () => {
    const first = await startServer();
    const port = first.port;
    const { api, statuses } = client(port);
    await until(() => statuses.at(-1) === 'open');
    await first.close();
    await until(() => delays.length >= 3);
    // Nobody there: each failed attempt waits longer than the one before.
    expect(delays.slice(0, 3)).toEqual([250, 500, 1000]);
    expect(statuses.slice(0, 4)).toEqual(['connecting', 'open', 'closed', 'connecting']);
    // A request made while the link is down fails, at once or with the attempt under way
    // (websocketLinkDown.test.ts)...
    const down = await api.request('app.info', {});
    expect(!down.ok && down.error.code).toBe('transport-closed');
    // ...and once the server is back, requests work again.
    const second = await startServer(port);
    await until(() => statuses.at(-1) === 'open');
    expect(second.received).toEqual([]);
    expect(await api.request('roster.get', { accountId: 'a@x' })).toEqual({
      ok: true,
      value: rosterOf('a@x'),
    });
    // A connection that opened starts the backoff again from its shortest delay.
    const before = delays.length;
    await second.close();
    await until(() => delays.length > before);
    expect(delays[before]).toBe(250);
  });
});
