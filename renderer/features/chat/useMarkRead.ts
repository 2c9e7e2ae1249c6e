/**
 * Marks the conversation read while the user can actually see it: the page is visible and the
 * window has focus. Unread messages that arrive while the window is in the background stay
 * unread until the user comes back. During a flood into the open conversation the unread count
 * changes once per batch; each mark is a database write and an event in the main process, so
 * marks are spaced at least MARK_EVERY_MS apart (the last one always follows).
 */
import { useEffect, useRef } from 'react';
import type { ConversationKind } from '../../../shared/contract';
import { useAppStore } from '../../store';
import { selectUnread } from '../../store/chat.selectors';

const MARK_EVERY_MS = 300;

export function useMarkRead(accountId: string, kind: ConversationKind, peer: string): void {
  const unread = useAppStore(selectUnread(accountId, peer));
  const markReadRequested = useAppStore((s) => s.markReadRequested);
  const lastMark = useRef(-Infinity);

  useEffect(() => {
    let timer: number | undefined;
    const mark = () => {
      timer = undefined;
      if (unread > 0 && document.visibilityState === 'visible' && document.hasFocus()) {
        lastMark.current = performance.now();
        void markReadRequested({ accountId, kind, peer });
      }
    };
    const check = () => {
      const wait = lastMark.current + MARK_EVERY_MS - performance.now();
      if (wait <= 0) mark();
      else timer ??= window.setTimeout(mark, wait);
    };
    check();
    window.addEventListener('focus', check);
    document.addEventListener('visibilitychange', check);
    return () => {
      if (timer !== undefined) window.clearTimeout(timer);
      window.removeEventListener('focus', check);
      document.removeEventListener('visibilitychange', check);
    };
  }, [unread, accountId, kind, peer, markReadRequested]);
}
