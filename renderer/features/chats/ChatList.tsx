/**
 * Recent conversations of every kind across the shown accounts, newest first, as one listbox.
 * The list is virtualized (only the rows in view are in the DOM), so thousands of conversations
 * cost what a screenful does. Arrow keys, Home, End and Page Up/Down move the focus (the list
 * keeps DOM focus and points at the row with aria-activedescendant); Enter or a click opens.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useId,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';
import { convKey } from '../../store/chat.selectors';
import { selectFilter, selectLocale } from '../../store/ui.selectors';
import { selectManyAccounts } from '../contacts/AccountBadge';
import { chatEntries, type ChatEntry } from './chatEntries';
import { CHAT_ROW_HEIGHT, ChatRow } from './ChatRow';
import { listMove } from './listNavigation';

export function ChatList({ labelledBy }: { labelledBy: string }) {
  const { t } = useTranslation();
  const conversations = useAppStore((s) => s.conversations);
  // Rooms just entered are listed before anyone writes in them.
  const roomConversations = useAppStore((s) => s.roomConversations);
  const rooms = useAppStore((s) => s.rooms);
  const rosters = useAppStore((s) => s.rosters);
  const accountOrder = useAppStore((s) => s.accountOrder);
  const accountFilter = useAppStore((s) => s.accountFilter);
  const filter = useAppStore(selectFilter);
  const locale = useAppStore(selectLocale);
  const many = useAppStore(selectManyAccounts);
  const selectedKey = useAppStore((s) =>
    s.selected ? convKey(s.selected.accountId, s.selected.peer) : null,
  );
  const conversationOpened = useAppStore((s) => s.conversationOpened);
  const sidebarTabChosen = useAppStore((s) => s.sidebarTabChosen);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const prefix = useId();

  const entries = useMemo(
    () =>
      chatEntries(
        { ...roomConversations, ...conversations },
        rosters,
        accountOrder,
        accountFilter,
        filter,
        rooms,
      ),
    [conversations, roomConversations, rooms, rosters, accountOrder, accountFilter, filter],
  );
  const activeIndex = activeKey === null ? -1 : entries.findIndex((e) => e.key === activeKey);
  // Keys hold a newline (never in an id) and JID characters: encoded, they make stable ids.
  const optionId = (key: string) => `${prefix}-${encodeURIComponent(key)}`;

  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CHAT_ROW_HEIGHT,
    getItemKey: (i) => entries[i]?.key ?? i,
    overscan: 6,
    paddingStart: 4,
    paddingEnd: 8,
  });

  // Stable (the row hands its entry back), so a batch of events re-renders only changed rows.
  const open = useCallback(
    (entry: ChatEntry) => {
      const { accountId, kind, peer } = entry.conversation;
      setActiveKey(entry.key);
      // From now on the sidebar stays on Chats, whatever arrives.
      sidebarTabChosen('chats');
      conversationOpened({ accountId, kind, peer });
    },
    [conversationOpened, sidebarTabChosen],
  );

  const moveTo = (index: number) => {
    const entry = entries[index];
    if (!entry) return;
    setActiveKey(entry.key);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / CHAT_ROW_HEIGHT));
    const move = listMove(event.key, activeIndex, entries.length, { page });
    if (!move) return;
    event.preventDefault();
    const active = entries[activeIndex];
    if ('open' in move) {
      if (active) open(active);
    } else moveTo(move.to);
  };

  // Focus arriving on the list lands on the open conversation, else on the first one.
  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget || activeIndex >= 0) return;
    const selectedIndex = entries.findIndex((e) => e.key === selectedKey);
    moveTo(selectedIndex >= 0 ? selectedIndex : 0);
  };

  if (entries.length === 0 && !filter.trim()) {
    return (
      <div className="roster-empty">
        <p className="roster-empty__title">{t('chats.empty')}</p>
        <p>{t('chats.emptyHint')}</p>
        <button
          type="button"
          className="button button--small roster-empty__action"
          onClick={() => sidebarTabChosen('contacts')}
        >
          {t('chats.showContacts')}
        </button>
      </div>
    );
  }
  if (entries.length === 0) {
    return (
      <p className="roster-empty" role="status">
        {t('chats.noMatches', { query: filter.trim() })}
      </p>
    );
  }

  return (
    <div
      ref={scrollRef}
      className="chat-list"
      role="listbox"
      aria-labelledby={labelledBy}
      tabIndex={0}
      aria-activedescendant={activeIndex >= 0 && activeKey ? optionId(activeKey) : undefined}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
    >
      <div className="chat-list__canvas" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const entry = entries[item.index];
          if (!entry) return null;
          return (
            <ChatRow
              key={entry.key}
              id={optionId(entry.key)}
              entry={entry}
              index={item.index}
              count={entries.length}
              selected={entry.key === selectedKey}
              active={item.index === activeIndex}
              showAccount={many}
              locale={locale}
              top={item.start}
              onOpen={open}
            />
          );
        })}
      </div>
    </div>
  );
}
