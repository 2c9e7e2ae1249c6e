/**
 * The contacts of all accounts (or of the filtered one) as one listbox, grouped by roster group
 * with online contacts first. Arrow keys, Home, End and Page Up/Down move the focus
 * (aria-activedescendant keeps DOM focus on the list itself) without opening anything, so that
 * walking the list marks nothing read; Enter or a click opens the contact's chat, which is then
 * the selected option. The Menu key or Shift+F10 opens the focused contact's actions.
 */
import {
  useCallback,
  useId,
  useMemo,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import { Menu, type MenuAnchor } from '../../components/Menu';
import { useAppStore } from '../../store';
import {
  displayName,
  rosterEntries,
  rosterSections,
  selectOnlineAccountsKey,
  selectOpenContactKey,
} from '../../store/roster.selectors';
import { contactKey } from '../../store/subscriptions.slice';
import { selectFilter, selectLocale } from '../../store/ui.selectors';
import { listMove } from '../chats/listNavigation';
import { selectManyAccounts } from './AccountBadge';
import { ContactRow } from './ContactRow';
import { useContactActions } from './useContactActions';

interface OpenMenu {
  readonly accountId: string;
  readonly jid: string;
  readonly anchor: MenuAnchor;
}

export function RosterList({ labelledBy }: { labelledBy: string }) {
  const { t } = useTranslation();
  const rosters = useAppStore((s) => s.rosters);
  const onlineKey = useAppStore(selectOnlineAccountsKey);
  const accountOrder = useAppStore((s) => s.accountOrder);
  const accountFilter = useAppStore((s) => s.accountFilter);
  const many = useAppStore(selectManyAccounts);
  const filter = useAppStore(selectFilter);
  const locale = useAppStore(selectLocale);
  const selectedKey = useAppStore(selectOpenContactKey);
  const contactOpened = useAppStore((s) => s.contactOpened);
  const sidebarTabChosen = useAppStore((s) => s.sidebarTabChosen);
  const actions = useContactActions();
  const [menu, setMenu] = useState<OpenMenu | null>(null);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const prefix = useId();

  const entries = useMemo(
    () => rosterEntries(rosters, accountOrder, accountFilter, new Set(onlineKey.split('\n'))),
    [rosters, accountOrder, accountFilter, onlineKey],
  );
  const sections = useMemo(
    () => rosterSections(entries, filter, new Intl.Collator(locale, { sensitivity: 'base' })),
    [entries, filter, locale],
  );
  const flat = useMemo(
    () =>
      sections.flatMap((section, s) =>
        section.entries.map((entry, i) => ({ id: `${prefix}-${s}-${i}`, ...entry })),
      ),
    [sections, prefix],
  );
  const activeIndex = activeKey === null ? -1 : flat.findIndex((o) => o.key === activeKey);

  const select = useCallback(
    (accountId: string, jid: string) => {
      setActiveKey(contactKey(accountId, jid));
      // From now on the sidebar stays on Contacts, whatever conversations arrive.
      sidebarTabChosen('contacts');
      contactOpened(accountId, jid);
    },
    [contactOpened, sidebarTabChosen],
  );
  const openMenu = useCallback((accountId: string, jid: string, event: MouseEvent) => {
    setActiveKey(contactKey(accountId, jid));
    setMenu({ accountId, jid, anchor: { x: event.clientX, y: event.clientY } });
  }, []);

  const move = (index: number) => {
    const option = flat[index];
    if (!option) return;
    setActiveKey(option.key);
    document.getElementById(option.id)?.scrollIntoView({ block: 'nearest' });
  };

  // Focus arriving on the list lands on the open contact, else on the first one.
  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget || activeIndex >= 0) return;
    const open = flat.findIndex((o) => o.key === selectedKey);
    move(open >= 0 ? open : 0);
  };

  const menuFromKeyboard = () => {
    const option = flat[activeIndex];
    const element = option && document.getElementById(option.id);
    if (!option || !element) return;
    const r = element.getBoundingClientRect();
    setMenu({
      accountId: option.accountId,
      jid: option.contact.jid,
      anchor: { x: r.left + 48, y: r.bottom - 4 },
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
      event.preventDefault();
      menuFromKeyboard();
      return;
    }
    const page = Math.max(1, Math.floor(event.currentTarget.clientHeight / 56));
    const moved = listMove(event.key, activeIndex, flat.length, { page });
    if (!moved) return;
    event.preventDefault();
    const option = flat[activeIndex];
    if ('to' in moved) move(moved.to);
    else if (option) select(option.accountId, option.contact.jid);
  };

  if (entries.length === 0) {
    return (
      <div className="roster-empty">
        <p className="roster-empty__title">{t('roster.empty')}</p>
        <p>{t('roster.emptyHint')}</p>
      </div>
    );
  }
  if (flat.length === 0) {
    return (
      <p className="roster-empty" role="status">
        {t('roster.noMatches', { query: filter.trim() })}
      </p>
    );
  }

  return (
    <>
      <div
        className="roster"
        role="listbox"
        aria-labelledby={labelledBy}
        tabIndex={0}
        aria-activedescendant={activeIndex >= 0 ? flat[activeIndex]?.id : undefined}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
      >
        {sections.map((section, s) => {
          const headId = `${prefix}-g${s}`;
          return (
            <div
              role="group"
              aria-labelledby={headId}
              key={section.group ?? '\u0000'}
              className="roster__section"
            >
              <div className="roster__group" id={headId}>
                <span className="roster__group-name">{section.group ?? t('roster.noGroup')}</span>
                <span className="roster__group-count">
                  {t('roster.groupCount', {
                    online: section.online,
                    total: section.entries.length,
                  })}
                </span>
              </div>
              {section.entries.map((entry, i) => (
                <ContactRow
                  key={entry.key}
                  id={`${prefix}-${s}-${i}`}
                  accountId={entry.accountId}
                  contact={entry.contact}
                  name={displayName(entry.contact)}
                  selected={entry.key === selectedKey}
                  active={entry.key === activeKey}
                  showAccount={many}
                  onSelect={select}
                  onMenu={openMenu}
                />
              ))}
            </div>
          );
        })}
      </div>
      {menu && (
        <Menu
          label={t('contact.actionsFor', { jid: menu.jid })}
          items={actions(menu.accountId, menu.jid)}
          anchor={menu.anchor}
          onClose={() => setMenu(null)}
        />
      )}
    </>
  );
}
