/**
 * Asks whether to trust a server certificate that failed verification (cert-untrusted) or that
 * differs from the pinned one (cert-changed, with a stronger warning). Cancel is focused first:
 * the safe choice is the default.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { BusyButton } from '../../components/BusyButton';
import { Icon } from '../../components/Icon';
import { Modal } from '../../components/Modal';
import { useAppStore } from '../../store';
import { selectCertificatePrompt } from '../../store/accounts.selectors';
import { selectLocale } from '../../store/ui.selectors';
import { formatDate, groupFingerprint, reasonKey } from './fingerprint';

export function CertificateDialog() {
  const { t } = useTranslation();
  const prompt = useAppStore(selectCertificatePrompt);
  const busy = useAppStore((s) => s.signIn.busy);
  const domain = useAppStore((s) => s.signIn.target?.domain);
  const locale = useAppStore(selectLocale);
  const certificateTrusted = useAppStore((s) => s.certificateTrusted);
  const certificateRejected = useAppStore((s) => s.certificateRejected);
  const titleId = useId();
  const bodyId = useId();
  if (!prompt) return null;

  const { certificate, changed } = prompt;
  const key = reasonKey(certificate.reason);
  const server = domain || t('common.theServer');

  return (
    <Modal
      labelledBy={titleId}
      describedBy={bodyId}
      onCancel={() => void certificateRejected()}
      className={`cert-dialog${changed ? ' cert-dialog--changed' : ''}`}
    >
      <div className="cert-dialog__head">
        <span className="cert-dialog__badge">
          <Icon name={changed ? 'warning' : 'shield'} />
        </span>
        <h2 id={titleId}>
          {changed ? t('certificate.titleChanged') : t('certificate.titleUntrusted')}
        </h2>
      </div>
      <p id={bodyId} className="cert-dialog__body">
        {changed
          ? t('certificate.bodyChanged', { host: server })
          : t('certificate.bodyUntrusted', { host: server })}
      </p>
      <dl className="cert-dialog__facts">
        <dt>{t('certificate.reason')}</dt>
        <dd>{t(`certificate.reasons.${key}`, { reason: certificate.reason })}</dd>
        <dt>{t('certificate.subject')}</dt>
        <dd className="cert-dialog__wrap">{certificate.subject}</dd>
        <dt>{t('certificate.issuer')}</dt>
        <dd className="cert-dialog__wrap">{certificate.issuer}</dd>
        <dt>{t('certificate.validity')}</dt>
        <dd>
          {t('certificate.validRange', {
            from: formatDate(certificate.validFrom, locale),
            to: formatDate(certificate.validTo, locale),
          })}
        </dd>
      </dl>
      <figure className="fingerprint">
        <figcaption>{t('certificate.fingerprint')}</figcaption>
        <pre className="fingerprint__value" data-testid="fingerprint">
          {groupFingerprint(certificate.fingerprint).join('\n')}
        </pre>
      </figure>
      {changed && certificate.previousFingerprint && (
        <figure className="fingerprint fingerprint--previous">
          <figcaption>{t('certificate.previousFingerprint')}</figcaption>
          <pre className="fingerprint__value" data-testid="previous-fingerprint">
            {groupFingerprint(certificate.previousFingerprint).join('\n')}
          </pre>
        </figure>
      )}
      <div className="cert-dialog__actions">
        <button
          type="button"
          className="button"
          onClick={() => void certificateRejected()}
          data-autofocus
        >
          {t('certificate.cancel')}
        </button>
        <BusyButton
          className={`button ${changed ? 'button--danger' : 'button--primary'}`}
          onClick={() => void certificateTrusted()}
          busy={busy}
        >
          {busy ? t('certificate.busy') : t('certificate.trust')}
        </BusyButton>
      </div>
    </Modal>
  );
}
