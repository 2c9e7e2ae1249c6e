/**
 * The main window: on the left the account strip, requests, the "Chats | Contacts" tabs with a
 * filter box, and the chosen list; on the right the open conversation.
 */
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { focusHome } from '../../components/focusHome';
import { Icon } from '../../components/Icon';
import { errorText } from '../../i18n/errorText';
import { useAppStore } from '../../store';
import { selectActionError, selectFilter, selectSidebarTab } from '../../store/ui.selectors';
import { AccountStrip } from '../account/AccountStrip';
import { ArchiveStatus } from '../chats/ArchiveStatus';
import { ChatList } from '../chats/ChatList';
import { panelId, SidebarTabs, tabId } from '../chats/SidebarTabs';
import { ChatOverlays } from '../chat/ChatOverlays';
import { ConversationPane } from '../chat/ConversationPane';
import { ChatNotifications } from '../notifications/ChatNotifications';
import { SearchLauncher } from '../search/MessageSearch';
import { SettingsFooter } from '../settings/SettingsFooter';
import { AccountFilter } from './AccountFilter';
import { ContactMenuButton, EmptyPane } from './CenterPane';
import { RequestsSection } from './RequestsSection';
import { RosterList } from './RosterList';
import { PeoplePanel } from '../rooms/PeoplePanel';
import { InvitationsSection } from '../rooms/InvitationsSection';
import '../../styles/chats.css';
import '../../styles/rooms.css';

export function MainScreen() {
  const { t } = useTranslation();
  const filter = useAppStore(selectFilter);
  const filterChanged = useAppStore((s) => s.filterChanged);
  const tab = useAppStore(selectSidebarTab);
  const selected = useAppStore((s) => s.selected);
  // The contact menu belongs to roster contacts: a chat with a stranger has none.
  const inRoster = useAppStore((s) =>
    s.selected?.kind === 'chat'
      ? (s.rosters[s.selected.accountId]?.some((c) => c.jid === s.selected?.peer) ?? false)
      : false,
  );
  const selectedRoom = useAppStore((s) =>
    s.selected?.kind === 'room'
      ? s.rooms[`${s.selected.accountId}\n${s.selected.peer}`]
      : undefined,
  );
  const peoplePanel = useAppStore((s) => s.peoplePanel);
  const actionError = useAppStore(selectActionError);
  const actionErrorDismissed = useAppStore((s) => s.actionErrorDismissed);
  const dialogOpened = useAppStore((s) => s.dialogOpened);
  const listTitleId = useId();
  const tabs = useId();
  // The sign-in (or unlock) screen that had the focus is gone: start in the list's filter box.
  useEffect(() => focusHome(), []);
  const searchLabel = tab === 'chats' ? t('chats.search') : t('roster.search');

  return (
    <div className="main">
      <aside className="sidebar" aria-label={t('sidebar.label')}>
        <AccountStrip />
        {actionError && <Alert onDismiss={actionErrorDismissed}>{errorText(t, actionError)}</Alert>}
        <RequestsSection />
        <InvitationsSection />
        <ChatNotifications />
        <SidebarTabs tab={tab} prefix={tabs} />
        <div className="roster-tools">
          <div className="search">
            <Icon name="search" className="search__icon" />
            <input
              type="search"
              className="search__input"
              value={filter}
              onChange={(e) => filterChanged(e.target.value)}
              placeholder={searchLabel}
              aria-label={searchLabel}
              aria-controls={panelId(tabs)}
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
            aria-label={t('rooms.join.open')}
            title={t('rooms.join.open')}
            onClick={() => dialogOpened({ kind: 'joinRoom' })}
          >
            <Icon name="users" />
          </button>
          <button
            type="button"
            className="icon-button roster-tools__add"
            aria-label={t('createGroup.open')}
            title={t('createGroup.open')}
            onClick={() => dialogOpened({ kind: 'createGroup' })}
          >
            <Icon name="groupAdd" />
          </button>
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
        <div
          className="sidebar__panel"
          role="tabpanel"
          id={panelId(tabs)}
          aria-labelledby={tabId(tabs, tab)}
        >
          <h2 className="visually-hidden" id={listTitleId}>
            {tab === 'chats' ? t('chats.title') : t('roster.title')}
          </h2>
          {tab === 'chats' ? (
            <ChatList labelledBy={listTitleId} />
          ) : (
            <RosterList labelledBy={listTitleId} />
          )}
        </div>
        <ArchiveStatus />
        <SettingsFooter />
      </aside>
      <main className="content">
        {selected ? (
          <ConversationPane
            key={`${selected.accountId}\n${selected.peer}`}
            accountId={selected.accountId}
            kind={selected.kind}
            peer={selected.peer}
            actions={
              inRoster ? (
                <ContactMenuButton accountId={selected.accountId} jid={selected.peer} />
              ) : undefined
            }
          />
        ) : (
          <EmptyPane />
        )}
        {selectedRoom && peoplePanel && (
          <PeoplePanel
            key={`people\n${selectedRoom.accountId}\n${selectedRoom.room}`}
            room={selectedRoom}
            name={selectedRoom.name ?? selectedRoom.room.split('@')[0]!}
          />
        )}
      </main>
      <ChatOverlays />
    </div>
  );
}
