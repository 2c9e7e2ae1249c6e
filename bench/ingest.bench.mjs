// Whole-pipeline ingest without the UI: a flood of one-to-one messages from bob to alice through
// a local Prosody, received (a) by a bare @xmpp/client that only counts bodies and (b) by our
// pipeline (our XMPP client + ChatService + the SQLite store; each message committed before it
// is acknowledged). Prints messages per second for ours and ratio = ours / bare (higher is
// better; goal >= 0.9).
// BENCH_INGEST_COUNT=<n> floods fewer messages (default 20,000), to check the script quickly.
import { mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import xml from '@xmpp/xml';
import { importTs } from './bundle.mjs';
import { inProsodyChild } from './prosodyChild.mjs';
import { bareClient, deadline, epochNow, flood, receiveCount, setArchiving } from './xmppPeers.mjs';

const COUNT = Number(process.env.BENCH_INGEST_COUNT ?? 20_000);
const TIMEOUT_MS = 600_000;
const bodyOf = (i) => `message ${i} of the flood`;

const bench = await inProsodyChild('ingest', [
  { user: 'alice', password: 'alice-pw' },
  { user: 'bob', password: 'bob-pw' },
]);

const port = bench.port;
const ca = readFileSync(bench.caPath, 'utf8');
const { createXmppClient } = await importTs('electron/xmpp/client.ts');
const { ChatService } = await importTs('electron/chat/chatService.ts');
const { openStorage } = await importTs('electron/storage/index.ts');

const bob = bareClient(port, 'bob', 'flooder');
await bob.start();
await setArchiving(bob, false);

// (a) The baseline: parse and count. Priority -1: only messages to its full JID reach it.
const bare = bareClient(port, 'alice', 'bare');
await bare.start();
await setArchiving(bare, false);
await bare.send(xml('presence', {}, xml('priority', {}, '-1')));
const bareDone = receiveCount(bare, COUNT);
let t0 = epochNow();
const [, bareEnd] = await deadline(
  Promise.all([flood(bob, bare.jid.toString(), COUNT, bodyOf), bareDone]),
  TIMEOUT_MS,
  'bare flood',
);
const bareMs = bareEnd - t0;
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
      resolveOurs(epochNow());
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
// No carbons and no archive feature (so no catch-up): this measures live ingestion only.
const features = { server: [], account: [], streamManagement: true };
chat.attach('alice@localhost', ours, { boundJid, features, resumed: false });
await ours.entity.send(xml('presence', {}, xml('priority', {}, '-1')));
t0 = epochNow();
const [, oursEnd] = await deadline(
  Promise.all([flood(bob, boundJid, COUNT, bodyOf), oursDone]),
  TIMEOUT_MS,
  'our flood',
);
const oursMs = oursEnd - t0;
const stored = storage.messages.conversation('alice@localhost', 'bob@localhost').unread;
await ours.stop();
storage.close();
await bob.stop();
if (stored !== COUNT) throw new Error(`stored ${stored} of ${COUNT} messages`);

const rate = (ms) => Math.round((COUNT * 1000) / ms);
console.log(
  JSON.stringify({
    bench: 'ingest-pipeline',
    value: rate(oursMs),
    unit: 'msg/s',
    baseline: rate(bareMs),
    ratio: +(bareMs / oursMs).toFixed(2),
    messages: COUNT,
  }),
);
