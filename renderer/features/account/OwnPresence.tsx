/**
 * Our presence and status message on one account. Invisible is offered only where the server
 * supports it (the server lists urn:xmpp:invisible:0); the message is shared on Enter or when leaving it.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSnapshot, PresenceShow } from '../../../shared/contract';
import { NS } from '../../../shared/namespaces';
import { PresenceDot } from '../../components/PresenceDot';
import { useAppStore } from '../../store';
import { accountName } from '../../store/accounts.selectors';

const CHOICES: readonly PresenceShow[] = ['available', 'chat', 'away', 'xa', 'dnd'];

export function OwnPresence({ account }: { account: AccountSnapshot }) {
  const { t } = useTranslation();
  const presenceChosen = useAppStore((s) => s.presenceChosen);
  const [draft, setDraft] = useState(account.presence.status ?? '');
  const statusHintId = useId();
  const online = account.status === 'online';
  const show = account.presence.show;
  const name = accountName(account);
  const choices = account.features?.server.includes(NS.invisible)
    ? [...CHOICES, 'invisible' as const]
    : CHOICES;

  // Follow the status the main process reports (set elsewhere, or normalized) without an effect.
  const [shownStatus, setShownStatus] = useState(account.presence.status);
  if (shownStatus !== account.presence.status) {
    setShownStatus(account.presence.status);
    setDraft(account.presence.status ?? '');
  }

  const applyStatus = () => {
    if (draft.trim() !== (account.presence.status ?? '')) {
      void presenceChosen(account.accountId, show, draft);
    }
  };

  return (
    <div className="own-presence">
      <span className="select-with-dot">
        <PresenceDot show={online ? show : 'offline'} />
        <select
          value={show}
          disabled={!online}
          aria-label={t('account.presenceOf', { name })}
          onChange={(e) =>
            void presenceChosen(account.accountId, e.target.value as PresenceShow, draft)
          }
        >
          {choices.map((choice) => (
            <option key={choice} value={choice}>
              {t(`presence.${choice}`)}
            </option>
          ))}
        </select>
      </span>
      <input
        className="own-presence__message"
        type="text"
        value={draft}
        maxLength={1024}
        disabled={!online}
        aria-label={t('account.statusOf', { name })}
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
  );
}
