/**
 * The main window: on the left the accounts, incoming requests, search, account filter and the
 * unified contact list; on the right the selected contact (the chat pane goes there).
 */
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { focusHome } from '../../components/focusHome';
import { Icon } from '../../components/Icon';
import { errorText } from '../../i18n/errorText';
import { useAppStore } from '../../store';
import { selectSelectedContact } from '../../store/roster.selectors';
import { selectActionError, selectFilter } from '../../store/ui.selectors';
import { AccountsPanel } from '../account/AccountsPanel';
import { ChatOverlays } from '../chat/ChatOverlays';
import { ConversationPane } from '../chat/ConversationPane';
import { ChatNotifications } from '../notifications/ChatNotifications';
import { SearchLauncher } from '../search/MessageSearch';
import { SettingsControls } from '../settings/SettingsControls';
import { AccountFilter } from './AccountFilter';
import { ContactMenuButton, EmptyPane } from './CenterPane';
import { RequestsSection } from './RequestsSection';
import { RosterList } from './RosterList';

export function MainScreen() {
  const { t } = useTranslation();
  const filter = useAppStore(selectFilter);
  const filterChanged = useAppStore((s) => s.filterChanged);
  const selected = useAppStore(selectSelectedContact);
  const activeAccountId = useAppStore((s) => s.activeAccountId);
  const actionError = useAppStore(selectActionError);
  const actionErrorDismissed = useAppStore((s) => s.actionErrorDismissed);
  const dialogOpened = useAppStore((s) => s.dialogOpened);
  const rosterTitleId = useId();
  // The sign-in (or unlock) screen that had the focus is gone: start in the contact search.
  useEffect(() => focusHome(), []);

  return (
    <div className="main">
      <aside className="sidebar" aria-label={t('sidebar.label')}>
        <AccountsPanel />
        {actionError && <Alert onDismiss={actionErrorDismissed}>{errorText(t, actionError)}</Alert>}
        <RequestsSection />
        <ChatNotifications />
        <div className="roster-tools">
          <div className="search">
            <Icon name="search" className="search__icon" />
            <input
              type="search"
              className="search__input"
              value={filter}
              onChange={(e) => filterChanged(e.target.value)}
              placeholder={t('roster.search')}
              aria-label={t('roster.search')}
              data-focus-home
              onKeyDown={(e) => {
                if (e.key === 'Escape') filterChanged('');
              }}
            />
          </div>
          <SearchLauncher />
          <button
            type="button"
            className="icon-button roster-tools__add"
            aria-label={t('addContact.open')}
            title={t('addContact.open')}
            onClick={() => dialogOpened({ kind: 'addContact' })}
          >
            <Icon name="userPlus" />
          </button>
        </div>
        <AccountFilter />
        <h2 className="visually-hidden" id={rosterTitleId}>
          {t('roster.title')}
        </h2>
        <RosterList labelledBy={rosterTitleId} />
        <footer className="sidebar__footer">
          <SettingsControls compact />
        </footer>
      </aside>
      <main className="content">
        {selected && activeAccountId ? (
          <ConversationPane
            key={`${activeAccountId}\n${selected.jid}`}
            accountId={activeAccountId}
            peer={selected.jid}
            actions={<ContactMenuButton accountId={activeAccountId} jid={selected.jid} />}
          />
        ) : (
          <EmptyPane />
        )}
      </main>
      <ChatOverlays />
    </div>
  );
}
