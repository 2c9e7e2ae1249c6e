/**
 * Message search across all accounts (Ctrl+K or the search button): a dialog with a search box
 * and the hits grouped by conversation. Typing searches after a short pause; arrow keys move
 * through the hits while focus stays in the box (combobox pattern); Enter opens the conversation
 * scrolled to the message.
 */
import { useContext, useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationKind, SearchHit } from '../../../shared/contract';
import { Icon } from '../../components/Icon';
import { Modal } from '../../components/Modal';
import { errorText } from '../../i18n/errorText';
import { StoreContext, useAppStore, type AppState } from '../../store';
import { convKey } from '../../store/chat.selectors';
import { selectLocale } from '../../store/ui.selectors';
import { openConversation } from '../chat/openConversation';
import { conversationName, conversationTitle } from '../chats/conversationName';
import { SearchResult } from './SearchResult';
import '../../styles/search.css';

const DEBOUNCE_MS = 200;

interface Group {
  readonly key: string;
  readonly accountId: string;
  readonly kind: ConversationKind;
  readonly peer: string;
  readonly hits: readonly SearchHit[];
}

function groupHits(hits: readonly SearchHit[]): Group[] {
  const groups = new Map<string, Group & { hits: SearchHit[] }>();
  for (const hit of hits) {
    const { accountId, kind, peer } = hit.message;
    const key = convKey(accountId, peer);
    const group = groups.get(key) ?? { key, accountId, kind, peer, hits: [] };
    group.hits.push(hit);
    groups.set(key, group);
  }
  return [...groups.values()];
}

const nameOf = (rosters: AppState['rosters'], group: Group) =>
  conversationName(rosters[group.accountId], group.kind, group.peer);

export function SearchPanel() {
  const { t } = useTranslation();
  const query = useAppStore((s) => s.searchQuery);
  const hits = useAppStore((s) => s.searchHits);
  const status = useAppStore((s) => s.searchStatus);
  const error = useAppStore((s) => s.searchError);
  const rosters = useAppStore((s) => s.rosters);
  const locale = useAppStore(selectLocale);
  const store = useContext(StoreContext);
  const queryChanged = useAppStore((s) => s.searchQueryChanged);
  const searchRequested = useAppStore((s) => s.searchRequested);
  const searchClosed = useAppStore((s) => s.searchClosed);
  // The active hit belongs to one answer: a new answer starts again at the first hit.
  const [cursor, setCursor] = useState({ hits, index: 0 });
  const active = cursor.hits === hits ? cursor.index : 0;
  const setActive = (index: number) => setCursor({ hits, index });
  const titleId = useId();
  const listId = useId();

  useEffect(() => {
    const timer = window.setTimeout(() => void searchRequested(), DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [query, searchRequested]);

  const groups = useMemo(() => groupHits(hits), [hits]);
  const flat = useMemo(() => groups.flatMap((g) => g.hits), [groups]);
  // Each group's first index in `flat`, so options get stable ids for aria-activedescendant.
  const offsets = useMemo(
    () => groups.map((_, g) => groups.slice(0, g).reduce((n, x) => n + x.hits.length, 0)),
    [groups],
  );
  const optionId = (i: number) => `${listId}-o${i}`;

  const choose = (hit: SearchHit | undefined) => {
    if (!hit) return;
    searchClosed();
    const { accountId, kind, peer, id } = hit.message;
    if (store) openConversation(store.getState(), { accountId, kind, peer }, id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + 5,
      PageUp: active - 5,
    };
    if (event.key in moves && flat.length > 0) {
      event.preventDefault();
      const next = Math.max(0, Math.min(flat.length - 1, moves[event.key] ?? 0));
      setActive(next);
      document.getElementById(optionId(next))?.scrollIntoView({ block: 'nearest' });
    } else if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
      event.preventDefault();
      choose(flat[active]);
    }
  };

  return (
    <Modal labelledBy={titleId} onCancel={searchClosed} className="msg-search">
      <h2 id={titleId} className="visually-hidden">
        {t('search.title')}
      </h2>
      <div role="search" className="msg-search__box">
        <Icon name="search" className="msg-search__icon" />
        <input
          type="search"
          className="msg-search__input"
          role="combobox"
          aria-expanded={flat.length > 0}
          aria-controls={listId}
          aria-activedescendant={flat.length > 0 ? optionId(active) : undefined}
          aria-label={t('search.label')}
          placeholder={t('search.placeholder')}
          value={query}
          onChange={(e) => queryChanged(e.target.value)}
          onKeyDown={onKeyDown}
          data-autofocus
        />
        <kbd className="msg-search__kbd">Esc</kbd>
      </div>
      <div className="msg-search__results">
        {status === 'failed' && error && <p role="alert">{errorText(t, error)}</p>}
        {status === 'done' && hits.length === 0 && (
          <p className="msg-search__note" role="status">
            {t('search.none', { query: query.trim() })}
          </p>
        )}
        {status === 'idle' && <p className="msg-search__note">{t('search.hint')}</p>}
        <div id={listId} role="listbox" aria-label={t('search.results')} hidden={flat.length === 0}>
          {groups.map((group, g) => {
            const name = conversationTitle(t, nameOf(rosters, group));
            return (
              <div role="group" aria-label={name} key={group.key} className="msg-search__group">
                <div className="msg-search__group-head" aria-hidden="true">
                  <span className="msg-search__name">{name}</span>
                  {group.kind !== 'chat' && (
                    <span className={`msg-search__kind msg-search__kind--${group.kind}`}>
                      {t(`search.kind.${group.kind}`)}
                    </span>
                  )}
                  <span className="msg-search__account">{group.accountId}</span>
                </div>
                {group.hits.map((hit, h) => {
                  const i = (offsets[g] ?? 0) + h;
                  return (
                    <SearchResult
                      key={hit.message.id}
                      id={optionId(i)}
                      hit={hit}
                      name={name}
                      locale={locale}
                      active={i === active}
                      onChoose={() => choose(hit)}
                      onHover={() => setActive(i)}
                    />
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
      <p className="msg-search__footer" aria-hidden="true">
        {t('search.keys')}
      </p>
    </Modal>
  );
}
