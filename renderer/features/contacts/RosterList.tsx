/**
 * The contacts of all accounts (or of the filtered one) as one listbox, grouped by roster group
 * with online contacts first. Arrow keys, Home and End move the selection (aria-activedescendant
 * keeps focus on the list itself); the Menu key or Shift+F10 opens the selected contact's actions.
 */
import { useCallback, useId, useMemo, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Menu, type MenuAnchor } from '../../components/Menu';
import { useAppStore } from '../../store';
import { displayName, rosterEntries, rosterSections } from '../../store/roster.selectors';
import { contactKey } from '../../store/subscriptions.slice';
import { selectFilter, selectLocale } from '../../store/ui.selectors';
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
  const accountOrder = useAppStore((s) => s.accountOrder);
  const accountFilter = useAppStore((s) => s.accountFilter);
  const many = useAppStore(selectManyAccounts);
  const filter = useAppStore(selectFilter);
  const locale = useAppStore(selectLocale);
  const selectedKey = useAppStore((s) =>
    s.selectedJid && s.activeAccountId ? contactKey(s.activeAccountId, s.selectedJid) : null,
  );
  const contactSelected = useAppStore((s) => s.contactSelected);
  const actions = useContactActions();
  const [menu, setMenu] = useState<OpenMenu | null>(null);
  const prefix = useId();

  const entries = useMemo(
    () => rosterEntries(rosters, accountOrder, accountFilter),
    [rosters, accountOrder, accountFilter],
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
  const activeIndex = flat.findIndex((o) => o.key === selectedKey);

  const select = useCallback(
    (accountId: string, jid: string) => contactSelected(jid, accountId),
    [contactSelected],
  );
  const openMenu = useCallback(
    (accountId: string, jid: string, event: MouseEvent) =>
      setMenu({ accountId, jid, anchor: { x: event.clientX, y: event.clientY } }),
    [],
  );

  const move = (index: number) => {
    const option = flat[Math.max(0, Math.min(flat.length - 1, index))];
    if (!option) return;
    contactSelected(option.contact.jid, option.accountId);
    document.getElementById(option.id)?.scrollIntoView({ block: 'nearest' });
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

  const onKeyDown = (event: KeyboardEvent) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(activeIndex + 1),
      ArrowUp: () => move(activeIndex === -1 ? flat.length - 1 : activeIndex - 1),
      Home: () => move(0),
      End: () => move(flat.length - 1),
      ContextMenu: menuFromKeyboard,
    };
    const action = event.key === 'F10' && event.shiftKey ? menuFromKeyboard : keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
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
