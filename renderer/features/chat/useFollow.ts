/**
 * Whether the message list follows new messages to its end, and how many arrived while it did not.
 *
 * Following is a mode, not a position. The virtualizer's own follow (followOnAppend) asks on every
 * append whether the list is at its end, within a pixel, and that answer is wrong under a flood:
 * a row measured a few pixels off its estimate, or a scroll event from the previous batch landing
 * after the next one grew the list, leaves the list "not at the end", and it stops following for
 * good (4 floods of 5,000 out of 4). The question also read the scroll height in every render,
 * forcing a layout each time. Here only the user's own scrolling turns following off: a wheel or
 * key that scrolls up, or a drag (scroll bar, touch) that moves up. Growth, measurements and our
 * own scrolls never do. Coming back within SLACK_PX of the end (or the "new messages" button, or
 * sending a message) turns it on again.
 */
import type { Virtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Message } from '../../../shared/contract';

/** This close to the end counts as at the end. */
const SLACK_PX = 48;
const UP_KEYS = new Set(['ArrowUp', 'PageUp', 'Home']);

export interface Follow {
  /** Messages that arrived since the user scrolled away from the end (0 while following). */
  readonly unseen: number;
  /** Back to the newest message, following again. */
  toNewest(): void;
  /** Stops following without user input (the list was scrolled to an older message). */
  release(): void;
}

export function useFollow(
  scrollRef: React.RefObject<HTMLDivElement | null>,
  virtualizer: Virtualizer<HTMLDivElement, Element>,
  messages: readonly Message[],
  /** False until the list has made its first scroll (to the end, or to a jump target). */
  ready: () => boolean,
): Follow {
  const following = useRef(true);
  /** The newest message when the user left the end; what came after it is unseen. */
  const [marker, setMarker] = useState<string | null>(null);
  const lastId = messages.at(-1)?.id ?? null;
  const lastIdRef = useRef(lastId);

  const leave = useCallback(() => {
    if (!following.current) return;
    following.current = false;
    setMarker(lastIdRef.current);
  }, []);
  const rejoin = useCallback(() => {
    if (following.current) return;
    following.current = true;
    setMarker(null);
  }, []);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    let dragging = false;
    let lastTop = el.scrollTop;
    const overflows = () => virtualizer.getTotalSize() > el.clientHeight + SLACK_PX;
    const onWheel = (event: WheelEvent) => {
      if (event.deltaY < 0 && overflows()) leave();
    };
    const onKey = (event: KeyboardEvent) => {
      const up = UP_KEYS.has(event.key) || (event.key === ' ' && event.shiftKey);
      if (up && el.contains(event.target as Node) && overflows()) leave();
    };
    // A press on the list itself (not on a row) is on its scroll bar.
    const onPointerDown = (event: PointerEvent) => {
      if (event.target === el) dragging = true;
    };
    const onTouchStart = () => {
      dragging = true;
    };
    const onRelease = () => {
      dragging = false;
    };
    const onScroll = () => {
      const top = el.scrollTop;
      if (virtualizer.getTotalSize() - top - el.clientHeight <= SLACK_PX) rejoin();
      else if (dragging && top < lastTop) leave();
      lastTop = top;
    };
    const passive = { passive: true } as const;
    el.addEventListener('wheel', onWheel, passive);
    el.addEventListener('keydown', onKey);
    el.addEventListener('pointerdown', onPointerDown, passive);
    el.addEventListener('touchstart', onTouchStart, passive);
    el.addEventListener('scroll', onScroll, passive);
    window.addEventListener('pointerup', onRelease, passive);
    window.addEventListener('touchend', onRelease, passive);
    window.addEventListener('touchcancel', onRelease, passive);
    return () => {
      el.removeEventListener('wheel', onWheel);
      el.removeEventListener('keydown', onKey);
      el.removeEventListener('pointerdown', onPointerDown);
      el.removeEventListener('touchstart', onTouchStart);
      el.removeEventListener('scroll', onScroll);
      window.removeEventListener('pointerup', onRelease);
      window.removeEventListener('touchend', onRelease);
      window.removeEventListener('touchcancel', onRelease);
    };
  }, [scrollRef, virtualizer, leave, rejoin]);

  // New messages at the end: follow them, or count them. Our own message just sent is always
  // shown (the user is looking at what they typed). Rows above that grew or loaded (an older
  // page) do not change the last message and need nothing here: the virtualizer keeps them
  // still.
  useLayoutEffect(() => {
    const before = lastIdRef.current;
    lastIdRef.current = lastId;
    if (!ready() || lastId === before) return;
    for (let i = messages.length - 1; i >= 0; i -= 1) {
      const message = messages[i]!;
      if (message.id === before) break;
      if (message.direction === 'out' && message.via === 'live') {
        rejoin();
        break;
      }
    }
    if (following.current) virtualizer.scrollToEnd();
  }, [lastId, messages, ready, rejoin, virtualizer]);

  const unseen = useMemo(() => {
    if (marker === null) return 0;
    let count = 0;
    for (let i = messages.length - 1; i >= 0 && messages[i]!.id !== marker; i -= 1) count += 1;
    return count;
  }, [marker, messages]);

  return {
    unseen,
    toNewest: () => {
      rejoin();
      virtualizer.scrollToEnd();
    },
    release: leave,
  };
}
