/**
 * Room bookmarks in private XML storage (XEP-0048 via XEP-0049), for servers whose PEP cannot
 * keep XEP-0402 bookmarks as that XEP requires (ejabberd 23.01 refuses the pubsub#max_items
 * publish option, and without it a node keeps one item). The whole list is one document: a
 * change reads it, changes one conference and writes it back. Servers that convert between the
 * two (ejabberd's mod_private, Prosody's mod_bookmarks) show the result to XEP-0402 clients too.
 */
import xml, { type Element } from '@xmpp/xml';
import { bareJid, parseJid } from '../../shared/jid';
import { shortText } from '../xmpp/text';
import type { RoomBookmark } from './bookmarks';
import { NS } from '../../shared/namespaces';

const MAX_ITEMS = 1000;

export function buildFetchLegacyBookmarks(): Element {
  return xml(
    'iq',
    { type: 'get' },
    xml('query', { xmlns: NS.privateStorage }, xml('storage', { xmlns: NS.legacyBookmarks })),
  );
}

/** The conferences of a private storage result; other bookmarks (URLs) are kept as they are. */
export function readLegacyBookmarks(result: Element): {
  bookmarks: RoomBookmark[];
  others: Element[];
} {
  const storage = result
    .getChild('query', NS.privateStorage)
    ?.getChild('storage', NS.legacyBookmarks);
  const bookmarks: RoomBookmark[] = [];
  const others: Element[] = [];
  for (const child of storage?.children.slice(0, MAX_ITEMS) ?? []) {
    if (typeof child === 'string') continue;
    if (child.name !== 'conference') {
      others.push(child);
      continue;
    }
    const room = parseJid(String(child.attrs.jid ?? ''));
    if (!room || room.local === '' || room.resource !== '') continue;
    const name = shortText(child.attrs.name as string | undefined);
    const nick = shortText(child.getChildText('nick'));
    const password = shortText(child.getChildText('password'));
    bookmarks.push({
      room: bareJid(room),
      autojoin: child.attrs.autojoin === 'true' || child.attrs.autojoin === '1',
      ...(name && { name }),
      ...(nick && { nick }),
      ...(password && { password }),
    });
  }
  return { bookmarks, others };
}

/** The whole list written back: the conferences given, and the other bookmarks untouched. */
export function buildStoreLegacyBookmarks(
  bookmarks: readonly RoomBookmark[],
  others: readonly Element[] = [],
): Element {
  const conferences = bookmarks.map((b) =>
    xml(
      'conference',
      {
        jid: b.room,
        autojoin: b.autojoin ? 'true' : 'false',
        ...(b.name && { name: b.name }),
      },
      ...(b.nick ? [xml('nick', {}, b.nick)] : []),
      ...(b.password ? [xml('password', {}, b.password)] : []),
    ),
  );
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'query',
      { xmlns: NS.privateStorage },
      xml('storage', { xmlns: NS.legacyBookmarks }, ...conferences, ...others),
    ),
  );
}
