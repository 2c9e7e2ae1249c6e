/**
 * Roster and presence as data: parsing roster items (RFC 6121 §2) and folding per-resource presence
 * into one presence per contact. Pure, so the rules are unit-tested without a server.
 */
import type { Element } from '@xmpp/xml';
import type { Contact, Presence } from '../../shared/contract';
import { toBare } from '../../shared/jid';

const SUBSCRIPTIONS = ['none', 'to', 'from', 'both', 'remove'] as const;
type Subscription = (typeof SUBSCRIPTIONS)[number];
const SHOWS = ['chat', 'away', 'xa', 'dnd'] as const;

export interface RosterItem {
  readonly jid: string;
  readonly name?: string;
  readonly groups: string[];
  readonly subscription: Subscription;
  readonly pending: boolean;
}

/** Parses the <item/> children of a roster query; malformed items are dropped, not fatal. */
export function parseRosterItems(query: Element | undefined): RosterItem[] {
  if (!query) return [];
  const items: RosterItem[] = [];
  for (const item of query.getChildren('item')) {
    const jid = toBare(String(item.attrs.jid ?? ''));
    if (!jid) continue;
    const sub = String(item.attrs.subscription ?? 'none');
    const name =
      typeof item.attrs.name === 'string' && item.attrs.name ? item.attrs.name : undefined;
    items.push({
      jid,
      ...(name ? { name } : {}),
      groups: item
        .getChildren('group')
        .map((g) => g.getText().trim())
        .filter((g) => g.length > 0),
      subscription: (SUBSCRIPTIONS as readonly string[]).includes(sub)
        ? (sub as Subscription)
        : 'none',
      pending: item.attrs.ask === 'subscribe',
    });
  }
  return items;
}

/** One resource's presence, as the server relayed it. */
export interface ResourcePresence {
  readonly show: Presence['show'];
  readonly status?: string;
  readonly priority: number;
}

/** Parses an available or unavailable <presence/>; null for subscription and error presences. */
export function parsePresence(stanza: Element): ResourcePresence | null {
  const type = stanza.attrs.type as string | undefined;
  if (type && type !== 'unavailable') return null;
  const status = stanza.getChildText('status')?.slice(0, 1024) ?? undefined;
  if (type === 'unavailable')
    return { show: 'offline', ...(status ? { status } : {}), priority: 0 };
  const showText = stanza.getChildText('show') ?? '';
  const show = (SHOWS as readonly string[]).includes(showText)
    ? (showText as Presence['show'])
    : 'available';
  const priority = Number.parseInt(stanza.getChildText('priority') ?? '0', 10);
  return {
    show,
    ...(status ? { status } : {}),
    priority: Number.isFinite(priority) ? priority : 0,
  };
}

const RANK: Record<Presence['show'], number> = {
  chat: 5,
  available: 4,
  away: 3,
  xa: 2,
  dnd: 1,
  offline: 0,
};

/** The presence shown for a contact: highest priority resource, then the most available one. */
export function aggregatePresence(resources: ReadonlyMap<string, ResourcePresence>): Presence {
  let best: ResourcePresence | undefined;
  for (const p of resources.values()) {
    if (p.show === 'offline') continue;
    if (
      !best ||
      p.priority > best.priority ||
      (p.priority === best.priority && RANK[p.show] > RANK[best.show])
    ) {
      best = p;
    }
  }
  if (!best) return { show: 'offline' };
  return { show: best.show, ...(best.status ? { status: best.status } : {}) };
}

export function toContact(item: RosterItem, presence: Presence): Contact {
  return { ...item, presence };
}
