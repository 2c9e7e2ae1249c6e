// Finding group chats on the real Prosody: its group-chat service found by service discovery,
// the public rooms it lists (a hidden one is not listed), and what a room says of itself
// (name, description, occupants, password, anonymity, archive). quinn creates the rooms and
// rosa looks for them; both belong to this file (globalSetup).
import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { DiscoService } from '../../../electron/disco';
import {
  filterRooms,
  groupChatServices,
  listedRooms,
  roomInfo,
} from '../../../electron/muc/directory';
import type { XmppClient } from '../../../electron/xmpp/client';
import { NS } from '../../../shared/namespaces';
import { makeClient, server } from '../xmpp/helpers';

const domain = server.domain;
const service = `conference.${domain}`;
const NS_OWNER = 'http://jabber.org/protocol/muc#owner';

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
  const joined = new Promise<void>((resolve) => {
    const on = (stanza: import('@xmpp/xml').Element) => {
      if (stanza.is('presence') && stanza.attrs.from === `${room}/quinn`) {
        client.entity.removeListener('stanza', on);
        resolve();
      }
    };
    client.entity.on('stanza', on);
  });
  await client.entity.send(xml('presence', { to: `${room}/quinn` }, xml('x', { xmlns: NS.muc })));
  await joined;
  await client.iqCaller.request(
    xml(
      'iq',
      { type: 'set', to: room },
      xml(
        'query',
        { xmlns: NS_OWNER },
        xml(
          'x',
          { xmlns: NS.dataForms, type: 'submit' },
          xml(
            'field',
            { var: 'FORM_TYPE' },
            xml('value', {}, 'http://jabber.org/protocol/muc#roomconfig'),
          ),
          ...Object.entries(fields).map(([name, value]) =>
            xml('field', { var: name }, xml('value', {}, value)),
          ),
        ),
      ),
    ),
  );
}

describe('group chat directory', () => {
  it('finds the service, lists public rooms and reads what a room says of itself', async () => {
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
  });
});
