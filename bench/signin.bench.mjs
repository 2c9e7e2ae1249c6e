// Sign-in time over STARTTLS to a local Prosody: our XMPP client (guarded parser, our TLS
// verification) against a bare @xmpp/client in the same run (ratio = ours / bare; lower is better).
import { readFileSync } from 'node:fs';
import { client } from '@xmpp/client';
import { importTs } from './bundle.mjs';
import { inProsodyChild } from './prosodyChild.mjs';

const ROUNDS = 11;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const bench = await inProsodyChild('xmpp', [{ user: 'alice', password: 'alice-pw' }]);

const port = bench.port;
const ca = readFileSync(bench.caPath, 'utf8');
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
