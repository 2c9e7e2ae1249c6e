/**
 * Reads of the chat slice. Conversations are keyed by account and peer; the unread selectors are
 * what the contact list and the window title use.
 */
import type { ChatState, Message } from '../../shared/contract';
import type { Thread } from './chat.slice';
import type { AppState } from './types';

/** The key of a conversation: a newline cannot occur in a JID. */
export const convKey = (accountId: string, peer: string): string => `${accountId}\n${peer}`;

/** Unread incoming messages from one contact of one account. */
export const selectUnread =
  (accountId: string, jid: string) =>
  (state: AppState): number =>
    state.conversations[convKey(accountId, jid)]?.unread ?? 0;

/** Unread messages of one account (for an account switcher badge). */
export const selectAccountUnread =
  (accountId: string) =>
  (state: AppState): number => {
    let total = 0;
    for (const c of Object.values(state.conversations))
      if (c.accountId === accountId) total += c.unread;
    return total;
  };

/**
 * Unread messages of all accounts (the window title). Kept by the slice as conversations change:
 * summing every conversation on each store change cost a tenth of a flood's renderer time.
 */
export const selectTotalUnread = (state: AppState): number => state.unreadTotal;

export const selectThread =
  (accountId: string, peer: string) =>
  (state: AppState): Thread | undefined =>
    state.threads[convKey(accountId, peer)];

/** The other party's chat state, or null when none was reported. */
export const selectPeerState =
  (accountId: string, peer: string) =>
  (state: AppState): ChatState | null =>
    state.peerStates[convKey(accountId, peer)] ?? null;

/** Our newest message that can still be corrected (XEP-0308): sent by us, not failed. */
export function lastCorrectable(messages: readonly Message[]): Message | undefined {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const m = messages[i];
    if (m?.direction === 'out')
      return m.state === 'failed' || m.state === 'pending' ? undefined : m;
  }
  return undefined;
}

/** The display name of a contact of an account: roster name, else the bare JID. */
export const selectPeerName =
  (accountId: string, peer: string) =>
  (state: AppState): string =>
    state.rosters[accountId]?.find((c) => c.jid === peer)?.name?.trim() || peer;
