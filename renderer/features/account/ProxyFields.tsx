/** Proxy choice (none / SOCKS5 / Tor), its address, and the Tor-only switch with its meaning. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { SwitchField } from '../../components/SwitchField';
import { FieldError, TextField } from '../../components/TextField';
import type { ProxyField, ProxyMode, ProxyState } from './useProxyState';

interface ProxyFieldsProps {
  readonly proxy: ProxyState;
  readonly disabled: boolean;
  /** The field a local check refused, with its message key. */
  readonly error: { readonly field: ProxyField; readonly key: string } | null;
  readonly ids: Readonly<Record<ProxyField, string>>;
}

const MODES: readonly ProxyMode[] = ['none', 'socks5', 'tor'];

export function ProxyFields({ proxy, disabled, error, ids }: ProxyFieldsProps) {
  const { t } = useTranslation();
  const name = useId();
  const errorId = useId();
  const invalid = (field: ProxyField) => error?.field === field;

  return (
    <fieldset className="proxy" disabled={disabled}>
      <legend className="field__label">{t('proxy.title')}</legend>
      <div className="segmented" role="radiogroup" aria-label={t('proxy.title')}>
        {MODES.map((mode) => (
          <label key={mode} className="segmented__option">
            <input
              type="radio"
              name={name}
              value={mode}
              checked={proxy.mode === mode}
              onChange={() => proxy.choose(mode)}
            />
            <span>{t(`proxy.modes.${mode}`)}</span>
          </label>
        ))}
      </div>
      {proxy.mode !== 'none' && (
        <>
          <div className="field-row">
            <TextField
              className="field--grow"
              label={t('proxy.host')}
              id={ids.proxyHost}
              value={proxy.host}
              onChange={(e) => proxy.setHost(e.target.value)}
              placeholder="127.0.0.1"
              autoComplete="off"
              spellCheck={false}
              invalid={invalid('proxyHost')}
              describedBy={invalid('proxyHost') ? errorId : undefined}
            />
            <TextField
              className="field--port"
              label={t('proxy.port')}
              id={ids.proxyPort}
              inputMode="numeric"
              value={proxy.port}
              onChange={(e) => proxy.setPort(e.target.value)}
              placeholder="1080"
              invalid={invalid('proxyPort')}
              describedBy={invalid('proxyPort') ? errorId : undefined}
            />
          </div>
          {error && <FieldError id={errorId}>{t(error.key)}</FieldError>}
          <SwitchField
            title={t('proxy.torOnly')}
            hint={t('proxy.torOnlyHint')}
            checked={proxy.torOnly}
            onChange={proxy.setTorOnly}
          />
        </>
      )}
    </fieldset>
  );
}
