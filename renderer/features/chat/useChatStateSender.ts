/**
 * Tells the other party when we type (XEP-0085): "composing" on the first keystroke, "paused"
 * after a few quiet seconds, "active" when the box is emptied or we leave the conversation.
 * Only changes are sent, so typing a sentence costs one request, not one per key.
 */
import { useCallback, useEffect, useRef } from 'react';
import type { ChatState, ConversationKind } from '../../../shared/contract';
import { useAppStore } from '../../store';

const PAUSE_MS = 4000;

/** Returns a function to call with the box's text on every change (`sent` after a send). */
export function useChatStateSender(
  accountId: string,
  kind: ConversationKind,
  peer: string,
): (text: string, sent?: boolean) => void {
  const ownStateChanged = useAppStore((s) => s.ownStateChanged);
  const sent = useRef<ChatState>('active');
  const timer = useRef<number | undefined>(undefined);

  const change = useCallback(
    (state: ChatState) => {
      if (sent.current === state) return;
      sent.current = state;
      ownStateChanged({ accountId, kind, peer }, state);
    },
    [accountId, kind, peer, ownStateChanged],
  );

  useEffect(
    () => () => {
      window.clearTimeout(timer.current);
      if (sent.current !== 'active') ownStateChanged({ accountId, kind, peer }, 'active');
      sent.current = 'active';
    },
    [accountId, kind, peer, ownStateChanged],
  );

  return useCallback(
    (text: string, afterSend = false) => {
      window.clearTimeout(timer.current);
      if (text.trim() === '') {
        // After a send the message itself carries <active/>; nothing more to say then.
        if (afterSend) sent.current = 'active';
        else change('active');
        return;
      }
      change('composing');
      timer.current = window.setTimeout(() => change('paused'), PAUSE_MS);
    },
    [change],
  );
}
