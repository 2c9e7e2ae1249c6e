/**
 * An account's key for private conversations (OTR): made on request, in the background of the
 * main process (the window keeps answering; a spinner says it is being made), then shown as the
 * fingerprint people compare: five groups of eight digits.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { humanOtrFingerprint } from '../../../shared/otrFingerprint';
import { Alert } from '../../components/Alert';
import { BusyButton } from '../../components/BusyButton';
import { errorText } from '../../i18n/errorText';
import { useAppStore } from '../../store';
import type { UiErrorInfo } from '../../transport';

export function OtrKeySection({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const status = useAppStore((s) => s.otrKeys[accountId]);
  const requested = useAppStore((s) => s.otrKeyRequested);
  const generated = useAppStore((s) => s.otrKeyGenerated);
  const [error, setError] = useState<UiErrorInfo | null>(null);
  const headingId = useId();
  const captionId = useId();

  useEffect(() => {
    void requested(accountId).then((result) => setError(result.ok ? null : result.error));
  }, [accountId, requested]);

  const make = async () => {
    setError(null);
    const result = await generated(accountId);
    if (!result.ok) setError(result.error);
  };

  return (
    <section className="otr-key" aria-labelledby={headingId}>
      <h3 className="otr-key__heading" id={headingId}>
        {t('account.otr.title')}
      </h3>
      {status?.state === 'ready' ? (
        <figure className="fingerprint">
          <figcaption id={captionId}>{t('account.otr.fingerprint')}</figcaption>
          <pre className="fingerprint__value" aria-labelledby={captionId} tabIndex={0}>
            {humanOtrFingerprint(status.fingerprint)}
          </pre>
          <p className="field__hint">{t('account.otr.fingerprintHint')}</p>
        </figure>
      ) : (
        <div className="otr-key__none">
          <p>
            {status?.state === 'generating' ? t('account.otr.generating') : t('account.otr.none')}
          </p>
          <BusyButton
            className="button button--small"
            busy={status?.state === 'generating'}
            disabled={status === undefined}
            onClick={() => void make()}
          >
            {t('account.otr.generate')}
          </BusyButton>
        </div>
      )}
      <OtrPolicyField accountId={accountId} />
      {error && <Alert>{errorText(t, error)}</Alert>}
    </section>
  );
}

const POLICIES = ['manual', 'opportunistic', 'always', 'never'] as const;

/** When to talk privately with this account's contacts; applies at once (not with Save). */
function OtrPolicyField({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const otrRequest = useAppStore((s) => s.otrRequest);
  const [policy, setPolicy] = useState<(typeof POLICIES)[number] | null>(null);
  const [error, setError] = useState<UiErrorInfo | null>(null);
  const id = useId();
  const hintId = useId();
  useEffect(() => {
    void otrRequest('otr.policy', { accountId }).then((result) => {
      if (result.ok) setPolicy(result.value.policy);
      else setError(result.error);
    });
  }, [accountId, otrRequest]);
  const choose = async (next: (typeof POLICIES)[number]) => {
    const result = await otrRequest('otr.setPolicy', { accountId, policy: next });
    if (result.ok) {
      setPolicy(result.value.policy);
      setError(null);
    } else setError(result.error);
  };
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {t('account.otr.policy')}
      </label>
      <select
        id={id}
        value={policy ?? ''}
        disabled={policy === null}
        aria-describedby={hintId}
        onChange={(e) => void choose(e.target.value as (typeof POLICIES)[number])}
      >
        {POLICIES.map((p) => (
          <option key={p} value={p}>
            {t(`account.otr.policies.${p}`)}
          </option>
        ))}
      </select>
      <span className="field__hint" id={hintId}>
        {policy ? t(`account.otr.policyHints.${policy}`) : ''}
      </span>
      {error && <Alert>{errorText(t, error)}</Alert>}
    </div>
  );
}
