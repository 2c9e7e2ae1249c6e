// The browser host against a WebSocket client that floods requests and never reads (its socket
// paused, as a frozen or hostile page): the host stops reading it instead of answering without
// end, so its send buffer and requests in flight stay bounded, a normal page is still served, and
// once the flooder reads again it gets every answer.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HIGH_WATER_BYTES, MAX_IN_FLIGHT } from '../../../electron/host/clientFlow';
import { startHostServer, type HostServer } from '../../../electron/host/hostServer';
import type { Dispatch } from '../../../electron/ipc/dispatch';
import type { EventMessage } from '../../../shared/contract';
import { ok } from '../../../shared/errors';
import { until } from '../accountsHelpers';

let tmp: string;
let host: HostServer;
const sockets: WebSocket[] = [];

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hutong-flood-'));
  writeFileSync(path.join(tmp, 'index.html'), '<!doctype html>');
});

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await host.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function start(dispatch: Dispatch, maxBufferedBytes?: number) {
  host = await startHostServer({
    staticDir: tmp,
    port: 0,
    dispatch,
    ...(maxBufferedBytes ? { maxBufferedBytes } : {}),
  });
}

async function open(): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, {
    origin: `http://127.0.0.1:${host.port}`,
  });
  sockets.push(ws);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return ws;
}

const request = (id: number, name = 'app.info') =>
  JSON.stringify({ id, request: name, params: {} });

function answers(ws: WebSocket): Set<number> {
  const ids = new Set<number>();
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as { id?: number };
    if (typeof frame.id === 'number') ids.add(frame.id);
  });
  return ids;
}

async function call(ws: WebSocket, id: number): Promise<void> {
  const seen = answers(ws);
  ws.send(request(id));
  await until(() => (seen.has(id) ? true : undefined), `answer ${id}`);
}

const peakBuffered = () => Math.max(0, ...host.clients().map((c) => c.bufferedAmount));

describe('a client that stops reading', () => {
  it('is no longer read while its answers wait, and gets them all once it reads', async () => {
    const answer = 'x'.repeat(4096);
    let dispatched = 0;
    let peak = 0;
    await start(async () => {
      dispatched += 1;
      peak = Math.max(peak, peakBuffered());
      return ok(answer);
    });
    const flooder = await open();
    let closedByHost = false;
    flooder.on('close', () => (closedByHost = true));
    // Stops reading its TCP socket, as a frozen page does (ws never resumes it on its own).
    flooder.pause();
    const COUNT = 20_000; // 80 MB of answers if the host answered them all
    for (let id = 1; id <= COUNT; id += 1) flooder.send(request(id));

    await until(
      () =>
        host.clients().some((c) => c.paused) || closedByHost || dispatched === COUNT || undefined,
      'the host to pause the flooder (or to give up on it)',
    );
    const normal = await open();
    await call(normal, 1);
    expect(closedByHost).toBe(false);
    expect(dispatched).toBeLessThan(COUNT / 4);
    // Requests already running when the mark is passed still answer: at most MAX_IN_FLIGHT more.
    const bound = HIGH_WATER_BYTES + (MAX_IN_FLIGHT + 1) * (answer.length + 64);
    expect(peak).toBeLessThanOrEqual(bound);
    expect(peakBuffered()).toBeLessThanOrEqual(bound);

    const received = answers(flooder);
    flooder.resume();
    await until(() => (received.size === COUNT ? true : undefined), 'every answer', 30_000);
    expect(dispatched).toBe(COUNT + 1); // and the normal page's one
  });

  it('never has more than MAX_IN_FLIGHT of one client’s requests running', async () => {
    let running = 0;
    let most = 0;
    let release: (() => void) | undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    await start(async () => {
      running += 1;
      most = Math.max(most, running);
      await released;
      running -= 1;
      return ok(null);
    });
    const client = await open();
    const seen = answers(client);
    const COUNT = 1_000;
    for (let id = 1; id <= COUNT; id += 1) client.send(request(id));
    await until(() => (host.clients()[0]?.paused ? true : undefined), 'the cap to be reached');
    const other = await open();
    const otherSeen = answers(other);
    other.send(request(1));
    await until(
      () => (running >= MAX_IN_FLIGHT + 1 ? true : undefined),
      'the other page’s request',
    );
    expect(most).toBe(MAX_IN_FLIGHT + 1);
    release!();
    await until(
      () => (seen.size === COUNT && otherSeen.size === 1 ? true : undefined),
      'all answers',
    );
    expect(most).toBe(MAX_IN_FLIGHT + 1);
  });

  it('is dropped when events pile up for it, while a reading page keeps getting them', async () => {
    const bound = 2 * 1024 * 1024;
    await start(async () => ok(null), bound);
    const slow = await open();
    slow.pause();
    const reader = await open();
    let events = 0;
    reader.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as { events?: unknown[] };
      events += frame.events?.length ?? 0;
    });
    const body = 'y'.repeat(10_000);
    let peak = 0;
    let sent = 0;
    // The paused client cannot see its own close: the host's list of clients tells.
    const dropped = () => host.clients().length < 2;
    while (!dropped() && sent < 5_000) {
      for (let i = 0; i < 50; i += 1) {
        host.broadcast({ event: 'app.notice', payload: { body } } as unknown as EventMessage);
      }
      sent += 50;
      await new Promise<void>((resolve) => setImmediate(resolve));
      peak = Math.max(peak, peakBuffered());
    }
    expect(dropped()).toBe(true);
    expect(peak).toBeLessThanOrEqual(bound + 50 * (body.length + 100));
    await until(() => (events === sent ? true : undefined), 'every event at the reading page');
  });
});
