/**
 * The conversation's messages, virtualized: only the rows in view (plus a few) are in the DOM, so
 * a conversation of any length opens at once. The list is anchored at its end (loading an older
 * page above keeps what is on screen in place). New messages are followed to the end while the
 * user is there, and counted on a "new messages" button while they read further up (useFollow).
 * Scrolling near the top asks for the next older page.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';
import { convKey } from '../../store/chat.selectors';
import type { Thread } from '../../store/chat.slice';
import { selectLocale } from '../../store/ui.selectors';
import { mentions } from '../../../shared/nick';
import { bubbleWords, MessageBubble } from './MessageBubble';
import { NewMessagesButton } from './NewMessagesButton';
import { buildRows, dayLabel, type Row } from './rows';
import { useFollow } from './useFollow';

interface MessageListProps {
  readonly accountId: string;
  readonly peer: string;
  readonly thread: Thread;
  readonly labelledBy: string;
}

const HIGHLIGHT_MS = 2500;
/** Ask for older messages when this few rows are left above the first visible one. */
const PREFETCH_ROWS = 10;
const PADDING = 12;

/**
 * A row's height before it is measured, in px (the styles in chat.css: a one-line bubble is 31
 * high plus its 8px gap, 2px when it continues a run; each further line of about 64 characters
 * adds 21). Close guesses keep the corrections small when the rows are measured.
 */
function estimateRow(row: Row | undefined): number {
  if (row?.kind !== 'message') return row?.kind === 'start' ? 34 : 40;
  const lines = Math.max(1, Math.ceil(row.message.body.length / 64));
  return (row.continued ? 33 : 39) + (lines - 1) * 21;
}

export function MessageList({ accountId, peer, thread, labelledBy }: MessageListProps) {
  const { t } = useTranslation();
  const locale = useAppStore(selectLocale);
  const olderRequested = useAppStore((s) => s.olderRequested);
  const jump = useAppStore((s) => s.jump);
  const jumpDone = useAppStore((s) => s.jumpDone);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [highlight, setHighlight] = useState<string | null>(null);
  const atStart = thread.olderCursor === undefined;
  const rows = useMemo(() => buildRows(thread.messages, atStart), [thread.messages, atStart]);
  const words = useMemo(() => ({ today: t('chat.today'), yesterday: t('chat.yesterday') }), [t]);
  const bubble = useMemo(() => bubbleWords(t), [t]);
  // In a room, messages that mention our nickname stand out.
  const ownNick = useAppStore((s) => s.rooms[`${accountId}\n${peer}`]?.nick);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => estimateRow(rows[i]),
    getItemKey: (i) => rows[i]?.key ?? i,
    anchorTo: 'end',
    // Not followOnAppend: useFollow follows, without measuring the DOM in each render.
    overscan: 6,
    paddingStart: PADDING,
    paddingEnd: PADDING,
    // The list opens at its end: the first render already lays out the newest rows, instead of
    // the oldest ones and then, after a scroll, the newest. The window's height bounds the
    // list's, so these rows cover the view; the real size comes when the list is mounted.
    initialRect: { width: 0, height: window.innerHeight },
    initialOffset: () => {
      let total = 2 * PADDING;
      for (const row of rows) total += estimateRow(row);
      return Math.max(0, total - window.innerHeight);
    },
  });
  const items = virtualizer.getVirtualItems();

  const opened = useRef<string | null>(null);
  const key = convKey(accountId, peer);
  const { unseen, toNewest, release } = useFollow(
    scrollRef,
    virtualizer,
    thread.messages,
    () => opened.current === key,
  );

  // Open at the newest message, once per conversation (unless a search hit says otherwise).
  useLayoutEffect(() => {
    if (opened.current === key || rows.length === 0 || thread.loading) return;
    opened.current = key;
    if (!jump || convKey(jump.accountId, jump.peer) !== key) {
      // To the very end, past the last row's bottom padding.
      virtualizer.scrollToEnd();
    }
  }, [key, rows.length, thread.loading, jump, virtualizer]);

  // A search hit or notification: scroll to the message and highlight it for a moment.
  useLayoutEffect(() => {
    if (!jump || convKey(jump.accountId, jump.peer) !== key || thread.loading) return;
    const index = rows.findIndex((r) => r.key === jump.messageId);
    if (index < 0) return;
    opened.current = key;
    virtualizer.scrollToIndex(index, { align: 'center' });
    release();
    setHighlight(jump.messageId);
    jumpDone();
  }, [jump, key, rows, thread.loading, virtualizer, jumpDone, release]);

  useEffect(() => {
    if (!highlight) return;
    const timer = window.setTimeout(() => setHighlight(null), HIGHLIGHT_MS);
    return () => window.clearTimeout(timer);
  }, [highlight]);

  const firstIndex = items[0]?.index;
  useEffect(() => {
    if (firstIndex === undefined || opened.current !== key) return;
    if (firstIndex <= PREFETCH_ROWS && thread.olderCursor !== undefined && !thread.loading) {
      void olderRequested(accountId, peer);
    }
  }, [firstIndex, key, thread.olderCursor, thread.loading, olderRequested, accountId, peer]);

  const backToNewest = () => {
    toNewest();
    // The button goes away: keyboard users continue from the list rather than from nowhere.
    scrollRef.current?.focus({ preventScroll: true });
  };

  return (
    <div className="messages-frame">
      <div
        ref={scrollRef}
        className="messages"
        role="log"
        aria-labelledby={labelledBy}
        aria-busy={thread.loading}
        tabIndex={0}
        data-testid="messages"
      >
        <div className="messages__canvas" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="messages__row"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {row.kind === 'start' ? (
                  <p className="messages__start">{t('chat.start')}</p>
                ) : row.kind === 'day' ? (
                  <div className="day-sep" role="separator">
                    <span>{dayLabel(row.at, locale, words)}</span>
                  </div>
                ) : (
                  <MessageBubble
                    message={row.message}
                    continued={row.continued}
                    highlighted={highlight === row.message.id}
                    mentioned={
                      ownNick !== undefined &&
                      row.message.kind === 'room' &&
                      row.message.direction === 'in' &&
                      mentions(row.message.body, ownNick)
                    }
                    locale={locale}
                    words={bubble}
                  />
                )}
              </div>
            );
          })}
        </div>
      </div>
      {unseen > 0 && <NewMessagesButton count={unseen} onClick={backToNewest} />}
    </div>
  );
}
