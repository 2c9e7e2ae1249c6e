/** Room presence (XEP-0045 §7): occupants, ourselves, and why a room refused us. */
import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { readRoomPresence } from '../../../electron/muc/presence';
import { buildJoin, buildLeave } from '../../../electron/muc/stanzas';

const MUC_USER = 'http://jabber.org/protocol/muc#user';
const ROOM = 'coven@chat.shakespeare.lit';
const user = (item: Record<string, string>, ...codes: number[]) =>
  xml(
    'x',
    { xmlns: MUC_USER },
    xml('item', item),
    ...codes.map((code) => xml('status', { code: String(code) })),
  );

describe('readRoomPresence', () => {
  it('reads an occupant, with the real JID only where the room shows it', () => {
    expect(
      readRoomPresence(
        xml(
          'presence',
          { from: `${ROOM}/thirdwitch` },
          xml('show', {}, 'away'),
          user({ affiliation: 'admin', role: 'moderator', jid: 'hag66@shakespeare.lit/pda' }),
        ),
      ),
    ).toEqual({
      kind: 'occupant',
      room: ROOM,
      nick: 'thirdwitch',
      available: true,
      role: 'moderator',
      affiliation: 'admin',
      realJid: 'hag66@shakespeare.lit/pda',
      show: 'away',
      codes: [],
      self: false,
    });
  });

  it('knows ourselves (110), a created room (201), a rewritten nickname (210), a nick change (303)', () => {
    const self = readRoomPresence(
      xml(
        'presence',
        { from: `${ROOM}/Third Witch 三` },
        user({ affiliation: 'owner', role: 'moderator' }, 110, 201, 210, 100),
      ),
    );
    expect(self).toMatchObject({ self: true, nick: 'Third Witch 三', codes: [110, 201, 210, 100] });
    const renamed = readRoomPresence(
      xml(
        'presence',
        { from: `${ROOM}/thirdwitch`, type: 'unavailable' },
        user({ affiliation: 'member', role: 'participant', nick: 'oldhag' }, 303),
      ),
    );
    expect(renamed).toMatchObject({ available: false, newNick: 'oldhag', self: false });
  });

  it('names why entering failed, and takes unknown roles and codes for nothing', () => {
    const refused = (condition: string) =>
      readRoomPresence(
        xml(
          'presence',
          { from: `${ROOM}/thirdwitch`, type: 'error' },
          xml(
            'error',
            { type: 'cancel' },
            xml(condition, { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }),
            xml('text', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }, 'Go away'),
          ),
        ),
      );
    expect(refused('conflict')).toEqual({
      kind: 'error',
      room: ROOM,
      nick: 'thirdwitch',
      refusal: 'nickname-conflict',
      text: 'Go away',
    });
    expect(refused('not-authorized')).toMatchObject({ refusal: 'password-required' });
    expect(refused('forbidden')).toMatchObject({ refusal: 'banned' });
    expect(refused('registration-required')).toMatchObject({ refusal: 'members-only' });
    expect(refused('service-unavailable')).toMatchObject({ refusal: 'room-full' });
    expect(refused('undefined-condition')).toMatchObject({ refusal: 'other' });
    // A real-name policy's refusal (server/README.md): forbidden, but no ban.
    const realname = readRoomPresence(
      xml(
        'presence',
        { from: `${ROOM}/thirdwitch`, type: 'error' },
        xml(
          'error',
          { type: 'auth' },
          xml('forbidden', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }),
          xml('registration-required', { xmlns: 'urn:hutong:realname:0', service: 'r.example' }),
        ),
      ),
    );
    expect(realname).toMatchObject({ kind: 'error', refusal: 'realname-required' });

    const odd = readRoomPresence(
      xml('presence', { from: `${ROOM}/x` }, user({ role: 'king', affiliation: 'god' }, 42, 9999)),
    );
    expect(odd).toMatchObject({ role: 'none', affiliation: 'none', codes: [] });
    expect(readRoomPresence(xml('presence', { from: ROOM }, user({})))).toEqual({ kind: 'other' });
    expect(readRoomPresence(xml('presence', { from: `${ROOM}/plain` }))).toEqual({ kind: 'other' });
  });
});

describe('buildJoin and buildLeave', () => {
  it('enters with a password and the history the session wants, and leaves', () => {
    expect(
      buildJoin({ room: ROOM, nick: '三 witch', password: 'cauldron', history: 'none' }).toString(),
    ).toBe(
      `<presence to="${ROOM}/三 witch"><x xmlns="http://jabber.org/protocol/muc"><password>cauldron</password><history maxstanzas="0"/></x></presence>`,
    );
    expect(
      buildJoin({ room: ROOM, nick: 'w', history: { since: Date.UTC(2026, 0, 2) } }).toString(),
    ).toContain('<history since="2026-01-02T00:00:00.000Z"/>');
    expect(buildLeave(ROOM, 'w', 'bye').toString()).toBe(
      `<presence to="${ROOM}/w" type="unavailable"><status>bye</status></presence>`,
    );
  });
});
