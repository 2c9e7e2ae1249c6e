/**
 * Reads of the roster slice. The list shows the contacts of all accounts (or of one, with the
 * account filter); grouping and sorting are plain functions over entries, so components memoize
 * them on the (stable) rosters object the store holds.
 */
import type { Contact } from '../../shared/contract';
import { contactKey } from './subscriptions.slice';
import type { AppState } from './types';

/** A contact together with the account whose roster holds it. */
export interface RosterEntry {
  readonly accountId: string;
  readonly contact: Contact;
  /** Unique across accounts: the same person may be in two accounts' rosters. */
  readonly key: string;
}

const NO_CONTACTS: readonly Contact[] = [];

/** The key of the contact whose chat is open, for highlighting it in the contact list. */
export const selectOpenContactKey = (state: AppState): string | null =>
  state.selected?.kind === 'chat'
    ? contactKey(state.selected.accountId, state.selected.peer)
    : null;

export const selectContact =
  (accountId: string, jid: string) =>
  (state: AppState): Contact | null =>
    state.rosters[accountId]?.find((c) => c.jid === jid) ?? null;

/** What we know of a contact's presence while their account is not online: nothing. */
const UNKNOWN_PRESENCE: Contact['presence'] = { show: 'offline' };

/**
 * A contact as shown: while the account is offline (or still connecting) nobody's presence is
 * known, whatever was last heard (kept by the main process for a resumption).
 */
export const shownContact = (contact: Contact, accountOnline: boolean): Contact =>
  accountOnline || contact.presence.show === 'offline'
    ? contact
    : { ...contact, presence: UNKNOWN_PRESENCE };

/** The entries of the shown accounts, in account order; pass the store's stable objects. */
export function rosterEntries(
  rosters: AppState['rosters'],
  accountOrder: readonly string[],
  accountFilter: string | null,
  onlineAccounts: ReadonlySet<string>,
): RosterEntry[] {
  const ids = accountFilter ? accountOrder.filter((id) => id === accountFilter) : accountOrder;
  return ids.flatMap((accountId) => {
    const online = onlineAccounts.has(accountId);
    return (rosters[accountId] ?? NO_CONTACTS).map((contact) => ({
      accountId,
      contact: shownContact(contact, online),
      key: contactKey(accountId, contact.jid),
    }));
  });
}

export interface RosterSection {
  /** The roster group, or null for contacts in no group. */
  readonly group: string | null;
  readonly entries: readonly RosterEntry[];
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

/** Entries grouped by roster group (named groups A→Z, then ungrouped), online first in each. */
export function rosterSections(
  entries: readonly RosterEntry[],
  query: string,
  collator: Intl.Collator,
): RosterSection[] {
  const byGroup = new Map<string | null, RosterEntry[]>();
  for (const entry of entries) {
    const { contact } = entry;
    if (contact.subscription === 'remove' || !matches(contact, query.trim())) continue;
    const groups = contact.groups.length > 0 ? contact.groups : [null];
    for (const group of groups) byGroup.set(group, [...(byGroup.get(group) ?? []), entry]);
  }
  const order = (a: RosterEntry, b: RosterEntry) =>
    SHOW_RANK[a.contact.presence.show] - SHOW_RANK[b.contact.presence.show] ||
    collator.compare(displayName(a.contact), displayName(b.contact)) ||
    a.accountId.localeCompare(b.accountId);
  return [...byGroup.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : collator.compare(a, b)))
    .map(([group, list]) => ({
      group,
      entries: list.sort(order),
      online: list.filter((e) => isOnline(e.contact)).length,
    }));
}

/** Every roster group name of an account, A→Z, for group pickers. */
export function groupNames(contacts: readonly Contact[], collator: Intl.Collator): string[] {
  return [...new Set(contacts.flatMap((c) => c.groups))].sort(collator.compare);
}

/**
 * The accounts that are online, as one string (stable while none comes or goes, unlike the
 * snapshots, which change with every status line): for rosterEntries' onlineAccounts.
 */
export const selectOnlineAccountsKey = (state: AppState): string =>
  state.accountOrder.filter((id) => state.accounts[id]?.status === 'online').join('\n');
