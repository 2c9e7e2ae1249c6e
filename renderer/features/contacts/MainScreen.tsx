/** The main window: account and roster on the left, the selected contact on the right. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSnapshot } from '../../../shared/contract';
import { Alert } from '../../components/Alert';
import { Icon } from '../../components/Icon';
import { errorText } from '../../i18n/errorText';
import { useAppStore } from '../../store';
import { selectSelectedContact } from '../../store/roster.selectors';
import { selectActionError, selectFilter } from '../../store/ui.selectors';
import { AccountHeader } from '../account/AccountHeader';
import { SettingsControls } from '../settings/SettingsControls';
import { ContactDetails, EmptyPane } from './ContactDetails';
import { RosterList } from './RosterList';

export function MainScreen({ account }: { account: AccountSnapshot }) {
  const { t } = useTranslation();
  const filter = useAppStore(selectFilter);
  const filterChanged = useAppStore((s) => s.filterChanged);
  const selected = useAppStore(selectSelectedContact);
  const actionError = useAppStore(selectActionError);
  const actionErrorDismissed = useAppStore((s) => s.actionErrorDismissed);
  const reconnectRequested = useAppStore((s) => s.reconnectRequested);
  const rosterTitleId = useId();
  const domain = account.jid.split('@')[1] ?? '';
  const lost = account.status === 'offline' && account.error;

  return (
    <div className="main">
      <aside className="sidebar" aria-label={t('account.menu', { jid: account.jid })}>
        <AccountHeader account={account} />
        {lost && account.error && (
          <Alert tone="warning">
            <p>{t('connection.lost', { error: errorText(t, account.error, { host: domain }) })}</p>
            <button
              type="button"
              className="button button--small alert__action"
              onClick={() => void reconnectRequested(account.accountId)}
            >
              {t('connection.reconnect')}
            </button>
          </Alert>
        )}
        {actionError && (
          <Alert onDismiss={actionErrorDismissed}>
            {errorText(t, actionError, { host: domain })}
          </Alert>
        )}
        <div className="search">
          <Icon name="search" className="search__icon" />
          <input
            type="search"
            className="search__input"
            value={filter}
            onChange={(e) => filterChanged(e.target.value)}
            placeholder={t('roster.search')}
            aria-label={t('roster.search')}
            onKeyDown={(e) => {
              if (e.key === 'Escape') filterChanged('');
            }}
          />
        </div>
        <h2 className="visually-hidden" id={rosterTitleId}>
          {t('roster.title')}
        </h2>
        <RosterList labelledBy={rosterTitleId} />
        <footer className="sidebar__footer">
          <SettingsControls compact />
        </footer>
      </aside>
      <main className="content">
        {selected ? <ContactDetails contact={selected} /> : <EmptyPane />}
      </main>
    </div>
  );
}
