/** One contact in the roster listbox: avatar with presence, name, JID or status message. */
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../shared/contract';
import { Avatar } from '../../components/Avatar';
import { PresenceDot } from '../../components/PresenceDot';

interface ContactRowProps {
  readonly id: string;
  readonly contact: Contact;
  readonly name: string;
  readonly selected: boolean;
  readonly onSelect: () => void;
}

export const ContactRow = memo(function ContactRow({
  id,
  contact,
  name,
  selected,
  onSelect,
}: ContactRowProps) {
  const { t } = useTranslation();
  const { show, status } = contact.presence;
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected}
      className={`contact${selected ? ' contact--selected' : ''}${show === 'offline' ? ' contact--offline' : ''}`}
      onClick={onSelect}
      data-jid={contact.jid}
    >
      <span className="contact__avatar">
        <Avatar jid={contact.jid} name={contact.name} />
        <PresenceDot show={show} className="contact__dot" />
      </span>
      <span className="contact__text">
        <span className="contact__line">
          <span className="contact__name">{name}</span>
          <span className={`contact__presence contact__presence--${show}`}>
            {t(`presence.${show}`)}
          </span>
        </span>
        {name !== contact.jid && <span className="contact__jid">{contact.jid}</span>}
        {status && <span className="contact__status">{status}</span>}
      </span>
    </div>
  );
});
