// `npm start` and `npm run host` do not stop when the demo server's fixed port is taken by another
// program (another checkout's dev server, an old one): the demo server runs on free ports, says
// so, and is found there again.
import net from 'node:net';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

process.env.HUTONG_DEV_SERVER_DIR = mkdtempSync(path.join(os.tmpdir(), 'hutong-devserver-'));
const { devServerStatus, ensureDevServer, stopDevServer } =
  await import('../../server/scripts/server.mjs');
const { canConnect } = await import('../../server/scripts/processes.mjs');

/** Holds 127.0.0.1:port like another program would (or finds it held already). */
function hold(port: number): Promise<net.Server | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer((socket) => socket.destroy());
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const blockers: (net.Server | undefined)[] = [];
afterAll(async () => {
  await stopDevServer();
  for (const b of blockers) b?.close();
});

describe('the demo server', () => {
  it('runs on free ports when its own are taken, and is found there again', async () => {
    blockers.push(await hold(5252), await hold(5253));
    const started = await ensureDevServer();
    expect(started.started).toBe(true);
    expect(started.c2sPort).not.toBe(5252);
    expect(started.directTlsPort).not.toBe(5253);
    expect(await canConnect(started.c2sPort)).toBe(true);

    const status = await devServerStatus();
    expect(status?.c2sPort).toBe(started.c2sPort);
    const again = await ensureDevServer();
    expect(again).toMatchObject({ started: false, c2sPort: started.c2sPort });
  }, 60_000);
});
