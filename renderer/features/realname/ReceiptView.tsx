/** The receipt a registration ends with: its state, number and the ID number masked. */
import { useTranslation } from 'react-i18next';
import type { Receipt } from '../../../shared/contract';

export function ReceiptView({ receipt }: { receipt: Receipt }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="realname-receipt" aria-label={t('realname.receipt.label')}>
      <p className={`realname-receipt__status realname-receipt__status--${receipt.status}`}>
        {t(`realname.receipt.status.${receipt.status}`)}
      </p>
      <dl className="realname-facts">
        {receipt.receipt && (
          <>
            <dt>{t('realname.receipt.number')}</dt>
            <dd className="realname-facts__mono">{receipt.receipt}</dd>
          </>
        )}
        {receipt.idNumberMasked && (
          <>
            <dt>{t('realname.receipt.idNumber')}</dt>
            <dd className="realname-facts__mono">{receipt.idNumberMasked}</dd>
          </>
        )}
        {receipt.submitted && (
          <>
            <dt>{t('realname.receipt.submitted')}</dt>
            <dd>{new Date(receipt.submitted).toLocaleString(i18n.language)}</dd>
          </>
        )}
        <dt>{t('realname.receipt.service')}</dt>
        <dd>
          <bdi>{receipt.registrationService}</bdi>
        </dd>
        {receipt.reason && (
          <>
            <dt>{t('realname.receipt.reason')}</dt>
            <dd>
              <bdi>{receipt.reason}</bdi>
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
