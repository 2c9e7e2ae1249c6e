// Rooms through the whole main-process stack on the real Prosody: the room service entering
// (creating) a room, occupants and roles, talking through the chat core (our echo confirms the
// outbox row), the subject, refusals, the room's archive caught up without duplicates after
// being away, and bookmarks entering the rooms again on a new device. sam, tina, uma and vic
// belong to this file (globalSetup).
import xml, { type Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import type { EventMessage, RoomSnapshot } from '../../../shared/contract';
import { ChatService } from '../../../electron/chat/chatService';
import { DiscoService } from '../../../electron/disco';
import { answerOwnInfo, ownCaps } from '../../../electron/disco/ownInfo';
import { buildSetAffiliation, buildSetRole } from '../../../electron/muc/admin';
import { readInvitation } from '../../../electron/muc/invitations';
import { buildFetchBookmarks, readBookmarks } from '../../../electron/muc/bookmarks';
import { NS } from '../../../shared/namespaces';
import { configure } from './helpers';
import { RoomService } from '../../../electron/muc/roomService';
import type { Storage } from '../../../electron/storage';
import { until } from '../accountsHelpers';
import {
  FEATURES,
  Recorder,
  allMessages,
  bare,
  connect,
  nextStanza,
  online,
  onCleanup,
  openStore,
  server,
  token,
} from '../chat/helpers';

const service = `conference.${server.domain}`;

interface RoomDevice {
  readonly user: string;
  readonly chat: ChatService;
  readonly rooms: RoomService;
  readonly storage: Storage;
  readonly recorder: Recorder;
  readonly client: Awaited<ReturnType<typeof connect>>;
  /** What attach() was given (to attach again, as after a resumption). */
  readonly info: Parameters<RoomService['attach']>[2];
  detach(): void;
}

/**
 * A signed-in device with the chat and room services attached, as compose.ts wires them. With
 * `caps`, it announces what Hutong does as the app does (its presence's caps, answered on ask),
 * which is how the server learns that it wants bookmark notifications.
 */
async function roomDevice(
  user: string,
  storage = openStore().storage,
  { caps = false, selfPingMs }: { caps?: boolean; selfPingMs?: number } = {},
): Promise<RoomDevice> {
  const client = await connect(user, token('desk'));
  if (caps) {
    client.iqCallee.get(NS.discoInfo, 'query', ({ stanza }) =>
      answerOwnInfo(stanza.getChild('query', NS.discoInfo)),
    );
  }
  const recorder = new Recorder();
  const account = bare(user);
  let rooms: RoomService | undefined;
  const chat = new ChatService({
    store: storage.messages,
    emit: recorder.emit,
    isRoom: (accountId, jid) => rooms?.isRoom(accountId, jid) ?? false,
  });
  rooms = new RoomService({
    emit: recorder.emit,
    rooms: storage.rooms,
    messages: storage.messages,
    chat,
    ...(selfPingMs !== undefined && { selfPingMs }),
  });
  const disco = new DiscoService({
    account,
    now: Date.now,
    request: (payload, to, timeoutMs) =>
      client.iqCaller.request(xml('iq', { type: 'get', to }, payload), timeoutMs),
  });
  const info = {
    boundJid: client.entity.jid!.toString(),
    features: FEATURES,
    resumed: false,
    disco,
  };
  const detachChat = chat.attach(account, client, info);
  const detachRooms = rooms.attach(account, client, info);
  const detach = () => {
    detachRooms();
    detachChat();
  };
  onCleanup(detach);
  await (caps ? client.entity.send(xml('presence', {}, ownCaps())) : online(client));
  return {
    user,
    chat,
    rooms,
    storage,
    recorder,
    client,
    info,
    detach,
  };
}

/** Who is in the room, as a device's room service lists them. */
function nicksIn(device: RoomDevice, room: string): string[] {
  const list = device.rooms.occupants({ accountId: bare(device.user), room });
  return list.ok ? list.value.map((o) => o.nick) : [];
}

/** The network loses the stanzas that match, before anything of ours hears them. */
function lose(client: RoomDevice['client'], test: (stanza: Element) => boolean): void {
  const emit = client.entity.emit.bind(client.entity);
  client.entity.emit = (name: string | symbol, ...args: unknown[]) =>
    name === 'stanza' && test(args[0] as Element) ? false : emit(name, ...args);
}

const newRoom = (label: string) => `${token(label).toLowerCase()}@${service}`;

function roomEvent(recorder: Recorder, test: (room: RoomSnapshot) => boolean, label: string) {
  return recorder
    .waitFor((e) => e.event === 'room.changed' && test(e.payload), label)
    .then((e) => (e as Extract<EventMessage, { event: 'room.changed' }>).payload);
}

describe('the room service', () => {
  it('creates a room, lists occupants with roles, talks, and sets the subject', async () => {
    const sam = await roomDevice('sam');
    const tina = await roomDevice('tina');
    const room = newRoom('plaza');

    const created = await sam.rooms.join({ accountId: bare('sam'), room, nick: 'Sam' });
    expect(created).toMatchObject({
      ok: true,
      value: { status: 'joined', affiliation: 'owner', role: 'moderator' },
    });
    const joined = await tina.rooms.join({ accountId: bare('tina'), room, nick: 'Tina' });
    expect(joined).toMatchObject({ ok: true, value: { status: 'joined', nick: 'Tina' } });

    // Sam sees Tina arrive; Tina got everyone on entering.
    const nicks = (device: RoomDevice) => {
      const list = device.rooms.occupants({ accountId: bare(device.user), room });
      return list.ok ? list.value.map((o) => o.nick) : [];
    };
    await until(() => nicks(sam).includes('Tina') || undefined, 'Tina in the list');
    const seen = tina.rooms.occupants({ accountId: bare('tina'), room });
    expect(seen.ok && seen.value.map((o) => [o.nick, o.affiliation, o.self]).sort()).toEqual([
      ['Sam', 'owner', false],
      ['Tina', 'none', true],
    ]);

    const text = token('hello room');
    const sent = tina.chat.send({ accountId: bare('tina'), kind: 'room', peer: room, body: text });
    expect(sent.ok).toBe(true);
    const received = await sam.recorder.message((m) => m.body === text);
    expect(received).toMatchObject({
      kind: 'room',
      peer: room,
      direction: 'in',
      sender: { nick: 'Tina', jid: `${room}/Tina` },
    });
    // The room's copy of Tina's own message confirms it: delivered, not stored twice.
    await tina.recorder.message((m) => m.body === text && m.state === 'delivered');
    expect(
      allMessages(tina.storage, bare('tina'), room).filter((m) => m.body === text),
    ).toHaveLength(1);

    const subject = token('Topic');
    expect(
      await sam.rooms.moderation.setSubject({ accountId: bare('sam'), room }, subject),
    ).toEqual({
      ok: true,
      value: null,
    });
    const changed = await roomEvent(tina.recorder, (r) => r.subject === subject, 'subject');
    expect(changed.subjectBy).toBe('Sam');
  });

  it('says why a room refused: a nickname in use, a banned user', async () => {
    const uma = await roomDevice('uma');
    const vic = await roomDevice('vic');
    const room = newRoom('refusals');
    expect((await uma.rooms.join({ accountId: bare('uma'), room, nick: 'Uma' })).ok).toBe(true);

    const conflict = await vic.rooms.join({ accountId: bare('vic'), room, nick: 'Uma' });
    expect(conflict).toMatchObject({
      ok: false,
      error: { code: 'room-refused', condition: 'nickname-conflict' },
    });
    const ban = await uma.rooms.moderation.setAffiliation(
      { accountId: bare('uma'), room },
      bare('vic'),
      'outcast',
    );
    expect(ban.ok).toBe(true);
    const banned = await vic.rooms.join({ accountId: bare('vic'), room, nick: 'Vic' });
    expect(banned).toMatchObject({ ok: false, error: { condition: 'banned' } });
    const outcasts = await uma.rooms.moderation.affiliations(
      { accountId: bare('uma'), room },
      'outcast',
    );
    expect(outcasts.ok && outcasts.value.map((e) => e.jid)).toEqual([bare('vic')]);
  });

  it('is told when kicked, and does not enter that room again by itself', async () => {
    const uma = await roomDevice('uma');
    const vic = await roomDevice('vic');
    const room = newRoom('kick');
    await uma.rooms.join({ accountId: bare('uma'), room, nick: 'Boss' });
    await vic.rooms.join({ accountId: bare('vic'), room, nick: 'Guest' });
    const kicked = await uma.rooms.moderation.setRole(
      { accountId: bare('uma'), room },
      'Guest',
      'none',
      'Enough',
    );
    expect(kicked.ok).toBe(true);
    const out = await roomEvent(
      vic.recorder,
      (r) => r.room === room && r.status === 'failed',
      'kicked',
    );
    expect(out).toMatchObject({ refusal: 'kicked', autojoin: false });
    expect(vic.storage.rooms.list(bare('vic')).find((r) => r.room === room)).toMatchObject({
      autojoin: false,
    });
  });

  it('catches up with the room archive after being away, without duplicates', async () => {
    const sam = await roomDevice('sam');
    const store = openStore().storage;
    let tina = await roomDevice('tina', store);
    const room = newRoom('archive');
    await sam.rooms.join({ accountId: bare('sam'), room, nick: 'Sam' });
    await tina.rooms.join({ accountId: bare('tina'), room, nick: 'Tina' });
    const before = token('before');
    sam.chat.send({ accountId: bare('sam'), kind: 'room', peer: room, body: before });
    await tina.recorder.message((m) => m.body === before);

    tina.detach();
    await tina.client.stop();
    const missed = [token('missed-1'), token('missed-2'), token('missed-3')];
    for (const body of missed)
      sam.chat.send({ accountId: bare('sam'), kind: 'room', peer: room, body });
    for (const body of missed)
      await sam.recorder.message((m) => m.body === body && m.state === 'delivered');

    // Back on the same store: the room is entered again from the rooms table, then its archive.
    tina = await roomDevice('tina', store);
    await roomEvent(
      tina.recorder,
      (r) => r.room === room && r.status === 'joined',
      'entered again',
    );
    for (const body of missed) await tina.recorder.message((m) => m.body === body, 20_000);
    await tina.chat.whenCaughtUp(bare('tina'));
    await until(() => {
      const bodies = allMessages(store, bare('tina'), room).map((m) => m.body);
      return missed.every((b) => bodies.includes(b)) ? bodies : undefined;
    }, 'the missed messages');
    const bodies = allMessages(store, bare('tina'), room).map((m) => m.body);
    for (const body of [before, ...missed])
      expect(bodies.filter((b) => b === body)).toHaveLength(1);
    expect(allMessages(store, bare('tina'), room).find((m) => m.body === missed[0])).toMatchObject({
      sender: { nick: 'Sam' },
      via: 'archive',
    });
  });

  it('gets what it missed from a room without an archive, from its history, once', async () => {
    const sam = await roomDevice('sam');
    const store = openStore().storage;
    let tina = await roomDevice('tina', store);
    const room = newRoom('noarchive');
    await sam.rooms.join({ accountId: bare('sam'), room, nick: 'Sam' });
    await configure(sam.client, room, { 'muc#roomconfig_enablearchiving': '0' });
    await until(
      () =>
        sam.recorder.events.some(
          (e) =>
            e.event === 'room.changed' && e.payload.room === room && e.payload.status === 'joined',
        )
          ? true
          : undefined,
      'Sam in',
    );
    await tina.rooms.join({ accountId: bare('tina'), room, nick: 'Tina' });
    const before = token('before');
    sam.chat.send({ accountId: bare('sam'), kind: 'room', peer: room, body: before });
    await tina.recorder.message((m) => m.body === before);
    tina.detach();
    await tina.client.stop();
    // Within the same second as the newest message Tina has: none of it may be lost.
    const missed = [token('missed-a'), token('missed-b')];
    for (const body of missed)
      sam.chat.send({ accountId: bare('sam'), kind: 'room', peer: room, body });
    for (const body of missed)
      await sam.recorder.message((m) => m.body === body && m.state === 'delivered');

    tina = await roomDevice('tina', store);
    for (const body of missed) await tina.recorder.message((m) => m.body === body, 20_000);
    const bodies = allMessages(store, bare('tina'), room).map((m) => m.body);
    for (const body of [before, ...missed])
      expect(bodies.filter((b) => b === body)).toHaveLength(1);
  });

  it('enters its rooms again after a resumption, with everyone listed again', async () => {
    const sam = await roomDevice('sam');
    const tina = await roomDevice('tina');
    const room = newRoom('resume');
    await sam.rooms.join({ accountId: bare('sam'), room, nick: 'Sam' });
    await tina.rooms.join({ accountId: bare('tina'), room, nick: 'Tina' });
    // The connection drops (the rooms are out here) and the stream is resumed: the server kept
    // Tina in the room, and entering again brings the list back.
    tina.detach();
    expect(tina.rooms.list([bare('tina')]).find((r) => r.room === room)?.status).toBe('offline');
    const events = tina.recorder.events.length;
    const again = tina.rooms.attach(bare('tina'), tina.client, { ...tina.info, resumed: true });
    onCleanup(again);
    await tina.recorder.waitFor(
      (e) =>
        tina.recorder.events.indexOf(e) >= events &&
        e.event === 'room.changed' &&
        e.payload.room === room &&
        e.payload.status === 'joined',
      'in again',
    );
    const list = tina.rooms.occupants({ accountId: bare('tina'), room });
    expect(list.ok && list.value.map((o) => o.nick).sort()).toEqual(['Sam', 'Tina']);
  });

  it('drops group messages from rooms it is not in and corrections by someone else', async () => {
    const sam = await roomDevice('sam');
    const tina = await roomDevice('tina');
    const stranger = await connect('uma', token('spoof'));
    const room = newRoom('spoof');
    await sam.rooms.join({ accountId: bare('sam'), room, nick: 'Sam' });
    await tina.rooms.join({ accountId: bare('tina'), room, nick: 'Tina' });
    // Not a room at all: a user sends a "group message" straight to Sam.
    const forged = token('forged');
    await stranger.entity.send(
      xml('message', { to: bare('sam'), type: 'groupchat' }, xml('body', {}, forged)),
    );
    const original = token('original');
    await tina.client.entity.send(
      xml('message', { to: room, type: 'groupchat', id: 'tina-1' }, xml('body', {}, original)),
    );
    await sam.recorder.message((m) => m.body === original);
    // Sam "corrects" Tina's message: ignored (only its writer may).
    await sam.client.entity.send(
      xml(
        'message',
        { to: room, type: 'groupchat', id: 'sam-fix' },
        xml('body', {}, 'rewritten'),
        xml('replace', { xmlns: 'urn:xmpp:message-correct:0', id: 'tina-1' }),
      ),
    );
    const after = token('after');
    await tina.client.entity.send(
      xml('message', { to: room, type: 'groupchat' }, xml('body', {}, after)),
    );
    await sam.recorder.message((m) => m.body === after);
    const bodies = allMessages(sam.storage, bare('sam'), room).map((m) => m.body);
    expect(bodies).toContain(original);
    expect(bodies).not.toContain('rewritten');
    const everywhere = sam.storage.messages.conversations().map((c) => c.lastMessage?.body);
    expect(everywhere).not.toContain(forged);
  });

  it('enters bookmarked rooms on another device, and leaving stops that', async () => {
    const desk = await roomDevice('vic');
    const room = newRoom('bookmarked');
    await desk.rooms.join({ accountId: bare('vic'), room, nick: 'Vic' });
    // A second device with an empty store learns the room from the bookmark.
    const laptop = await roomDevice('vic');
    const entered = await roomEvent(
      laptop.recorder,
      (r) => r.room === room && r.status === 'joined',
      'bookmark autojoin',
    );
    expect(entered.nick).not.toBe('');
    expect((await desk.rooms.leave({ accountId: bare('vic'), room })).ok).toBe(true);
    // The bookmark stays (shared with the other devices) but no longer enters the room.
    const fetched = await desk.client.iqCaller.request(buildFetchBookmarks());
    const bookmarks = readBookmarks(fetched.getChild('pubsub')?.getChild('items'));
    expect(bookmarks.find((b) => b.room === room)).toMatchObject({ autojoin: false });
    expect(desk.storage.rooms.list(bare('vic')).map((r) => r.room)).not.toContain(room);
  });

  it('follows our other device live: it enters a room, leaves it, and forged news are ignored', async () => {
    const desk = await roomDevice('val', undefined, { caps: true });
    const laptop = await roomDevice('val', undefined, { caps: true });
    const stranger = await connect('uma', token('bookmark-spoof'));
    const room = newRoom('followed');
    const status = (device: RoomDevice) =>
      device.rooms.list([bare('val')]).find((r) => r.room === room)?.status;

    // Someone else "notifies" the laptop of a bookmark: it enters nothing.
    const forged = newRoom('forged');
    await stranger.entity.send(
      xml(
        'message',
        { to: laptop.client.entity.jid!.toString() },
        xml(
          'event',
          { xmlns: NS.pubsubEvent },
          xml(
            'items',
            { node: NS.bookmarks },
            xml(
              'item',
              { id: forged },
              xml('conference', { xmlns: NS.bookmarks, autojoin: 'true' }),
            ),
          ),
        ),
      ),
    );

    expect((await desk.rooms.join({ accountId: bare('val'), room, nick: 'Val' })).ok).toBe(true);
    await roomEvent(laptop.recorder, (r) => r.room === room && r.status === 'joined', 'follows in');
    expect(status(desk)).toBe('joined');
    expect(laptop.storage.rooms.list(bare('val')).map((r) => r.room)).toContain(room);

    expect((await desk.rooms.leave({ accountId: bare('val'), room })).ok).toBe(true);
    await laptop.recorder.waitFor(
      (e) => e.event === 'room.removed' && e.payload.room === room,
      'follows out',
    );
    expect(status(laptop)).toBeUndefined();
    expect(laptop.storage.rooms.list(bare('val')).map((r) => r.room)).not.toContain(room);
    // Neither device went back in on hearing its own publication again.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(status(desk)).toBeUndefined();
    expect(status(laptop)).toBeUndefined();
    expect(laptop.rooms.list([bare('val')]).map((r) => r.room)).not.toContain(forged);
  });

  it('notices by its self-ping that the room dropped it silently, and enters again', async () => {
    const sam = await roomDevice('sam');
    const tina = await roomDevice('tina', undefined, { selfPingMs: 400 });
    const room = newRoom('silent');
    await sam.rooms.join({ accountId: bare('sam'), room, nick: 'Sam' });
    await tina.rooms.join({ accountId: bare('tina'), room, nick: 'Tina' });
    await until(() => nicksIn(sam, room).includes('Tina') || undefined, 'Tina in');
    // The room puts Tina out, and the presence that says so never reaches her: as far as her
    // services know, she is still in.
    let lost = 0;
    lose(tina.client, (stanza) => {
      const gone = stanza.is('presence') && stanza.attrs.from === `${room}/Tina`;
      if (gone && stanza.attrs.type === 'unavailable') lost += 1;
      return gone && stanza.attrs.type === 'unavailable';
    });
    const events = sam.recorder.events.length;
    await sam.client.iqCaller.request(buildSetRole(room, 'Tina', 'none', 'Silently'));
    await until(() => !nicksIn(sam, room).includes('Tina') || undefined, 'Tina out');
    await until(() => lost === 1 || undefined, 'the news lost');
    // Her next self-ping finds out, and she is back, seen by Sam and listed again herself.
    await sam.recorder.waitFor(
      (e) =>
        sam.recorder.events.indexOf(e) >= events &&
        e.event === 'room.occupants' &&
        e.payload.room === room &&
        e.payload.upserted.some((o) => o.nick === 'Tina'),
      'Tina back',
    );
    await until(
      () =>
        (tina.rooms.list([bare('tina')]).find((r) => r.room === room)?.status === 'joined' &&
          nicksIn(tina, room).includes('Sam')) ||
        undefined,
      'listed again',
    );
  });

  it('invites directly to an open room, through a members-only one, and hears a room change', async () => {
    const sam = await roomDevice('sam');
    const tina = await roomDevice('tina');
    const uma = await connect('uma', token('invited'));
    await online(uma);
    const room = newRoom('invites');
    await sam.rooms.join({ accountId: bare('sam'), room, nick: 'Sam' });
    await tina.rooms.join({ accountId: bare('tina'), room, nick: 'Tina' });
    const invitation = () =>
      nextStanza(uma, (s) => s.is('message') && readInvitation(s)?.room === room);

    // Tina is only a participant: her invitation goes from her, not through the room.
    let next = invitation();
    const ref = { accountId: bare('tina'), room };
    expect((await tina.rooms.moderation.invite(ref, bare('uma'), 'Come')).ok).toBe(true);
    expect(readInvitation(await next)).toEqual({
      via: 'direct',
      room,
      inviter: bare('tina'),
      reason: 'Come',
    });

    // Sam makes the room members-only (Tina a member first, so she stays) and shows real
    // addresses: the room says its configuration changed, and Tina's service reads it again.
    await sam.client.iqCaller.request(buildSetAffiliation(room, bare('tina'), 'member'));
    await configure(sam.client, room, {
      'muc#roomconfig_membersonly': '1',
      'muc#roomconfig_whois': 'anyone',
    });
    const changed = await roomEvent(
      tina.recorder,
      (r) => r.room === room && r.anonymity === 'non-anonymous',
      'now showing addresses',
    );
    expect(changed.status).toBe('joined');

    // Now an invitation goes through the room, which makes the invitee a member.
    next = invitation();
    const owner = { accountId: bare('sam'), room };
    expect((await sam.rooms.moderation.invite(owner, bare('uma'), 'Members only')).ok).toBe(true);
    expect(readInvitation(await next)).toMatchObject({ via: 'room', inviter: bare('sam') });
  });

  it('takes a flood of presence from one occupant as a few coalesced updates', async () => {
    const sam = await roomDevice('sam');
    const tina = await roomDevice('tina');
    const room = newRoom('flood');
    await sam.rooms.join({ accountId: bare('sam'), room, nick: 'Sam' });
    await tina.rooms.join({ accountId: bare('tina'), room, nick: 'Tina' });
    await until(() => nicksIn(sam, room).includes('Tina') || undefined, 'Tina in');
    const FLOOD = 1000;
    const from = sam.recorder.events.length;
    for (let i = 1; i <= FLOOD; i += 1) {
      await tina.client.entity.send(
        xml('presence', { to: `${room}/Tina` }, xml('status', {}, `status ${i}`)),
      );
    }
    const last = `status ${FLOOD}`;
    await until(
      () => {
        const list = sam.rooms.occupants({ accountId: bare('sam'), room });
        return (list.ok && list.value.find((o) => o.nick === 'Tina')?.status === last) || undefined;
      },
      'the last status',
      30_000,
    );
    sam.rooms.flush(bare('sam'));
    // The renderer hears of it in a few batches (one per tick), the last one with the last word.
    const deltas = sam.recorder.events
      .slice(from)
      .filter((e) => e.event === 'room.occupants' && e.payload.room === room)
      .map((e) => (e as Extract<EventMessage, { event: 'room.occupants' }>).payload);
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.length).toBeLessThan(FLOOD / 5);
    expect(deltas.at(-1)?.upserted.find((o) => o.nick === 'Tina')?.status).toBe(last);
  });
});
