/**
 * Incoming subscription requests, at the top of the contact list: who asks, on which account,
 * with Accept (which also asks back) and Deny. A nickname they sent is their claim only, so the
 * address stays the main line.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../../components/Avatar';
import { useAppStore } from '../../store';
import { contactKey } from '../../store/subscriptions.slice';
import { AccountBadge, selectManyAccounts } from './AccountBadge';

export function RequestsSection() {
  const { t } = useTranslation();
  const requests = useAppStore((s) => s.requests);
  const answering = useAppStore((s) => s.answering);
  const many = useAppStore(selectManyAccounts);
  const subscriptionAnswered = useAppStore((s) => s.subscriptionAnswered);
  const titleId = useId();
  if (requests.length === 0) return null;

  return (
    <section className="requests" aria-labelledby={titleId}>
      <h2 className="requests__title" id={titleId}>
        {t('requests.title', { count: requests.length })}
      </h2>
      <ul className="requests__list">
        {requests.map((request) => {
          const key = contactKey(request.accountId, request.jid);
          const busy = answering[key] === true;
          return (
            <li key={key} className="request" aria-label={request.jid}>
              <Avatar jid={request.jid} size="sm" />
              <div className="request__text">
                <span className="request__jid">{request.jid}</span>
                <span className="request__line">
                  {request.nick
                    ? t('requests.wantsNamed', { nick: request.nick })
                    : t('requests.wants')}
                  {many && <AccountBadge accountId={request.accountId} />}
                </span>
              </div>
              <div className="request__actions">
                <button
                  type="button"
                  className="button button--small button--primary"
                  aria-label={t('requests.acceptFor', { jid: request.jid })}
                  disabled={busy}
                  onClick={() => void subscriptionAnswered(request.accountId, request.jid, true)}
                >
                  {t('requests.accept')}
                </button>
                <button
                  type="button"
                  className="button button--small"
                  aria-label={t('requests.denyFor', { jid: request.jid })}
                  disabled={busy}
                  onClick={() => void subscriptionAnswered(request.accountId, request.jid, false)}
                >
                  {t('requests.deny')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
