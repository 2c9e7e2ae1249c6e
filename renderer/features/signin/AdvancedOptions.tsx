/** Server host, port, connection security and proxy, behind a disclosure button. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TlsMode } from '../../../shared/contract';
import { Icon } from '../../components/Icon';
import { FieldError, TextField } from '../../components/TextField';
import { ProxyFields } from '../account/ProxyFields';
import { StrictPinningSwitch } from '../account/StrictPinning';
import type { useSignInForm } from './useSignInForm';

type Form = ReturnType<typeof useSignInForm>;

export function AdvancedOptions({ form, disabled }: { form: Form; disabled: boolean }) {
  const { t } = useTranslation();
  const panelId = useId();
  const portErrorId = useId();
  const { host, port, tls } = form.values;
  const portError = form.error?.field === 'port';
  const server = host ? `${host}${port ? `:${port}` : ''}` : '';
  const proxyError =
    form.error?.field === 'proxyHost' || form.error?.field === 'proxyPort'
      ? { field: form.error.field, key: form.error.key }
      : null;
  const summary = [
    server ? t('signIn.advancedSummary', { server }) : t('signIn.advancedAuto'),
    form.proxy.mode === 'none' ? '' : t(`proxy.summary.${form.proxy.mode}`),
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <div className="advanced">
      <button
        type="button"
        className="advanced__toggle"
        aria-expanded={form.advancedOpen}
        aria-controls={panelId}
        onClick={() => form.setAdvancedOpen(!form.advancedOpen)}
      >
        <Icon name="chevron" className="advanced__chevron" />
        <span>{t('signIn.advanced')}</span>
        {!form.advancedOpen && <span className="advanced__summary">{summary}</span>}
      </button>
      {form.advancedOpen && (
        <div className="advanced__panel" id={panelId}>
          <div className="field-row">
            <TextField
              className="field--grow"
              label={t('signIn.host')}
              value={host}
              onChange={(e) => form.setHost(e.target.value)}
              placeholder={t('signIn.hostPlaceholder')}
              autoComplete="off"
              spellCheck={false}
              disabled={disabled}
            />
            <TextField
              className="field--port"
              label={t('signIn.port')}
              id={form.ids.port}
              inputMode="numeric"
              value={port}
              onChange={(e) => form.setPort(e.target.value)}
              placeholder={tls === 'direct' ? '5223' : '5222'}
              invalid={portError}
              describedBy={portError ? portErrorId : undefined}
              disabled={disabled}
            />
          </div>
          {portError && form.error && <FieldError id={portErrorId}>{t(form.error.key)}</FieldError>}
          <fieldset className="choice-group" disabled={disabled}>
            <legend className="field__label">{t('signIn.security')}</legend>
            {(['starttls', 'direct'] as const satisfies readonly TlsMode[]).map((mode) => (
              <label key={mode} className="choice">
                <input
                  type="radio"
                  name={`${panelId}-tls`}
                  value={mode}
                  checked={tls === mode}
                  onChange={() => form.chooseTls(mode)}
                  aria-labelledby={`${panelId}-${mode}`}
                  aria-describedby={`${panelId}-${mode}-hint`}
                />
                <span className="choice__text">
                  <span className="choice__title" id={`${panelId}-${mode}`}>
                    {t(`signIn.${mode}`)}
                  </span>
                  <span className="choice__hint" id={`${panelId}-${mode}-hint`}>
                    {t(`signIn.${mode}Hint`)}
                  </span>
                </span>
              </label>
            ))}
            <StrictPinningSwitch pinning={form.pinning} disabled={disabled} />
          </fieldset>
          <ProxyFields proxy={form.proxy} disabled={disabled} error={proxyError} ids={form.ids} />
        </div>
      )}
    </div>
  );
}
