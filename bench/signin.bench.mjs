// Sign-in time over STARTTLS to a local Prosody: our XMPP client (guarded parser, our TLS
// verification) against a bare @xmpp/client in the same run (ratio = ours / bare; lower is better).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { client } from '@xmpp/client';
import { startProsody } from '../server/scripts/prosody.mjs';
import { importTs } from './bundle.mjs';

const ROUNDS = 11;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The bare client can only be given the CA through NODE_EXTRA_CA_CERTS, read at process start.
if (!process.env.HUTONG_BENCH_CHILD) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hutong-bench-xmpp-'));
  const server = await startProsody({
    dataDir,
    users: [{ user: 'alice', password: 'alice-pw' }],
  });
  const { spawnSync } = await import('node:child_process');
  const run = spawnSync(process.execPath, [process.argv[1]], {
    stdio: 'inherit',
    env: {
      ...process.env,
      HUTONG_BENCH_CHILD: '1',
      HUTONG_LOG: 'warn',
      NODE_EXTRA_CA_CERTS: server.caPath,
      BENCH_PORT: String(server.c2sPort),
      BENCH_CA: server.caPath,
    },
  });
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(run.status ?? 1);
}

const port = Number(process.env.BENCH_PORT);
const ca = readFileSync(process.env.BENCH_CA, 'utf8');
const { createXmppClient } = await importTs('electron/xmpp/client.ts');
const { parseAccountJid } = await importTs('shared/jid.ts');

async function ours() {
  const c = createXmppClient({
    jid: parseAccountJid('alice@localhost'),
    password: 'alice-pw',
    host: '127.0.0.1',
    port,
    tls: 'starttls',
    ca,
  });
  const t0 = performance.now();
  await c.start();
  const ms = performance.now() - t0;
  await c.stop();
  return ms;
}

async function bare() {
  const c = client({
    service: `xmpp://127.0.0.1:${port}`,
    domain: 'localhost',
    username: 'alice',
    password: 'alice-pw',
  });
  c.on('error', () => undefined);
  c.reconnect.stop();
  const t0 = performance.now();
  await c.start();
  const ms = performance.now() - t0;
  await c.stop();
  return ms;
}

const a = [];
const b = [];
await ours(); // warm-up: module loading and TLS session caches are not what we measure
await bare();
for (let i = 0; i < ROUNDS; i += 1) {
  a.push(await ours());
  b.push(await bare());
}
const m = median(a);
console.log(
  JSON.stringify({
    bench: 'signin-starttls',
    value: Math.round(m),
    unit: 'ms',
    baseline: Math.round(median(b)),
    ratio: +(m / median(b)).toFixed(2),
  }),
);
