/** The signed-in account: avatar, JID, connection status, own presence and status message. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSnapshot, PresenceShow } from '../../../shared/contract';
import { Avatar } from '../../components/Avatar';
import { Icon } from '../../components/Icon';
import { PresenceDot } from '../../components/PresenceDot';
import { useAppStore } from '../../store';

const CHOICES: readonly PresenceShow[] = ['available', 'away', 'dnd', 'xa'];

export function AccountHeader({ account }: { account: AccountSnapshot }) {
  const { t } = useTranslation();
  const presenceChosen = useAppStore((s) => s.presenceChosen);
  const signOutRequested = useAppStore((s) => s.signOutRequested);
  const [draft, setDraft] = useState(account.presence.status ?? '');
  const presenceId = useId();
  const statusHintId = useId();
  const online = account.status === 'online';
  const show = account.presence.show === 'offline' ? 'available' : account.presence.show;
  const dot =
    account.status === 'online'
      ? account.presence.show
      : account.status === 'connecting'
        ? 'connecting'
        : 'offline';

  // Follow the status the main process reports (set elsewhere, or normalized) without an effect.
  const [shownStatus, setShownStatus] = useState(account.presence.status);
  if (shownStatus !== account.presence.status) {
    setShownStatus(account.presence.status);
    setDraft(account.presence.status ?? '');
  }

  const applyStatus = () => {
    if (draft.trim() !== (account.presence.status ?? '')) {
      void presenceChosen(account.accountId, show as PresenceShow, draft);
    }
  };

  return (
    <header className="account">
      <div className="account__identity">
        <span className="account__avatar">
          <Avatar jid={account.jid} size="md" />
          <PresenceDot show={dot} className="account__dot" />
        </span>
        <div className="account__text">
          <h1 className="account__jid" title={account.boundJid ?? account.jid}>
            {account.jid}
          </h1>
          <p className={`account__status account__status--${account.status}`} role="status">
            {t(`connection.${account.status}`)}
          </p>
        </div>
        <button
          type="button"
          className="icon-button account__sign-out"
          aria-label={t('account.signOut')}
          title={t('account.signOut')}
          onClick={() => void signOutRequested(account.accountId)}
        >
          <Icon name="signOut" />
        </button>
      </div>
      <div className="account__presence">
        <label className="visually-hidden" htmlFor={presenceId}>
          {t('account.presence')}
        </label>
        <span className="select-with-dot">
          <PresenceDot show={online ? show : 'offline'} />
          <select
            id={presenceId}
            value={show}
            disabled={!online}
            onChange={(e) =>
              void presenceChosen(account.accountId, e.target.value as PresenceShow, draft)
            }
          >
            {CHOICES.map((choice) => (
              <option key={choice} value={choice}>
                {t(`presence.${choice}`)}
              </option>
            ))}
          </select>
        </span>
        <input
          className="account__message"
          type="text"
          value={draft}
          maxLength={1024}
          disabled={!online}
          aria-label={t('account.status')}
          aria-describedby={statusHintId}
          placeholder={t('account.statusPlaceholder')}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={applyStatus}
          onKeyDown={(e) => {
            if (e.key === 'Enter') applyStatus();
            if (e.key === 'Escape') setDraft(account.presence.status ?? '');
          }}
        />
        <span id={statusHintId} className="visually-hidden">
          {t('account.statusHint')}
        </span>
      </div>
    </header>
  );
}
