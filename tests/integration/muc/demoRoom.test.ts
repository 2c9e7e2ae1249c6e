// The demo room that `npm start` brings up (server/scripts/demoPeer.mjs), run against the test
// Prosody: the room is public with its name and subject, lists in the service's directory, keeps
// an archive, and answers a mention. wendy runs the peer and xavier visits; nobody else uses them.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { Element } from '@xmpp/xml';
import xml from '@xmpp/xml';
import { afterAll, describe, expect, it } from 'vitest';
import { listedRooms, roomInfo } from '../../../electron/muc/directory';
import { DiscoService } from '../../../electron/disco';
import { until } from '../accountsHelpers';
import { makeClient, server } from '../xmpp/helpers';
import { enter } from './helpers';

const ROOM = `lounge@conference.${server.domain}`;
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
});

describe('the demo room', () => {
  it('is public, named, with a subject, archived, and answers a mention', async () => {
    const peer = spawn(
      process.execPath,
      [
        resolve(import.meta.dirname, '../../../server/scripts/demoPeer.mjs'),
        String(server.c2sPort),
        server.domain,
        'wendy',
        server.users.wendy!,
      ],
      { stdio: 'ignore', env: { ...process.env, NODE_EXTRA_CA_CERTS: server.caPath } },
    );
    children.push(peer);
    const visitor = makeClient('xavier', { resource: 'demo' });
    await visitor.start();
    // A fresh discovery each time: the cache would keep answering "not there yet".
    const discover = () =>
      new DiscoService({
        account: `xavier@${server.domain}`,
        now: Date.now,
        request: (payload, to, timeoutMs) =>
          visitor.iqCaller.request(xml('iq', { type: 'get', to }, payload), timeoutMs),
      });
    let listed;
    for (const end = Date.now() + 15_000; !listed && Date.now() < end;) {
      const rooms = await listedRooms(discover(), `conference.${server.domain}`);
      listed = rooms.find((r) => r.jid === ROOM && r.name !== undefined);
      if (!listed) await new Promise((r) => setTimeout(r, 100));
    }
    expect(listed?.name).toBe('Hutong lounge · 胡同茶馆');
    const disco = discover();
    const info = await roomInfo(disco, ROOM, { fresh: true });
    expect(info).toMatchObject({
      persistent: true,
      archived: true,
      description: expect.stringContaining('demo'),
    });

    const seen: Element[] = [];
    visitor.entity.on('stanza', (s: Element) => seen.push(s));
    await enter(visitor, ROOM, 'Xavier');
    await until(() => seen.find((s) => s.getChildText('subject')), 'the subject', 20_000);
    // Said again every few seconds until Bob answers: a busy test run may still be starting him.
    const hello = () =>
      visitor.entity.send(
        xml('message', { to: ROOM, type: 'groupchat' }, xml('body', {}, 'hello bob')),
      );
    await hello();
    const again = setInterval(() => void hello().catch(() => undefined), 3000);
    const answer = await until(
      () => seen.find((s) => s.getChildText('body')?.startsWith('Hi Xavier')),
      'an answer',
      20_000,
    ).finally(() => clearInterval(again));
    expect(answer.attrs.from).toBe(`${ROOM}/Bob`);
    // A node process starting beside a busy test run can be slow: room for it.
  }, 60_000);
});
