/**
 * One contact in the roster listbox: avatar with presence, name, JID or status message, the
 * account badge (with several accounts), "awaiting approval" and the unread count. An option's
 * content is presentational, so the "more" affordance here is for the mouse only; the keyboard
 * opens the same menu with the Menu key or Shift+F10 (RosterList).
 */
import { memo, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../shared/contract';
import { Avatar } from '../../components/Avatar';
import { Icon } from '../../components/Icon';
import { PresenceDot } from '../../components/PresenceDot';
import { useAppStore } from '../../store';
import { selectUnread } from '../../store/chat.selectors';
import { AccountBadge } from './AccountBadge';
import { UnreadBadge } from '../../components/UnreadBadge';

interface ContactRowProps {
  readonly id: string;
  readonly accountId: string;
  readonly contact: Contact;
  readonly name: string;
  /** Its chat is open. */
  readonly selected: boolean;
  /** It has the list's keyboard focus. */
  readonly active: boolean;
  /** Show which account holds the contact (only useful with several accounts). */
  readonly showAccount: boolean;
  readonly onSelect: (accountId: string, jid: string) => void;
  readonly onMenu: (accountId: string, jid: string, event: MouseEvent) => void;
}

/** Awaiting approval: we asked to see their presence and they have not answered yet. */
export const isAwaiting = (contact: Contact): boolean =>
  contact.pending && (contact.subscription === 'none' || contact.subscription === 'from');

export const ContactRow = memo(function ContactRow({
  id,
  accountId,
  contact,
  name,
  selected,
  active,
  showAccount,
  onSelect,
  onMenu,
}: ContactRowProps) {
  const { t } = useTranslation();
  // Unread counts come from the chat slice (conversations), per account and contact.
  const unread = useAppStore(selectUnread(accountId, contact.jid));
  const { show, status } = contact.presence;
  const awaiting = isAwaiting(contact);
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected}
      className={`contact${selected ? ' contact--selected' : ''}${active ? ' contact--active' : ''}${show === 'offline' ? ' contact--offline' : ''}`}
      onClick={() => onSelect(accountId, contact.jid)}
      onContextMenu={(e) => {
        e.preventDefault();
        onMenu(accountId, contact.jid, e);
      }}
      data-jid={contact.jid}
      data-account={accountId}
    >
      <span className="contact__avatar">
        <Avatar jid={contact.jid} name={contact.name} />
        <PresenceDot show={show} className="contact__dot" />
      </span>
      <span className="contact__text">
        <span className="contact__line">
          <span className="contact__name">
            {/* Isolated: a name in a right-to-left script cannot reorder what follows it. */}
            <bdi>{name}</bdi>
          </span>
          {awaiting ? (
            <span className="contact__awaiting">{t('contact.awaiting')}</span>
          ) : (
            <span className={`contact__presence contact__presence--${show}`}>
              {t(`presence.${show}`)}
            </span>
          )}
        </span>
        <span className="contact__line">
          <span className="contact__sub">
            {status ? (
              <span className="contact__status">{status}</span>
            ) : (
              name !== contact.jid && <span className="contact__jid">{contact.jid}</span>
            )}
          </span>
          {showAccount && <AccountBadge accountId={accountId} />}
          <UnreadBadge count={unread} className="contact__unread" />
        </span>
      </span>
      <span
        className="contact__more"
        aria-hidden="true"
        onClick={(e) => {
          e.stopPropagation();
          onMenu(accountId, contact.jid, e);
        }}
      >
        <Icon name="more" />
      </span>
    </div>
  );
});
