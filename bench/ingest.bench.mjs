// Incoming one-to-one throughput: a flood of messages from bob to alice through a local Prosody,
// received (a) by a bare @xmpp/client that only counts bodies and (b) by our pipeline (our XMPP
// client + ChatService + the SQLite store, every message committed before the next is handled).
// Prints messages per second for ours and ratio = ours / bare (higher is better; goal >= 0.8).
import { mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { client } from '@xmpp/client';
import xml from '@xmpp/xml';
import { importTs } from './bundle.mjs';
import { inProsodyChild } from './prosodyChild.mjs';

const COUNT = Number(process.env.BENCH_INGEST_COUNT ?? 20_000);
const TIMEOUT_MS = 600_000;

const bench = await inProsodyChild('ingest', [
  { user: 'alice', password: 'alice-pw' },
  { user: 'bob', password: 'bob-pw' },
]);

const port = bench.port;
const ca = readFileSync(bench.caPath, 'utf8');
const { createXmppClient } = await importTs('electron/xmpp/client.ts');
const { ChatService } = await importTs('electron/chat/chatService.ts');
const { openStorage } = await importTs('electron/storage/index.ts');

function bareClient(user, resource) {
  const c = client({
    service: `xmpp://127.0.0.1:${port}`,
    domain: 'localhost',
    username: user,
    password: `${user}-pw`,
    resource,
  });
  c.on('error', () => undefined);
  c.reconnect.stop();
  return c;
}

/** Sends COUNT chat messages from bob to `to`; the receiver side decides when it is over. */
async function flood(bob, to, label) {
  for (let i = 0; i < COUNT; i += 1) {
    await bob.send(
      xml(
        'message',
        { type: 'chat', to, id: `${label}-${i}` },
        xml('body', {}, `message ${i} of the ${label} flood`),
        xml('origin-id', { xmlns: 'urn:xmpp:sid:0', id: `${label}-${i}` }),
      ),
    );
  }
}

function deadline(promise, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out`)), TIMEOUT_MS);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/**
 * Turns server-side archiving off for a user (XEP-0313 preferences): Prosody's file-based archive
 * slows down as it grows, which would make the second flood slower than the first for reasons
 * that have nothing to do with the receiver.
 */
async function noArchive(c) {
  await c.iqCaller.request(
    xml('iq', { type: 'set' }, xml('prefs', { xmlns: 'urn:xmpp:mam:2', default: 'never' })),
  );
}

const bob = bareClient('bob', 'flooder');
await bob.start();
await noArchive(bob);

// (a) The baseline: parse and count.
const bare = bareClient('alice', 'bare');
let bareCount = 0;

const bareDone = new Promise((resolve) =>
  bare.on('stanza', (s) => {
    if (s.is('message') && s.getChild('body') && (bareCount += 1) === COUNT) resolve();
  }),
);
await bare.start();
await noArchive(bare);
await bare.send(xml('presence', {}, xml('priority', {}, '-1')));
let t0 = performance.now();
await deadline(Promise.all([flood(bob, bare.jid.toString(), 'bare'), bareDone]), 'bare flood');
const bareMs = performance.now() - t0;
await bare.stop();

// (b) Our pipeline into a real database.
const dbDir = mkdtempSync(path.join(bench.dataDir, 'db-'));
const storage = openStorage(path.join(dbDir, 'hutong.sqlite'));
let ourCount = 0;
let resolveOurs;
const oursDone = new Promise((resolve) => (resolveOurs = resolve));
const chat = new ChatService({
  store: storage.messages,
  emit: (event, payload) => {
    if (event === 'message.upserted' && payload.direction === 'in' && (ourCount += 1) === COUNT) {
      resolveOurs();
    }
  },
});
const ours = createXmppClient({
  jid: { local: 'alice', domain: 'localhost', resource: '' },
  password: 'alice-pw',
  host: '127.0.0.1',
  port,
  tls: 'starttls',
  ca,
  resource: 'ours',
});
const { boundJid } = await ours.start();
// No archive catch-up (it would fetch the first flood): this measures live ingestion only.
const features = { invisible: false, carbons: false, mam: false, streamManagement: true };
chat.attach('alice@localhost', ours, { boundJid, features, resumed: false });
await ours.entity.send(xml('presence', {}, xml('priority', {}, '-1')));
t0 = performance.now();
await deadline(Promise.all([flood(bob, boundJid, 'ours'), oursDone]), 'our flood');
const oursMs = performance.now() - t0;
const stored = storage.messages.conversation('alice@localhost', 'bob@localhost').unread;
await ours.stop();
storage.close();
await bob.stop();
if (stored !== COUNT) throw new Error(`stored ${stored} of ${COUNT} messages`);

const rate = (ms) => Math.round((COUNT * 1000) / ms);
console.log(
  JSON.stringify({
    bench: 'ingest-1to1',
    value: rate(oursMs),
    unit: 'msg/s',
    baseline: rate(bareMs),
    ratio: +(bareMs / oursMs).toFixed(2),
    messages: COUNT,
  }),
);
