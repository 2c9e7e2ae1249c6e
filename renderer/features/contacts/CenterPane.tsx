/** Pieces of the center pane: the invitation to pick a contact, and a contact's actions menu. */
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { MenuButton } from '../../components/Menu';
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
