// A burst of 10,000 group messages into a room, received by a bare @xmpp/client occupant that
// only counts bodies and by our pipeline (our XMPP client + ChatService + RoomService + the
// SQLite store; each message committed before it is acknowledged), both in the room during the
// same burst. Prints messages per second for ours and ratio = bare time / our time (goal >= 0.8).
// The room does not archive (see roomPeers.mjs), so the burst costs the server the same at
// every size. BENCH_ROOM_INGEST_COUNT=<n> floods fewer messages, to check the script quickly.
import { mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import xml from '@xmpp/xml';
import { importTs } from './bundle.mjs';
import { inProsodyChild } from './prosodyChild.mjs';
import { configureRoom, enterRoom, floodRoom, receiveRoomCount, smEnabled } from './roomPeers.mjs';
import { bareClient, deadline, epochNow, sendPresence } from './xmppPeers.mjs';

const COUNT = Number(process.env.BENCH_ROOM_INGEST_COUNT ?? 10_000);
const TIMEOUT_MS = 600_000;
const ROOM = 'burst@conference.localhost';
const PREFIX = 'burst message';
const bodyOf = (i) => `${PREFIX} ${i} of ${COUNT}, 第${i}条`;

const bench = await inProsodyChild('room-ingest', [
  { user: 'alice', password: 'alice-pw' },
  { user: 'bob', password: 'bob-pw' },
]);
const ca = readFileSync(bench.caPath, 'utf8');
const { createXmppClient } = await importTs('electron/xmpp/client.ts');
const { ChatService } = await importTs('electron/chat/chatService.ts');
const { RoomService } = await importTs('electron/muc/roomService.ts');
const { DiscoService } = await importTs('electron/disco/index.ts');
const { openStorage } = await importTs('electron/storage/index.ts');

const bob = bareClient(bench.port, 'bob', 'flooder');
await bob.start();
await smEnabled(bob);
await sendPresence(bob, -1);
await enterRoom(bob, ROOM, 'Bob');
await configureRoom(bob, ROOM);

const bare = bareClient(bench.port, 'alice', 'bare');
await bare.start();
await smEnabled(bare);
await sendPresence(bare, -1);
await enterRoom(bare, ROOM, 'Bare');

const storage = openStorage(path.join(mkdtempSync(path.join(bench.dataDir, 'db-')), 'h.sqlite'));
let ourCount = 0;
let resolveOurs;
const oursDone = new Promise((resolve) => (resolveOurs = resolve));
const emit = (event, payload) => {
  if (event === 'message.upserted' && payload.kind === 'room' && payload.direction === 'in') {
    if ((ourCount += 1) === COUNT) resolveOurs(epochNow());
  }
};
let rooms;
const chat = new ChatService({
  store: storage.messages,
  emit,
  isRoom: (accountId, jid) => rooms?.isRoom(accountId, jid) ?? false,
});
rooms = new RoomService({ emit, rooms: storage.rooms, messages: storage.messages, chat });
const ours = createXmppClient({
  jid: { local: 'alice', domain: 'localhost', resource: '' },
  password: 'alice-pw',
  host: '127.0.0.1',
  port: bench.port,
  tls: 'starttls',
  ca,
  resource: 'ours',
});
const { boundJid } = await ours.start();
const disco = new DiscoService({
  account: 'alice@localhost',
  now: Date.now,
  request: (payload, to, timeoutMs) =>
    ours.iqCaller.request(xml('iq', { type: 'get', to }, payload), timeoutMs),
});
// No carbons and no archive (so no catch-up): this measures live ingestion only.
const info = {
  boundJid,
  features: { server: [], account: [], streamManagement: true },
  resumed: false,
  disco,
};
chat.attach('alice@localhost', ours, info);
rooms.attach('alice@localhost', ours, info);
await ours.entity.send(xml('presence', {}, xml('priority', {}, '-1')));
const joined = await rooms.join({ accountId: 'alice@localhost', room: ROOM, nick: 'Ours' });
if (!joined.ok) throw new Error(`our client could not enter: ${joined.error.code}`);

const bareDone = receiveRoomCount(bare, COUNT, PREFIX);
const t0 = epochNow();
const [, bareEnd, oursEnd] = await deadline(
  Promise.all([floodRoom(bob, ROOM, COUNT, bodyOf), bareDone, oursDone]),
  TIMEOUT_MS,
  'the room burst',
);
const stored = storage.messages.conversation('alice@localhost', ROOM).unread;
await ours.stop();
storage.close();
await bare.stop();
await bob.stop();
if (stored !== COUNT) throw new Error(`stored ${stored} of ${COUNT} messages`);

const rate = (ms) => Math.round((COUNT * 1000) / ms);
console.log(
  JSON.stringify({
    bench: COUNT === 10_000 ? 'room-ingest-10k' : `room-ingest-${COUNT}`,
    value: rate(oursEnd - t0),
    unit: 'msg/s',
    baseline: rate(bareEnd - t0),
    ratio: +((bareEnd - t0) / (oursEnd - t0)).toFixed(2),
    messages: COUNT,
    measured: 'first sent to last stored, both occupants in the room during the same burst',
  }),
);

// Whatever a stopped client left scheduled must not keep npm run bench waiting after the figures.
process.exit(0);
