/**
 * An account's key for private conversations (OTR): made on request, in the background of the
 * main process (the window keeps answering; a spinner says it is being made), then shown as the
 * fingerprint people compare: five groups of eight digits.
 */
import { useEffect, useId, useRef, useState } from 'react';
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
      <OtrFiles accountId={accountId} hasKey={status?.state === 'ready'} />
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

/**
 * Pidgin's files: its key for this account (replacing ours, after a confirmation when we have
 * one) and its fingerprints with their trust; ours go out as an otr.fingerprints file.
 */
function OtrFiles({ accountId, hasKey }: { accountId: string; hasKey: boolean }) {
  const { t } = useTranslation();
  const otrRequest = useAppStore((s) => s.otrRequest);
  const keyChanged = useAppStore((s) => s.otrKeyChanged);
  const [pendingKey, setPendingKey] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<UiErrorInfo | null>(null);
  const keyFile = useRef<HTMLInputElement>(null);
  const fingerprintsFile = useRef<HTMLInputElement>(null);
  const exportHintId = useId();

  const report = (message: string | null, failure: UiErrorInfo | null) => {
    setDone(message);
    setError(failure);
  };
  const importKey = async (text: string) => {
    setPendingKey(null);
    const result = await otrRequest('otr.importKey', { accountId, text });
    if (!result.ok) return report(null, result.error);
    keyChanged({ accountId, status: result.value });
    report(t('account.otr.keyImported'), null);
  };
  const onKeyFile = async (file: File | undefined) => {
    if (!file) return;
    const text = await file.text();
    if (hasKey) setPendingKey(text);
    else await importKey(text);
  };
  const onFingerprintsFile = async (file: File | undefined) => {
    if (!file) return;
    const result = await otrRequest('otr.importFingerprints', {
      accountId,
      text: await file.text(),
    });
    if (!result.ok) return report(null, result.error);
    report(t('account.otr.fingerprintsImported', { count: result.value.imported }), null);
  };
  const exportFingerprints = async () => {
    const result = await otrRequest('otr.exportFingerprints', { accountId });
    if (!result.ok) return report(null, result.error);
    const url = URL.createObjectURL(new Blob([result.value.text], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'otr.fingerprints';
    link.click();
    URL.revokeObjectURL(url);
  };

  const exportKey = async () => {
    const result = await otrRequest('otr.exportKey', { accountId });
    if (!result.ok) return report(null, result.error);
    if (result.value.path) report(t('account.otr.keyExported', { path: result.value.path }), null);
  };

  return (
    <div className="otr-files">
      <input
        ref={keyFile}
        type="file"
        hidden
        aria-label={t('account.otr.importKey')}
        onChange={(e) => {
          void onKeyFile(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
      <input
        ref={fingerprintsFile}
        type="file"
        hidden
        aria-label={t('account.otr.importFingerprints')}
        onChange={(e) => {
          void onFingerprintsFile(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
      <div className="otr-files__buttons">
        <button
          type="button"
          className="button button--small"
          onClick={() => keyFile.current?.click()}
        >
          {t('account.otr.importKey')}
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={() => fingerprintsFile.current?.click()}
        >
          {t('account.otr.importFingerprints')}
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={() => void exportFingerprints()}
        >
          {t('account.otr.exportFingerprints')}
        </button>
        {hasKey && (
          <button
            type="button"
            className="button button--small"
            aria-describedby={exportHintId}
            onClick={() => void exportKey()}
          >
            {t('account.otr.exportKey')}
          </button>
        )}
      </div>
      {hasKey && (
        <span className="field__hint" id={exportHintId}>
          {t('account.otr.exportKeyHint')}
        </span>
      )}
      {pendingKey !== null && (
        <div className="otr-files__confirm" role="alert">
          <span>{t('account.otr.replaceKey')}</span>
          <button
            type="button"
            className="button button--small button--danger"
            onClick={() => void importKey(pendingKey)}
          >
            {t('account.otr.replace')}
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={() => setPendingKey(null)}
          >
            {t('common.cancel')}
          </button>
        </div>
      )}
      {done && (
        <p className="field__hint" role="status">
          {done}
        </p>
      )}
      {error && <Alert>{errorText(t, error)}</Alert>}
    </div>
  );
}
