// Room bookmarks (XEP-0402) in the real Prosody's PEP: published with the options the XEP
// requires, read back by another device of the same account, replaced and retracted. Stranger
// accounts cannot read them. rosa's bookmarks and quinn's attempt belong to this file.
import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import {
  buildFetchBookmarks,
  buildPublishBookmark,
  buildRetractBookmark,
  readBookmarks,
} from '../../../electron/muc/bookmarks';
import { NS } from '../../../shared/namespaces';
import type { XmppClient } from '../../../electron/xmpp/client';
import { makeClient, server } from '../xmpp/helpers';

const NS_PUBSUB = 'http://jabber.org/protocol/pubsub';
const rosa = `rosa@${server.domain}`;

async function fetchBookmarks(client: XmppClient, owner?: string) {
  const stanza = buildFetchBookmarks();
  if (owner) stanza.attrs.to = owner;
  const reply = await client.iqCaller.request(stanza);
  return readBookmarks(reply.getChild('pubsub', NS_PUBSUB)?.getChild('items'));
}

describe('room bookmarks', () => {
  it('are shared between our devices, replaced, retracted, and kept from strangers', async () => {
    const desk = makeClient('rosa', { resource: 'bookmarks-desk' });
    const phone = makeClient('rosa', { resource: 'bookmarks-phone' });
    await Promise.all([desk.start(), phone.start()]);
    const tag = Math.random().toString(36).slice(2, 8);
    const tea = `tea-${tag}@conference.${server.domain}`;
    const book = `book-${tag}@conference.${server.domain}`;

    await desk.iqCaller.request(
      buildPublishBookmark({
        room: tea,
        name: '茶馆',
        autojoin: true,
        nick: 'Rosa 玫瑰',
        password: 'oolong',
      }),
    );
    await desk.iqCaller.request(buildPublishBookmark({ room: book, autojoin: false }));
    expect(await fetchBookmarks(phone)).toEqual(
      expect.arrayContaining([
        { room: tea, name: '茶馆', autojoin: true, nick: 'Rosa 玫瑰', password: 'oolong' },
        { room: book, autojoin: false },
      ]),
    );

    // Publishing the same room again replaces its bookmark.
    await phone.iqCaller.request(buildPublishBookmark({ room: tea, autojoin: false }));
    await desk.iqCaller.request(buildRetractBookmark(book));
    const after = await fetchBookmarks(desk);
    expect(after.filter((b) => b.room === tea)).toEqual([{ room: tea, autojoin: false }]);
    expect(after.map((b) => b.room)).not.toContain(book);

    // The node is private (whitelist): quinn, a stranger, gets nothing.
    const quinn = makeClient('quinn', { resource: 'bookmarks-peek' });
    await quinn.start();
    await expect(fetchBookmarks(quinn, rosa)).rejects.toThrow();
  });

  it('skips items that do not name a room', () => {
    const items = xml(
      'items',
      { node: NS.bookmarks },
      xml('item', { id: 'not a jid@@' }, xml('conference', { xmlns: NS.bookmarks })),
      xml('item', { id: 'conference.example.org' }, xml('conference', { xmlns: NS.bookmarks })),
      xml(
        'item',
        { id: 'room@conference.example.org/nick' },
        xml('conference', { xmlns: NS.bookmarks }),
      ),
      xml('item', { id: 'room@conference.example.org' }, xml('something', { xmlns: 'x' })),
      xml(
        'item',
        { id: 'ok@conference.example.org' },
        xml('conference', { xmlns: NS.bookmarks, autojoin: '1' }),
      ),
    );
    expect(readBookmarks(items)).toEqual([{ room: 'ok@conference.example.org', autojoin: true }]);
    expect(readBookmarks(xml('items', { node: 'storage:bookmarks' }))).toEqual([]);
  });
});
