// The browser host over real sockets: its token, Origin and Host checks, static files and the
// contract round trip, with the real services behind it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventMessage } from '../../shared/contract';
import { startHostServer, type HostServer } from '../../electron/host/hostServer';
import { HOST_READY_FRAME, TOKEN_REFUSED_CLOSE_CODE } from '../../shared/hostLink';
import { createDispatch } from '../../electron/ipc/dispatch';
import { createServices, type Services } from '../../electron/services';

let host: HostServer;
let services: Services;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hutong-host-'));
  const staticDir = path.join(tmp, 'static');
  const dataDir = path.join(tmp, 'data');
  await import('node:fs/promises').then((fs) => fs.mkdir(staticDir));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(path.join(tmp, 'secret.txt'), 'secret');
  services = createServices({
    dataDir,
    emit: (event, payload) => host?.broadcast({ event, payload } as EventMessage),
    version: '9.9.9',
    transport: 'browser',
    locale: 'zh-CN',
  });
  host = await startHostServer({ staticDir, port: 0, dispatch: createDispatch(services.handlers) });
});

afterAll(async () => {
  await services.dispose();
  await host.close();
  rmSync(tmp, { recursive: true, force: true });
});

function get(pathname: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: host.port, path: pathname, headers },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
}

function openSocket(query: string, origin = `http://127.0.0.1:${host.port}`) {
  return new WebSocket(`ws://127.0.0.1:${host.port}/ws${query}`, { origin });
}

function upgradeStatus(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => resolve(101));
    ws.on('error', () => undefined);
  });
}

function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.on('close', (code) => resolve(code)));
}

function call(ws: WebSocket, id: number, req: unknown, params: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(data.toString()) as { id?: number; result?: unknown };
      if (msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, request: req, params }));
  });
}

describe('browser host', () => {
  it('listens on loopback and prints a URL carrying the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(43);
  });

  it('serves the renderer with a strict CSP and nothing outside its folder', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await get('/../secret.txt')).status).toBe(404);
    expect((await get('/%2e%2e/secret.txt')).status).toBe(404);
  });

  it('refuses requests for a foreign Host (DNS rebinding)', async () => {
    expect((await get('/', { Host: `evil.example:${host.port}` })).status).toBe(421);
  });

  it('refuses sockets without the token, with a wrong token, or from a foreign Origin', async () => {
    // Our own page with a stale token gets a close code it can read (a browser hides an HTTP
    // status), and nothing it sent is answered.
    for (const query of ['', '?token=wrong']) {
      const ws = openSocket(query);
      ws.on('open', () => ws.send(JSON.stringify({ id: 1, request: 'app.info', params: {} })));
      const answers: unknown[] = [];
      ws.on('message', (data) => answers.push(data));
      expect(await closeCode(ws)).toBe(TOKEN_REFUSED_CLOSE_CODE);
      expect(answers).toEqual([]);
    }
    expect(await upgradeStatus(openSocket(`?token=${host.token}`, 'http://evil.example'))).toBe(
      403,
    );
  });

  it('answers contract requests and coded errors over the socket', async () => {
    const ws = openSocket(`?token=${host.token}`);
    const first = new Promise<string>((resolve) =>
      ws.once('message', (data) => resolve(String(data))),
    );
    expect(await upgradeStatus(ws)).toBe(101);
    // The page counts the link open on this frame, not on the socket's open (shared/hostLink.ts).
    expect(await first).toBe(HOST_READY_FRAME);
    expect(await call(ws, 1, 'app.info', {})).toMatchObject({
      ok: true,
      value: { version: '9.9.9', transport: 'browser', locale: 'zh-CN' },
    });
    expect(await call(ws, 2, 'no.such', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-request' },
    });
    expect(await call(ws, 3, 'account.signIn', { jid: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-params' },
    });
    expect(await call(ws, 4, 'account.signIn', { jid: 'bad jid@', password: 'p' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-jid' },
    });
    ws.close();
  });

  it('closes a socket that sends invalid JSON, and keeps serving others', async () => {
    const bad = openSocket(`?token=${host.token}`);
    await upgradeStatus(bad);
    const code = await new Promise<number>((resolve) => {
      bad.on('close', (c) => resolve(c));
      bad.send('{not json');
    });
    expect(code).toBe(1007);
    const good = openSocket(`?token=${host.token}`);
    await upgradeStatus(good);
    expect(await call(good, 1, 'account.list', {})).toEqual({ ok: true, value: [] });
    good.close();
  });
});
