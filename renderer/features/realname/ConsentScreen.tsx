/**
 * The one screen before identity data leaves: who receives it (each service's address, the
 * authority, legal text and retention it states) and exactly what goes, with an explicit
 * checkbox. Nothing is sent until it is ticked and Send is pressed; Back returns to the form
 * with every value still there.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PolicyAnswer } from '../../../shared/contract';
import { BusyButton } from '../../components/BusyButton';
import { PolicyFacts } from './PolicyFacts';

type Policy = NonNullable<PolicyAnswer['policy']>;

interface ConsentScreenProps {
  /** Every service that receives data, with what it states. */
  readonly recipients: readonly Policy[];
  /** What goes, as the person knows it (the form's labels, or the kinds of data). */
  readonly items: readonly string[];
  /** For whom it goes, when that is more than the one account registering (the bulk view). */
  readonly note?: string;
  readonly busy: boolean;
  readonly sendLabel: string;
  readonly onAgree: () => void;
  readonly onBack: () => void;
}

export function ConsentScreen({
  recipients,
  items,
  note,
  busy,
  sendLabel,
  onAgree,
  onBack,
}: ConsentScreenProps) {
  const { t } = useTranslation();
  const [agreed, setAgreed] = useState(false);
  const headingId = useId();
  const listId = useId();
  const services = recipients.map((r) => r.registrationService).join(', ');
  return (
    <section className="realname-consent" aria-labelledby={headingId}>
      <h3 className="realname-consent__heading" id={headingId}>
        {t('realname.consent.heading')}
      </h3>
      <p>{t('realname.consent.intro', { count: recipients.length })}</p>
      {recipients.map((policy) => (
        <PolicyFacts key={policy.registrationService} policy={policy} compact />
      ))}
      <h4 className="realname-consent__subheading" id={listId}>
        {t('realname.consent.fields')}
      </h4>
      <ul className="realname-consent__fields" aria-labelledby={listId}>
        {items.map((item) => (
          <li key={item}>
            <bdi>{item}</bdi>
          </li>
        ))}
      </ul>
      {note && <p className="realname-consent__note">{note}</p>}
      <label className="check realname-consent__agree">
        <input
          type="checkbox"
          checked={agreed}
          onChange={(e) => setAgreed(e.target.checked)}
          disabled={busy}
          data-autofocus
        />
        <span>{t('realname.consent.agree', { services })}</span>
      </label>
      <div className="realname-flow__actions">
        <button type="button" className="button" onClick={onBack} disabled={busy}>
          {t('realname.consent.back')}
        </button>
        <BusyButton
          className="button button--primary"
          busy={busy}
          disabled={!agreed}
          onClick={() => agreed && onAgree()}
        >
          {sendLabel}
        </BusyButton>
      </div>
    </section>
  );
}
