/**
 * Room bookmarks (XEP-0402): one PEP item per room in the node urn:xmpp:bookmarks:1 of our own
 * account, shared with our other devices, read and written here as stanzas. The publish asks
 * for the node's options the XEP requires (kept, private to us, as many items as we like), so a
 * server that would make them public refuses rather than leaking the rooms we are in. Reading
 * never throws; an item whose id is not a room JID is skipped.
 */
import xml, { type Element } from '@xmpp/xml';
import { bareJid, parseJid } from '../../shared/jid';
import { NS } from '../../shared/namespaces';
import { shortText } from '../xmpp/text';

const MAX_ITEMS = 1000;

export interface RoomBookmark {
  readonly room: string;
  readonly name?: string;
  readonly autojoin: boolean;
  readonly nick?: string;
  readonly password?: string;
}

/** The bookmarks in a pubsub <items/> (from a fetch or a PEP notification). */
export function readBookmarks(items: Element | undefined): RoomBookmark[] {
  if (!items || items.attrs.node !== NS.bookmarks) return [];
  const bookmarks: RoomBookmark[] = [];
  for (const item of items.getChildren('item').slice(0, MAX_ITEMS)) {
    const room = parseJid(String(item.attrs.id ?? ''));
    const conference = item.getChild('conference', NS.bookmarks);
    if (!room || room.local === '' || room.resource !== '' || !conference) continue;
    const name = shortText(conference.attrs.name as string | undefined);
    const nick = shortText(conference.getChildText('nick'));
    const password = shortText(conference.getChildText('password'));
    bookmarks.push({
      room: bareJid(room),
      autojoin: conference.attrs.autojoin === 'true' || conference.attrs.autojoin === '1',
      ...(name && { name }),
      ...(nick && { nick }),
      ...(password && { password }),
    });
  }
  return bookmarks;
}

/** A pubsub request to our own account's PEP service. */
const pubsub = (type: 'get' | 'set', ...children: Element[]): Element =>
  xml('iq', { type }, xml('pubsub', { xmlns: NS.pubsub }, ...children));

/** Asks for every bookmark of our account. */
export function buildFetchBookmarks(): Element {
  return pubsub('get', xml('items', { node: NS.bookmarks }));
}

const field = (name: string, value: string) => xml('field', { var: name }, xml('value', {}, value));

/** Adds or replaces one bookmark, with the node options XEP-0402 §3.3 requires. */
export function buildPublishBookmark(bookmark: RoomBookmark): Element {
  const conference = xml(
    'conference',
    {
      xmlns: NS.bookmarks,
      autojoin: bookmark.autojoin ? 'true' : 'false',
      ...(bookmark.name && { name: bookmark.name }),
    },
    ...(bookmark.nick ? [xml('nick', {}, bookmark.nick)] : []),
    ...(bookmark.password ? [xml('password', {}, bookmark.password)] : []),
  );
  return pubsub(
    'set',
    xml('publish', { node: NS.bookmarks }, xml('item', { id: bookmark.room }, conference)),
    xml(
      'publish-options',
      {},
      xml(
        'x',
        { xmlns: NS.dataForms, type: 'submit' },
        field('FORM_TYPE', NS.pubsubPublishOptions),
        field('pubsub#persist_items', 'true'),
        field('pubsub#max_items', 'max'),
        field('pubsub#send_last_published_item', 'never'),
        field('pubsub#access_model', 'whitelist'),
      ),
    ),
  );
}

/** Removes one bookmark (notifying our other devices). */
export function buildRetractBookmark(room: string): Element {
  return pubsub(
    'set',
    xml('retract', { node: NS.bookmarks, notify: 'true' }, xml('item', { id: room })),
  );
}

/** What one of our other devices changed in the bookmarks (a PEP notification). */
export interface BookmarkEvent {
  readonly saved: RoomBookmark[];
  readonly retracted: string[];
}

/**
 * A notification of our own bookmarks node; undefined for any other stanza, and for one that
 * does not come from our own account (anyone can send a message shaped like a notification:
 * believed, it would make us enter or leave rooms).
 */
export function readBookmarkEvent(stanza: Element, ownBare: string): BookmarkEvent | undefined {
  if (stanza.name !== 'message') return undefined;
  const items = stanza.getChild('event', NS.pubsubEvent)?.getChild('items');
  if (!items || items.attrs.node !== NS.bookmarks) return undefined;
  const from = parseJid(String(stanza.attrs.from ?? ''));
  if (!from || from.resource !== '' || bareJid(from) !== ownBare) return undefined;
  const retracted: string[] = [];
  for (const retract of items.getChildren('retract').slice(0, MAX_ITEMS)) {
    const room = parseJid(String(retract.attrs.id ?? ''));
    if (room && room.local !== '' && room.resource === '') retracted.push(bareJid(room));
  }
  return { saved: readBookmarks(items), retracted };
}
