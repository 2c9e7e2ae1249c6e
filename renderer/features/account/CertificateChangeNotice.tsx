/**
 * Tells the user that the server's certificate is no longer the one pinned before: it was
 * accepted because a public certificate authority vouches for it (strict pinning off), which is
 * also what an attacker with a mis-issued certificate would look like. Both fingerprints are
 * shown for comparing with what the server's administrator publishes; the notice stays until
 * the user says they have seen it, and offers the account's settings (strict pinning).
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSnapshot } from '../../../shared/contract';
import { Icon } from '../../components/Icon';
import { useAppStore } from '../../store';
import { selectLocale } from '../../store/ui.selectors';
import { groupFingerprint } from '../signin/fingerprint';

export function CertificateChangeNotice({ account }: { account: AccountSnapshot }) {
  const { t } = useTranslation();
  const seen = useAppStore((s) => s.certificateChangeSeen);
  const dialogOpened = useAppStore((s) => s.dialogOpened);
  const locale = useAppStore(selectLocale);
  const titleId = useId();
  const change = account.certificateChange;
  if (!change) return null;
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    change.at,
  );
  return (
    <section className="cert-change" role="group" aria-labelledby={titleId}>
      <h4 className="cert-change__title" id={titleId}>
        <Icon name="warning" />
        {t('certificateChange.title')}
      </h4>
      <p className="cert-change__body">{t('certificateChange.body', { when })}</p>
      <dl className="cert-change__prints">
        <dt>{t('certificateChange.previous')}</dt>
        <dd className="fingerprint__value">{groupFingerprint(change.previous).join('\n')}</dd>
        <dt>{t('certificateChange.current')}</dt>
        <dd className="fingerprint__value">{groupFingerprint(change.current).join('\n')}</dd>
      </dl>
      <div className="cert-change__actions">
        <button
          type="button"
          className="button button--small"
          onClick={() => dialogOpened({ kind: 'editAccount', accountId: account.accountId })}
        >
          {t('certificateChange.settings')}
        </button>
        <button
          type="button"
          className="button button--small button--primary"
          onClick={() => void seen(account.accountId)}
        >
          {t('certificateChange.seen')}
        </button>
      </div>
    </section>
  );
}
