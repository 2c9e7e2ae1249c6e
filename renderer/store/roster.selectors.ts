/**
 * Reads of the roster slice. Grouping and sorting are plain functions over a contact array, so
 * components memoize them on the (stable) array the store holds.
 */
import type { Contact } from '../../shared/contract';
import type { AppState } from './types';

const NO_CONTACTS: readonly Contact[] = [];

export const selectActiveRoster = (state: AppState): readonly Contact[] =>
  (state.activeAccountId && state.rosters[state.activeAccountId]) || NO_CONTACTS;

export const selectSelectedContact = (state: AppState): Contact | null => {
  if (!state.selectedJid) return null;
  return selectActiveRoster(state).find((c) => c.jid === state.selectedJid) ?? null;
};

export interface RosterSection {
  /** The roster group, or null for contacts in no group. */
  readonly group: string | null;
  readonly contacts: readonly Contact[];
  readonly online: number;
}

export const isOnline = (contact: Contact): boolean => contact.presence.show !== 'offline';

export const displayName = (contact: Contact): string => contact.name?.trim() || contact.jid;

const SHOW_RANK: Record<Contact['presence']['show'], number> = {
  chat: 0,
  available: 0,
  away: 1,
  dnd: 1,
  xa: 2,
  offline: 3,
};

function matches(contact: Contact, query: string): boolean {
  if (!query) return true;
  const q = query.toLocaleLowerCase();
  return (
    contact.jid.toLocaleLowerCase().includes(q) ||
    (contact.name?.toLocaleLowerCase().includes(q) ?? false)
  );
}

/** Contacts grouped by roster group (named groups A→Z, then ungrouped), online first in each. */
export function rosterSections(
  contacts: readonly Contact[],
  query: string,
  collator: Intl.Collator,
): RosterSection[] {
  const byGroup = new Map<string | null, Contact[]>();
  for (const contact of contacts) {
    if (contact.subscription === 'remove' || !matches(contact, query.trim())) continue;
    const groups = contact.groups.length > 0 ? contact.groups : [null];
    for (const group of groups) byGroup.set(group, [...(byGroup.get(group) ?? []), contact]);
  }
  const order = (a: Contact, b: Contact) =>
    SHOW_RANK[a.presence.show] - SHOW_RANK[b.presence.show] ||
    collator.compare(displayName(a), displayName(b));
  return [...byGroup.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : collator.compare(a, b)))
    .map(([group, list]) => ({
      group,
      contacts: list.sort(order),
      online: list.filter(isOnline).length,
    }));
}
