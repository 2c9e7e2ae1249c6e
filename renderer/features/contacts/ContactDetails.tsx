/** The center pane: the selected contact's details, or an invitation to pick one. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../shared/contract';
import { Avatar } from '../../components/Avatar';
import { Icon } from '../../components/Icon';
import { MenuButton } from '../../components/Menu';
import { PresenceDot } from '../../components/PresenceDot';
import { useAppStore } from '../../store';
import { accountName } from '../../store/accounts.selectors';
import { displayName } from '../../store/roster.selectors';
import { useContactActions } from './useContactActions';

export function EmptyPane() {
  const { t } = useTranslation();
  return (
    <div className="empty-pane">
      <span className="empty-pane__icon">
        <Icon name="chat" />
      </span>
      <h2 className="empty-pane__title">{t('contact.empty')}</h2>
      <p className="empty-pane__hint">{t('contact.emptyHint')}</p>
    </div>
  );
}

/** The contact's actions as a menu button, for any pane that shows one contact. */
export function ContactMenuButton({ accountId, jid }: { accountId: string; jid: string }) {
  const { t } = useTranslation();
  const actions = useContactActions();
  return <MenuButton label={t('contact.actionsFor', { jid })} items={actions(accountId, jid)} />;
}

export function ContactDetails({ accountId, contact }: { accountId: string; contact: Contact }) {
  const { t } = useTranslation();
  const account = useAppStore((s) => s.accounts[accountId]);
  const titleId = useId();
  const { show, status } = contact.presence;
  const name = displayName(contact);
  return (
    <section className="details" aria-labelledby={titleId}>
      <header className="details__head">
        <span className="details__avatar">
          <Avatar jid={contact.jid} name={contact.name} size="lg" />
          <PresenceDot show={show} className="details__dot" />
        </span>
        <div className="details__title">
          <h2 className="details__name" id={titleId}>
            {name}
          </h2>
          <p className={`details__presence contact__presence--${show}`}>{t(`presence.${show}`)}</p>
        </div>
        <ContactMenuButton accountId={accountId} jid={contact.jid} />
      </header>
      <dl className="details__facts">
        <dt>{t('contact.address')}</dt>
        <dd className="details__jid">{contact.jid}</dd>
        <dt>{t('contact.account')}</dt>
        <dd>{account ? accountName(account) : accountId}</dd>
        {status && (
          <>
            <dt>{t('contact.statusMessage')}</dt>
            <dd>{status}</dd>
          </>
        )}
        {contact.groups.length > 0 && (
          <>
            <dt>{t('contact.groups')}</dt>
            <dd className="details__groups">
              {contact.groups.map((g) => (
                <span key={g} className="tag">
                  {g}
                </span>
              ))}
            </dd>
          </>
        )}
        <dt>{t('contact.sharing')}</dt>
        <dd>
          {t(`contact.subscription.${contact.subscription}`)}
          {contact.pending && <span className="details__pending">{t('contact.pending')}</span>}
        </dd>
      </dl>
    </section>
  );
}
