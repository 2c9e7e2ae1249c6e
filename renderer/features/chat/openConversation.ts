/**
 * Shows a conversation from outside the contact list (a search result, a notification): selects
 * its account and contact, and when a message is given, opens the history around it.
 */
import type { AppState } from '../../store';

export function openConversation(
  state: AppState,
  accountId: string,
  peer: string,
  messageId?: string,
): void {
  // The jump first: selecting the contact would otherwise load the newest page, not this one.
  if (messageId) state.jumpRequested(accountId, peer, messageId);
  state.contactSelected(peer, accountId);
}
