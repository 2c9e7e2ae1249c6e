// Group chats against ejabberd 23.01 (mod_muc with archives, PEP bookmarks): entering and
// creating a room, talking both ways, the room's archive caught up without duplicates after being
// away, and the bookmark entering the room again after a restart. dan and erin belong here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../accountsHelpers';
import { bare, openApp, server, stored, token, type App } from './app';

const DAN = bare('dan');
const ERIN = bare('erin');
const room = `${token('interop').toLowerCase()}@conference.${server.domain}`;

let dan: App;
let erin: App;

beforeAll(async () => {
  dan = openApp();
  erin = openApp();
  const signedIn = await dan.signIn('dan');
  expect(signedIn).toMatchObject({ ok: true });
  expect((await erin.signIn('erin')).ok).toBe(true);
});

afterAll(async () => {
  await dan.close();
  await erin.close();
});

describe('ejabberd 23.01 group chats', () => {
  it('creates and enters a room, and talks both ways', async () => {
    const created = await dan.rooms.join({ accountId: DAN, room, nick: 'Dan' });
    expect(created).toMatchObject({ ok: true, value: { status: 'joined', affiliation: 'owner' } });
    // Learnt once the new room exists: it archives, so its stanza-ids are believed.
    await dan.event('room.changed', (r) => r.room === room && r.archived, 'the room archives');
    const entered = await erin.rooms.join({ accountId: ERIN, room, nick: 'Erin' });
    expect(entered).toMatchObject({ ok: true, value: { status: 'joined' } });
    await until(() => {
      const list = dan.rooms.occupants({ accountId: DAN, room });
      return list.ok && list.value.some((o) => o.nick === 'Erin') ? true : undefined;
    }, 'Erin in the room');

    const hello = token('hello');
    expect(dan.chat.send({ accountId: DAN, kind: 'room', peer: room, body: hello }).ok).toBe(true);
    const got = await erin.message((m) => m.body === hello, 'the room message');
    expect(got).toMatchObject({ kind: 'room', sender: { nick: 'Dan' }, direction: 'in' });
    await dan.message((m) => m.body === hello && m.state === 'delivered', 'our echo');
    const back = token('back');
    erin.chat.send({ accountId: ERIN, kind: 'room', peer: room, body: back });
    await dan.message((m) => m.body === back && m.sender?.nick === 'Erin', 'the answer');
  });

  it('catches up with the room archive after a restart, each message once', async () => {
    await erin.restart();
    // While Erin's app starts again, Dan talks on.
    const missed = [token('missed-1'), token('missed-2')];
    for (const body of missed) dan.chat.send({ accountId: DAN, kind: 'room', peer: room, body });
    await erin.event(
      'room.changed',
      (r) => r.room === room && r.status === 'joined',
      'the room entered again',
    );
    for (const body of missed) await erin.message((m) => m.body === body, body);
    await erin.chat.whenCaughtUp(ERIN);
    const bodies = stored(erin, ERIN, room).map((m) => m.body);
    for (const body of missed) expect(bodies.filter((b) => b === body)).toHaveLength(1);
    expect(new Set(bodies).size).toBe(bodies.length);
  });

  it('enters the room on a new device from the bookmark', async () => {
    const laptop = openApp();
    try {
      expect((await laptop.signIn('dan')).ok).toBe(true);
      const entered = await laptop.event(
        'room.changed',
        (r) => r.room === room && r.status === 'joined',
        'the bookmarked room',
      );
      expect(entered.nick).toBe('Dan');
    } finally {
      await laptop.close();
    }
  });
});
