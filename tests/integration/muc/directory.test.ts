// Group chats on the real Prosody: the group-chat service found by service discovery,
// the public rooms it lists (a hidden one is not listed), what a room says of itself (name,
// description, occupants, password, anonymity, archive), entering it (password asked, nickname
// taken, real addresses shown) and an invitation through it. quinn creates the rooms and rosa
// looks for them (globalSetup gives both to muc/*.test.ts).
import xml, { type Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { DiscoService } from '../../../electron/disco';
import {
  filterRooms,
  groupChatServices,
  listedRooms,
  roomInfo,
} from '../../../electron/muc/directory';
import { buildMediatedInvitation, readInvitation } from '../../../electron/muc/invitations';
import { readRoomPresence } from '../../../electron/muc/presence';
import type { XmppClient } from '../../../electron/xmpp/client';
import { NS } from '../../../shared/namespaces';
import { makeClient, server } from '../xmpp/helpers';
import { configure, enter } from './helpers';

const domain = server.domain;
const service = `conference.${domain}`;

function discoOf(client: XmppClient, account: string): DiscoService {
  return new DiscoService({
    account,
    now: Date.now,
    request: (payload, to, timeoutMs) =>
      client.iqCaller.request(xml('iq', { type: 'get', to }, payload), timeoutMs),
  });
}

/**
 * quinn enters a new room (which creates it, locked) and submits its configuration with
 * `fields`, as an owner does (XEP-0045 §10.1.3).
 */
async function createRoom(client: XmppClient, room: string, fields: Record<string, string>) {
  const created = await enter(client, room, 'quinn');
  expect(readRoomPresence(created)).toMatchObject({
    kind: 'occupant',
    self: true,
    affiliation: 'owner',
    role: 'moderator',
    codes: expect.arrayContaining([110, 201]),
  });
  await configure(client, room, fields);
}

describe('group chat directory and entering', () => {
  it('finds the service and its public rooms, reads a room, enters it and passes an invitation', async () => {
    const quinn = makeClient('quinn', { resource: 'rooms' });
    await quinn.start();
    const tag = Math.random().toString(36).slice(2, 8);
    const open = `tea-${tag}@${service}`;
    const secret = `back-room-${tag}@${service}`;
    await createRoom(quinn, open, {
      'muc#roomconfig_roomname': `Tea house ${tag}`,
      'muc#roomconfig_roomdesc': '喝茶聊天 Tea and talk',
      'muc#roomconfig_persistentroom': '1',
      'muc#roomconfig_publicroom': '1',
      'muc#roomconfig_passwordprotectedroom': '1',
      'muc#roomconfig_roomsecret': 'oolong',
      'muc#roomconfig_whois': 'anyone',
    });
    await createRoom(quinn, secret, {
      'muc#roomconfig_roomname': `Back room ${tag}`,
      'muc#roomconfig_publicroom': '0',
    });

    const rosa = makeClient('rosa', { resource: 'browser' });
    await rosa.start();
    const disco = discoOf(rosa, `rosa@${domain}`);
    expect(await groupChatServices(disco)).toEqual([expect.objectContaining({ jid: service })]);

    const rooms = await listedRooms(disco, service);
    expect(rooms).toContainEqual({ jid: open, name: `Tea house ${tag}` });
    expect(rooms.map((r) => r.jid)).not.toContain(secret);
    expect(filterRooms(rooms, `TEA ${tag}`).map((r) => r.jid)).toEqual([open]);

    const info = await roomInfo(disco, open);
    expect(info).toMatchObject({
      jid: open,
      name: `Tea house ${tag}`,
      description: '喝茶聊天 Tea and talk',
      occupants: 1,
      anonymity: 'non-anonymous',
      passwordProtected: true,
      membersOnly: false,
      persistent: true,
      archived: true,
    });
    expect(filterRooms([{ ...rooms[0]!, ...info }], '聊天').map((r) => r.jid)).toEqual([open]);

    // Entering: a password is asked for, a taken nickname is refused, then rosa is in and
    // sees quinn's real address, as the room said it would (non-anonymous).
    expect(readRoomPresence(await enter(rosa, open, 'rosa'))).toMatchObject({
      kind: 'error',
      refusal: 'password-required',
    });
    expect(readRoomPresence(await enter(rosa, open, 'quinn', 'oolong'))).toMatchObject({
      kind: 'error',
      refusal: 'nickname-conflict',
    });
    const seen: Element[] = [];
    rosa.entity.on('stanza', (stanza: Element) => {
      if (stanza.is('presence') && stanza.attrs.from === `${open}/quinn`) seen.push(stanza);
    });
    expect(readRoomPresence(await enter(rosa, open, 'rosa', 'oolong'))).toMatchObject({
      kind: 'occupant',
      self: true,
      role: 'participant',
      realJid: expect.stringMatching(/^rosa@/),
    });
    // quinn invites rosa's other device through the room; Prosody passes it on from the room.
    const other = makeClient('rosa', { resource: 'phone' });
    await other.start();
    // Available, so that a message to rosa's bare JID reaches this device.
    await other.entity.send(xml('presence'));
    const invited = new Promise<Element>((resolve) =>
      other.entity.on('stanza', (stanza: Element) => {
        if (stanza.is('message') && stanza.getChild('x', NS.mucUser)) resolve(stanza);
      }),
    );
    await quinn.entity.send(
      buildMediatedInvitation({ id: tag, room: open, to: `rosa@${domain}`, reason: '来喝茶' }),
    );
    expect(readInvitation(await invited)).toEqual({
      via: 'room',
      room: open,
      inviter: `quinn@${domain}`,
      reason: '来喝茶',
      password: 'oolong',
    });
    expect(seen.map(readRoomPresence)).toContainEqual(
      expect.objectContaining({
        nick: 'quinn',
        affiliation: 'owner',
        realJid: `quinn@${domain}/rooms`,
      }),
    );
  });
});
