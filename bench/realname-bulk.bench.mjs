// Issue 9, "Performance": registering 32 existing groups across 8 accounts in one action against
// the local server, from the click to every state shown (goal < 5 s).
//
// Setup (not timed): a Prosody of its own (random ports, temp dir) with the real-name
// registration service beside it (manual approval, pending registrations count), 8 accounts
// signed in with the app's own XMPP client, the main-process side wired as the app wires it
// (RealnameService with its SQLite store and a key-file SecretBox, via
// tests/integration/realname/harness.ts) and a saved registration profile. Each account registers
// once (so that, pending counts, it may create groups), creates 4 persistent rooms (32 groups the
// app knows it owns), and the operator rejects every registration with a reason: all 32 groups
// need registering again, as in tests/ui/realname.spec.ts.
//
// Timed, each run: ONE realname.registerMany over the 8 account+service items (one item per
// account and registration service, covering its 4 groups), from the call to the last
// realname.progress event that puts every item in its final state (done, outcome pending: the
// service holds them for the operator). Before each run the operator rejects the 8 registrations
// again and the groups are listed (realname.groups, as the bulk view does when it opens), so
// every run starts from "rejected". The UI is not part of this figure (see the report).
//
// One JSON line: the median over BENCH_REALNAME_RUNS runs (default 5), every run, and the first
// registration of the 8 accounts (none -> pending, no groups yet) for comparison. The machine
// may be shared: figures are noisy.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startProsody } from '../server/scripts/prosody.mjs';
import { importTs } from './bundle.mjs';
import { POLICY, idNumber, median } from './realnameSetup.mjs';
import { configureRoom, enterRoom } from './roomPeers.mjs';

const RUNS = Number(process.env.BENCH_REALNAME_RUNS ?? 5);
const ACCOUNTS = 8;
const ROOMS_PER_ACCOUNT = 4;
const GOAL_MS = 5000;
const SETTLE_TIMEOUT_MS = 120_000;
const USERS = Array.from({ length: ACCOUNTS }, (_, i) => `owner${i + 1}`);

const { startLayer, attach, ownedRoom } = await importTs('tests/integration/realname/harness.ts');
const { createXmppClient } = await importTs('electron/xmpp/client.ts');
const { parseAccountJid } = await importTs('shared/jid.ts');

const serverDir = mkdtempSync(path.join(tmpdir(), 'hutong-bench-reg-'));
const profileDir = mkdtempSync(path.join(tmpdir(), 'hutong-bench-realname-'));
const clients = [];
let server;
let layer;

try {
  server = await startProsody({
    dataDir: serverDir,
    users: USERS.map((user) => ({ user, password: `${user}-pw` })),
    registration: { policy: POLICY },
  });
  const groupService = `conference.${server.domain}`;
  const jid = (user) => `${user}@${server.domain}`;
  const admin = (args) => {
    const answer = server.registration.admin(args);
    if (answer.code !== 0) throw new Error(`registration admin ${args[0]}: ${answer.out}`);
    return answer.out;
  };
  const ca = readFileSync(server.caPath);

  layer = startLayer(profileDir);
  for (const user of USERS) {
    const client = createXmppClient({
      jid: parseAccountJid(jid(user)),
      password: `${user}-pw`,
      host: server.host,
      port: server.c2sPort,
      tls: 'starttls',
      ca,
      resource: 'bench',
    });
    clients.push(client);
  }
  await Promise.all(clients.map((client) => client.start()));
  clients.forEach((client, i) => attach(layer, jid(USERS[i]), client));

  const saved = await layer.profiles.save({
    name: '赵六',
    idNumber: idNumber('44030519900101123'),
    mobile: '15012345678',
  });
  if (saved.length) throw new Error(`profile refused: ${JSON.stringify(saved)}`);
  const consent = {
    agreed: true,
    registrationServices: [server.registration.jid],
    kinds: ['person-name', 'id-number', 'mobile'],
  };
  const items = USERS.map((user) => ({ accountId: jid(user), service: groupService }));

  /** One registerMany over every account; resolves with ms from the call to all final. */
  async function registerAll() {
    const from = layer.events.length;
    const finalOf = (events) => {
      const latest = new Map();
      for (const e of events.slice(from))
        if (e.event === 'realname.progress') latest.set(e.payload.accountId, e.payload);
      return latest;
    };
    const settled = (events) => {
      const latest = finalOf(events);
      return items.every(({ accountId }) =>
        ['done', 'failed'].includes(latest.get(accountId)?.state),
      );
    };
    let timer;
    const started = performance.now();
    const job = await layer.service.registerMany(items, consent);
    if (!job.ok) throw new Error(`registerMany: ${job.error.code}`);
    await Promise.race([
      layer.until(settled),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('items did not settle')), SETTLE_TIMEOUT_MS);
      }),
    ]).finally(() => clearTimeout(timer));
    const ms = performance.now() - started;
    if (job.value.items.length !== ACCOUNTS) throw new Error(`${job.value.items.length} items`);
    for (const [accountId, item] of finalOf(layer.events))
      if (item.state !== 'done' || item.outcome !== 'pending')
        throw new Error(`${accountId}: ${item.state} ${item.outcome ?? item.error}`);
    return ms;
  }

  /** The operator rejects every pending registration; the groups are listed (the view opens). */
  async function rejectAll() {
    const pending = admin(['list', 'pending'])
      .split('\n')
      .filter((line) => line.includes('\t'));
    if (pending.length !== ACCOUNTS) throw new Error(`${pending.length} pending registrations`);
    for (const line of pending)
      admin(['reject', line.split('\t')[0], 'Name does not match the ID card']);
    const groups = await layer.service.groups();
    if (!groups.ok) throw new Error(`groups: ${groups.error.code}`);
    const rooms = groups.value.reduce((n, g) => n + g.rooms.length, 0);
    if (
      groups.value.length !== ACCOUNTS ||
      rooms !== ACCOUNTS * ROOMS_PER_ACCOUNT ||
      groups.value.some((g) => g.state !== 'rejected')
    )
      throw new Error(`groups: ${JSON.stringify(groups.value.map((g) => [g.accountId, g.state]))}`);
  }

  // Each account registers once (none -> pending), then may create its groups.
  const first = await registerAll();
  await Promise.all(
    clients.map(async (client, i) => {
      for (let r = 1; r <= ROOMS_PER_ACCOUNT; r += 1) {
        const room = `${USERS[i]}-group${r}@${groupService}`;
        await enterRoom(client.entity, room, 'owner');
        await configureRoom(client, room);
        layer.rooms.push(ownedRoom(jid(USERS[i]), room));
      }
    }),
  );

  const runs = [];
  for (let run = 0; run < RUNS; run += 1) {
    await rejectAll();
    runs.push(Math.round(await registerAll()));
  }
  console.log(
    JSON.stringify({
      bench: 'realname-bulk-32',
      value: median(runs),
      unit: 'ms',
      goal: GOAL_MS,
      accounts: ACCOUNTS,
      groups: ACCOUNTS * ROOMS_PER_ACCOUNT,
      runs,
      firstRegistrationMs: Math.round(first),
    }),
  );
} finally {
  await layer?.service.dispose();
  await Promise.allSettled(clients.map((client) => client.stop()));
  layer?.storage.close();
  await server?.stop();
  rmSync(serverDir, { recursive: true, force: true });
  rmSync(profileDir, { recursive: true, force: true });
}
