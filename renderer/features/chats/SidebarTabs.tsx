/**
 * "Chats | Contacts": the sidebar's two lists as tabs (WAI-ARIA tabs with automatic activation:
 * Left and Right, Home and End move between the tabs and show the list at once). The Chats tab
 * carries the unread total, so unread messages are seen from the Contacts tab too.
 */
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';
import { selectTotalUnread } from '../../store/chat.selectors';
import type { SidebarTab } from '../../store/ui.slice';
import { listMove } from './listNavigation';

const TABS: readonly SidebarTab[] = ['chats', 'contacts'];

export const tabId = (prefix: string, tab: SidebarTab) => `${prefix}-tab-${tab}`;
export const panelId = (prefix: string) => `${prefix}-panel`;

export function SidebarTabs({ tab, prefix }: { tab: SidebarTab; prefix: string }) {
  const { t } = useTranslation();
  const unread = useAppStore(selectTotalUnread);
  const sidebarTabChosen = useAppStore((s) => s.sidebarTabChosen);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const move = listMove(event.key, TABS.indexOf(tab), TABS.length, { orientation: 'horizontal' });
    if (!move || !('to' in move)) return;
    event.preventDefault();
    const next = TABS[move.to] ?? tab;
    sidebarTabChosen(next);
    document.getElementById(tabId(prefix, next))?.focus();
  };

  return (
    <div className="tabs" role="tablist" aria-label={t('nav.lists')} onKeyDown={onKeyDown}>
      {TABS.map((each) => (
        <button
          key={each}
          type="button"
          role="tab"
          id={tabId(prefix, each)}
          className="tabs__tab"
          aria-selected={each === tab}
          aria-controls={panelId(prefix)}
          tabIndex={each === tab ? 0 : -1}
          onClick={() => sidebarTabChosen(each)}
        >
          {t(`nav.${each}`)}
          {each === 'chats' && unread > 0 && (
            <>
              <span className="tabs__badge" aria-hidden="true">
                {unread > 99 ? '99+' : unread}
              </span>
              <span className="visually-hidden">{t('roster.unread', { count: unread })}</span>
            </>
          )}
        </button>
      ))}
    </div>
  );
}
