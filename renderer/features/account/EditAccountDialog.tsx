/**
 * Edits a saved account: label, server host and port, connection security, an optional new
 * password, and the proxy. Saving reconnects the account (main process) when it is enabled.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSnapshot, TlsMode, UpdateAccountParams } from '../../../shared/contract';
import { Alert } from '../../components/Alert';
import { Modal } from '../../components/Modal';
import { errorText } from '../../i18n/errorText';
import { useAppStore } from '../../store';
import { DEFAULT_PORT } from '../signin/useSignInForm';
import { ProxyFields } from './ProxyFields';
import { useProxyState, type ProxyField } from './useProxyState';

type Field = 'port' | ProxyField;

const KEEP_OPEN = new Set<string>([
  'invalid-params',
  'invalid-jid',
  'not-found',
  'secrets-locked',
  'storage-failed',
  'transport-closed',
  'internal',
]);

export function EditAccountDialog({
  account,
  onClose,
}: {
  account: AccountSnapshot;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const accountUpdateSubmitted = useAppStore((s) => s.accountUpdateSubmitted);
  const { settings } = account;
  const [label, setLabel] = useState(settings.label ?? '');
  const [host, setHost] = useState(settings.host ?? '');
  const [port, setPort] = useState(settings.port ? String(settings.port) : '');
  const [tls, setTls] = useState<TlsMode>(settings.tls);
  const [password, setPassword] = useState('');
  const proxy = useProxyState(settings.proxy);
  const [local, setLocal] = useState<{ field: Field; key: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const tlsName = useId();
  const portErrorId = useId();
  const passwordHintId = useId();
  const ids: Record<Field, string> = { port: useId(), proxyHost: useId(), proxyPort: useId() };

  const fail = (field: Field, key: string) => {
    setLocal({ field, key });
    window.requestAnimationFrame(() => document.getElementById(ids[field])?.focus());
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const portText = port.trim();
    const portNumber = Number(portText);
    if (portText && !(Number.isInteger(portNumber) && portNumber >= 1 && portNumber <= 65535)) {
      return fail('port', 'signIn.invalidPort');
    }
    const checked = proxy.check();
    if (!checked.ok) return fail(checked.field, checked.key);
    setLocal(null);
    setFailure(null);
    const params: UpdateAccountParams = {
      accountId: account.accountId,
      tls,
      proxy: checked.proxy,
      // A field emptied by the user clears the setting (the server is then found from the JID);
      // one that was and stays empty is left out.
      ...(host.trim() || settings.host ? { host: host.trim() } : {}),
      ...(label.trim() || settings.label ? { label: label.trim() } : {}),
      ...(portText ? { port: portNumber } : {}),
      ...(password ? { password } : {}),
    };
    setBusy(true);
    const result = await accountUpdateSubmitted(params);
    setBusy(false);
    // A connection error after saving (proxy down, server away) is the account card's to show:
    // the settings were kept. Only errors about the request itself keep the dialog open.
    if (result.ok || !KEEP_OPEN.has(result.error.code)) onClose();
    else setFailure(errorText(t, result.error, { host: host.trim() || undefined }));
  };

  const proxyError =
    local && local.field !== 'port' ? { field: local.field, key: local.key } : null;

  return (
    <Modal labelledBy={titleId} onCancel={onClose} className="form-dialog form-dialog--wide">
      <form className="form-dialog__form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <h2 className="form-dialog__title" id={titleId}>
          {t('account.editTitle', { jid: account.jid })}
        </h2>
        <label className="field">
          <span className="field__label">{t('account.label')}</span>
          <input
            type="text"
            value={label}
            maxLength={100}
            onChange={(e) => setLabel(e.target.value)}
            placeholder={t('account.labelPlaceholder')}
            data-autofocus
          />
        </label>
        <div className="field-row">
          <label className="field field--grow">
            <span className="field__label">{t('signIn.host')}</span>
            <input
              type="text"
              value={host}
              onChange={(e) => setHost(e.target.value)}
              placeholder={t('signIn.hostPlaceholder')}
              autoComplete="off"
              spellCheck={false}
            />
          </label>
          <label className="field field--port">
            <span className="field__label">{t('signIn.port')}</span>
            <input
              id={ids.port}
              type="text"
              inputMode="numeric"
              value={port}
              onChange={(e) => setPort(e.target.value)}
              placeholder={String(DEFAULT_PORT[tls])}
              aria-invalid={local?.field === 'port'}
              aria-describedby={local?.field === 'port' ? portErrorId : undefined}
            />
          </label>
        </div>
        {local?.field === 'port' && (
          <p className="field__error" id={portErrorId} role="alert">
            {t(local.key)}
          </p>
        )}
        <fieldset className="proxy">
          <legend className="field__label">{t('signIn.security')}</legend>
          <div className="segmented">
            {(['starttls', 'direct'] as const).map((mode) => (
              <label key={mode} className="segmented__option">
                <input
                  type="radio"
                  name={tlsName}
                  value={mode}
                  checked={tls === mode}
                  onChange={() => setTls(mode)}
                />
                <span>{t(`signIn.${mode}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <label className="field">
          <span className="field__label">{t('account.newPassword')}</span>
          <input
            type="password"
            value={password}
            autoComplete="new-password"
            onChange={(e) => setPassword(e.target.value)}
            aria-describedby={passwordHintId}
          />
          <span className="field__hint" id={passwordHintId}>
            {t('account.newPasswordHint')}
          </span>
        </label>
        <ProxyFields proxy={proxy} disabled={busy} error={proxyError} ids={ids} />
        {failure && <Alert>{failure}</Alert>}
        <div className="form-dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy}>
            {busy && <span className="spinner" aria-hidden="true" />}
            {t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
