/**
 * Marks the conversation read while the user can actually see it: the page is visible and the
 * window has focus. Unread messages that arrive while the window is in the background stay
 * unread until the user comes back.
 */
import { useEffect } from 'react';
import type { ConversationKind } from '../../../shared/contract';
import { useAppStore } from '../../store';
import { selectUnread } from '../../store/chat.selectors';

export function useMarkRead(accountId: string, kind: ConversationKind, peer: string): void {
  const unread = useAppStore(selectUnread(accountId, peer));
  const markReadRequested = useAppStore((s) => s.markReadRequested);

  useEffect(() => {
    const check = () => {
      if (unread > 0 && document.visibilityState === 'visible' && document.hasFocus()) {
        void markReadRequested({ accountId, kind, peer });
      }
    };
    check();
    window.addEventListener('focus', check);
    document.addEventListener('visibilitychange', check);
    return () => {
      window.removeEventListener('focus', check);
      document.removeEventListener('visibilitychange', check);
    };
  }, [unread, accountId, kind, peer, markReadRequested]);
}
