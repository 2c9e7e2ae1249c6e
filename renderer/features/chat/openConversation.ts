/**
 * Shows a conversation from outside the lists (a search result, a notification): opens it in
 * the main pane and, when a message is given, the history around that message.
 */
import type { AppState } from '../../store';
import type { ConvRef } from '../../store/ui.slice';

export function openConversation(state: AppState, ref: ConvRef, messageId?: string): void {
  // The jump first: opening the conversation would otherwise load the newest page, not this one.
  if (messageId) state.jumpRequested(ref, messageId);
  state.conversationOpened(ref);
}
