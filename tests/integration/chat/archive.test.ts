// History that is never lost: offline delivery and archive catch-up without duplicates, carbons
// between two devices of one account, and a receiver killed between receive and commit.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openStorage } from '../../../electron/storage';
import {
  allMessages,
  bare,
  connect,
  device,
  online,
  openStore,
  server,
  token,
  xml,
} from './helpers';

const ALICE = bare('alice');
const BOB = bare('bob');
const here = path.dirname(fileURLToPath(import.meta.url));

const count = (bodies: string[], body: string) => bodies.filter((b) => b === body).length;

describe('archive and carbons', () => {
  it('stores offline messages once even when the archive returns them again', async () => {
    const alice = await device('alice');
    const raw = await connect('alice', token('raw'));
    const ours = [token('offline-1'), token('offline-2')];
    for (const body of ours) {
      const sent = alice.chat.send({ accountId: ALICE, peer: BOB, body });
      if (!sent.ok) throw new Error(sent.error.message);
      await alice.recorder.message((m) => m.id === sent.value.id && m.state === 'sent');
    }
    // One without origin-id: only the stanza-id our server stamps can recognize it again.
    const bare1 = token('offline-no-origin');
    await raw.entity.send(xml('message', { to: BOB, type: 'chat' }, xml('body', {}, bare1)));
    const all = [...ours, bare1];

    // bob comes online: the server delivers the offline messages while the archive catch-up
    // returns them too.
    const { storage } = openStore();
    const first = await device('bob', { storage });
    for (const body of all) await first.recorder.message((m) => m.body === body);
    const stored = allMessages(storage, BOB, ALICE).filter((m) => all.includes(m.body));
    expect(stored.map((m) => m.body).sort()).toEqual([...all].sort());
    expect(stored.every((m) => m.sentAt <= Date.now())).toBe(true);
    first.detach();
    await first.client.stop();

    // A gap left by an earlier catch-up whose start the server does not know (say, the archive
    // was reset) is dropped; the next session stores none of these messages twice.
    const gap = { before: 'no-such-archive-id', notBefore: Date.now() - 24 * 3600 * 1000 };
    storage.messages.setArchiveGap(BOB, BOB, gap);
    const second = await device('bob', { storage });
    await second.chat.whenCaughtUp(BOB);
    expect(storage.messages.archiveGaps(BOB, BOB)).toEqual([]);
    const bodies = allMessages(storage, BOB, ALICE).map((m) => m.body);
    for (const body of all) expect(count(bodies, body)).toBe(1);
    expect(
      second.recorder.events.some(
        (e) => e.event === 'message.upserted' && all.includes(e.payload.body),
      ),
    ).toBe(false);
  });

  it('copies a message sent on one device to the other as outgoing (carbons)', async () => {
    const a1 = await device('alice', { resource: token('r1') });
    const a2 = await device('alice', { resource: token('r2') });
    const bob = await device('bob');
    const body = token('from-r1');
    const sent = a1.chat.send({ accountId: ALICE, peer: BOB, body });
    if (!sent.ok) throw new Error(sent.error.message);
    const copy = await a2.recorder.message((m) => m.body === body);
    expect(copy).toMatchObject({ direction: 'out', peer: BOB, state: 'sent', via: 'carbon' });

    const reply = token('reply');
    bob.chat.send({ accountId: BOB, peer: ALICE, body: reply });
    await a1.recorder.message((m) => m.body === reply);
    await a2.recorder.message((m) => m.body === reply);
    for (const d of [a1, a2]) {
      const bodies = allMessages(d.storage, ALICE, BOB).map((m) => m.body);
      expect([count(bodies, body), count(bodies, reply)]).toEqual([1, 1]);
    }
  });

  it('fills the gap after the app was killed between receive and commit', async () => {
    const { file } = openStore(token('crash'));
    const child = spawn(process.execPath, [path.join(here, 'crashChild.mjs')], {
      env: {
        ...process.env,
        DB: file,
        PORT: String(server.c2sPort),
        CA: server.caPath,
        DOMAIN: server.domain,
        PASSWORD: server.users.alice!,
        HUTONG_LOG: 'warn',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    const ready = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /READY (\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      void exited.then(() => reject(new Error(`child exited early: ${out}`)));
    });
    const bob = await connect('bob', token('sender'));
    await online(bob);
    const bodies = [1, 2, 3, 4, 5].map((n) => token(n === 3 ? `m${n}-KILLME` : `m${n}`));
    for (const body of bodies) {
      await bob.entity.send(xml('message', { to: ready, type: 'chat' }, xml('body', {}, body)));
    }
    expect(await exited).toBe('SIGKILL');

    // Restart on the same database: the archive catch-up brings what never got committed.
    const storage = openStorage(file);
    try {
      const before = allMessages(storage, ALICE, BOB).map((m) => m.body);
      // m3 (and what came after) never got committed; m1 and m2 were, unless they shared the
      // fatal batch with m3.
      expect(bodies.slice(2).map((b) => count(before, b))).toEqual([0, 0, 0]);
      expect(bodies.slice(0, 2).every((b) => count(before, b) <= 1)).toBe(true);
      await device('alice', { storage });
      const after = allMessages(storage, ALICE, BOB).map((m) => m.body);
      expect(bodies.map((b) => count(after, b))).toEqual([1, 1, 1, 1, 1]);
    } finally {
      storage.close();
    }
  });
});
