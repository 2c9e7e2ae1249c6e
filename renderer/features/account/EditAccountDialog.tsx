/**
 * Edits a saved account: label, server host and port, connection security and strict certificate
 * pinning, an optional new password, and the proxy. Saving reconnects the account (main process) when it is enabled.
 * Below, the account's key for private conversations, which is made or shown at once (not saved
 * with the form).
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSnapshot, TlsMode, UpdateAccountParams } from '../../../shared/contract';
import { FormDialog } from '../../components/FormDialog';
import { FieldError, TextField } from '../../components/TextField';
import { useSubmit } from '../../components/useSubmit';
import { useAppStore } from '../../store';
import { DEFAULT_PORT } from '../signin/useSignInForm';
import { OtrKeySection } from './OtrKeySection';
import { ProxyFields } from './ProxyFields';
import { StrictPinningSwitch, useStrictPinning } from './StrictPinning';
import { checkConnection, useProxyState, type ProxyField } from './useProxyState';

type Field = 'port' | ProxyField;

const KEEP_OPEN = new Set<string>([
  'invalid-params',
  'invalid-jid',
  'not-found',
  'secrets-locked',
  'storage-failed',
  'transport-closed',
  'invalid-result',
  'transport-refused',
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
  const pinning = useStrictPinning(settings.strictPinning, proxy);
  const [local, setLocal] = useState<{ field: Field; key: string } | null>(null);
  const { busy, failure, run } = useSubmit(onClose);
  const titleId = useId();
  const tlsName = useId();
  const portErrorId = useId();
  const ids: Record<Field, string> = { port: useId(), proxyHost: useId(), proxyPort: useId() };

  const fail = (field: Field, key: string) => {
    setLocal({ field, key });
    window.requestAnimationFrame(() => document.getElementById(ids[field])?.focus());
  };

  const onSubmit = async () => {
    const checked = checkConnection(port, proxy);
    if (!checked.ok) return fail(checked.field, checked.key);
    setLocal(null);
    const params: UpdateAccountParams = {
      accountId: account.accountId,
      tls,
      proxy: checked.proxy,
      // A field emptied by the user clears the setting (the server is then found from the JID);
      // one that was and stays empty is left out.
      ...(host.trim() || settings.host ? { host: host.trim() } : {}),
      ...(label.trim() || settings.label ? { label: label.trim() } : {}),
      ...(checked.port ? { port: checked.port } : {}),
      ...(password ? { password } : {}),
      ...pinning.param,
    };
    // A connection error after saving (proxy down, server away) is the account card's to show:
    // the settings were kept. Only errors about the request itself keep the dialog open.
    await run(() => accountUpdateSubmitted(params), {
      closeOn: (error) => !KEEP_OPEN.has(error.code),
      context: { host: host.trim() || undefined },
    });
  };

  const proxyError =
    local && local.field !== 'port' ? { field: local.field, key: local.key } : null;

  return (
    <FormDialog
      titleId={titleId}
      title={t('account.editTitle', { jid: account.jid })}
      onCancel={onClose}
      onSubmit={onSubmit}
      busy={busy}
      failure={failure}
      submitLabel={t('common.save')}
      wide
    >
      <TextField
        label={t('account.label')}
        value={label}
        maxLength={100}
        onChange={(e) => setLabel(e.target.value)}
        placeholder={t('account.labelPlaceholder')}
        data-autofocus
      />
      <div className="field-row">
        <TextField
          className="field--grow"
          label={t('signIn.host')}
          value={host}
          onChange={(e) => setHost(e.target.value)}
          placeholder={t('signIn.hostPlaceholder')}
          autoComplete="off"
          spellCheck={false}
        />
        <TextField
          className="field--port"
          label={t('signIn.port')}
          id={ids.port}
          inputMode="numeric"
          value={port}
          onChange={(e) => setPort(e.target.value)}
          placeholder={String(DEFAULT_PORT[tls])}
          invalid={local?.field === 'port'}
          describedBy={local?.field === 'port' ? portErrorId : undefined}
        />
      </div>
      {local?.field === 'port' && <FieldError id={portErrorId}>{t(local.key)}</FieldError>}
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
        <StrictPinningSwitch pinning={pinning} disabled={busy} />
      </fieldset>
      <TextField
        label={t('account.newPassword')}
        type="password"
        value={password}
        autoComplete="new-password"
        onChange={(e) => setPassword(e.target.value)}
        hint={t('account.newPasswordHint')}
      />
      <ProxyFields proxy={proxy} disabled={busy} error={proxyError} ids={ids} />
      <OtrKeySection accountId={account.accountId} />
    </FormDialog>
  );
}
