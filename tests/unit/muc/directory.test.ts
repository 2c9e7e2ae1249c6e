/** What a room's disco#info says of it, when the room (or its service) says odd things. */
import { describe, expect, it } from 'vitest';
import { filterRooms, toRoomInfo } from '../../../electron/muc/directory';

const ROOM = 'tea@conference.example.org';
const roominfo = (fields: Record<string, string[]>) => ({
  formType: 'http://jabber.org/protocol/muc#roominfo',
  fields: Object.entries(fields).map(([name, values]) => ({ var: name, values })),
});

describe('toRoomInfo', () => {
  it('leaves out what is missing or not what it claims, and knows only the features it sees', () => {
    const info = toRoomInfo(ROOM, {
      identities: [{ category: 'conference', type: 'text', name: '' }],
      features: ['http://jabber.org/protocol/muc', 'muc_semianonymous', 'muc_membersonly'],
      forms: [
        roominfo({
          'muc#roominfo_occupants': ['lots'],
          'muc#roominfo_description': [''],
          'muc#roominfo_subject': ['Brewing'],
        }),
      ],
    });
    expect(info).toEqual({
      jid: ROOM,
      subject: 'Brewing',
      anonymity: 'semi-anonymous',
      passwordProtected: false,
      membersOnly: true,
      moderated: false,
      persistent: false,
      archived: false,
    });
    expect(toRoomInfo(ROOM, { identities: [], features: [], forms: [] }).anonymity).toBe('unknown');
  });
});

describe('filterRooms', () => {
  it('matches every word in the address, name or description, in any case', () => {
    const rooms = [
      { jid: 'tea@c.example', name: 'Tea House', description: '喝茶' },
      { jid: 'coffee@c.example', name: 'Coffee' },
    ];
    expect(filterRooms(rooms, 'house TEA').map((r) => r.jid)).toEqual(['tea@c.example']);
    expect(filterRooms(rooms, '喝茶').map((r) => r.jid)).toEqual(['tea@c.example']);
    expect(filterRooms(rooms, '  ')).toHaveLength(2);
    expect(filterRooms(rooms, 'tea coffee')).toEqual([]);
  });
});
