// Bookmark notifications (XEP-0402 over PEP): only our own account's are believed, and our own
// publications coming back are recognised, in order, so that entering then leaving quickly is
// not undone by the first notification arriving late.
import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { readBookmarkEvent, type RoomBookmark } from '../../../electron/muc/bookmarks';
import { RoomBookmarks } from '../../../electron/muc/roomBookmarks';
import { NS } from '../../../shared/namespaces';

const me = 'val@example.org';
const room = 'tea@conference.example.org';

const notification = (from: string | undefined, ...children: ReturnType<typeof xml>[]) =>
  xml(
    'message',
    { ...(from !== undefined && { from }), to: `${me}/desk` },
    xml('event', { xmlns: NS.pubsubEvent }, xml('items', { node: NS.bookmarks }, ...children)),
  );
const item = (id: string, autojoin: boolean) =>
  xml(
    'item',
    { id },
    xml('conference', { xmlns: NS.bookmarks, autojoin: String(autojoin) }, xml('nick', {}, 'Val')),
  );

describe('bookmark notifications', () => {
  it('are read from our own bare address only', () => {
    const stanza = notification(
      me,
      item(room, true),
      xml('retract', { id: 'old@conference.example.org' }),
    );
    expect(readBookmarkEvent(stanza, me)).toEqual({
      saved: [{ room, autojoin: true, nick: 'Val' }],
      retracted: ['old@conference.example.org'],
    });
    expect(
      readBookmarkEvent(notification('VAL@Example.org', item(room, true)), me)?.saved,
    ).toHaveLength(1);
    for (const from of ['mallory@example.org', `${me}/phone`, 'example.org', undefined]) {
      expect(readBookmarkEvent(notification(from, item(room, true)), me)).toBeUndefined();
    }
    // Other nodes, retractions of things that are not rooms.
    const other = xml(
      'message',
      { from: me },
      xml('event', { xmlns: NS.pubsubEvent }, xml('items', { node: 'urn:xmpp:avatar:metadata' })),
    );
    expect(readBookmarkEvent(other, me)).toBeUndefined();
    const odd = notification(
      me,
      xml('retract', { id: 'conference.example.org' }),
      xml('retract', { id: `${room}/nick` }),
    );
    expect(readBookmarkEvent(odd, me)).toEqual({ saved: [], retracted: [] });
  });

  it('that echo our own publications are told apart, in order', async () => {
    const bookmarks = new RoomBookmarks(me);
    const request = () => Promise.resolve(xml('iq', { type: 'result' }));
    const joined: RoomBookmark = { room, autojoin: true, nick: 'Val' };
    const left: RoomBookmark = { room, autojoin: false, nick: 'Val' };
    await bookmarks.save(request, joined);
    await bookmarks.save(request, left);
    // The first comes back late: ours, and it does not bring the second's echo with it.
    expect(bookmarks.isEcho(joined)).toBe(true);
    expect(bookmarks.isEcho(left)).toBe(true);
    // Another device enters the room again: not ours.
    expect(bookmarks.isEcho(joined)).toBe(false);
  });

  it('of a publication the server refused are not expected back', async () => {
    const bookmarks = new RoomBookmarks(me);
    const refused = () => Promise.reject(new Error('timeout'));
    const joined: RoomBookmark = { room, autojoin: true, nick: 'Val' };
    await bookmarks.save(refused, joined);
    expect(bookmarks.isEcho(joined)).toBe(false);
  });
});
