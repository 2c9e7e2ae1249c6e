/**
 * The sign-in form's own state (the password never enters the store) and its local validation:
 * a malformed address or port is reported before anything is sent.
 */
import { useId, useState, type FormEvent } from 'react';
import type { AppInfo, SignInParams, TlsMode } from '../../../shared/contract';
import { bareJid, parseAccountJid } from '../../../shared/jid';
import { useStrictPinning } from '../account/StrictPinning';
import { checkConnection, useProxyState, type ProxyField } from '../account/useProxyState';

export type Field = 'jid' | 'password' | 'port' | ProxyField;

export interface LocalError {
  readonly field: Field;
  /** Catalog key of the message. */
  readonly key: string;
}

export const DEFAULT_PORT: Record<TlsMode, number> = { starttls: 5222, direct: 5223 };

export function useSignInForm(
  defaults: AppInfo['defaults'] | undefined,
  submit: (params: SignInParams) => void,
) {
  const [jid, setJid] = useState('');
  const [password, setPassword] = useState('');
  const [host, setHost] = useState('');
  const [port, setPort] = useState('');
  const [tls, setTls] = useState<TlsMode>('starttls');
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const [error, setError] = useState<LocalError | null>(null);
  const [touched, setTouched] = useState(false);
  const [prefilledFrom, setPrefilledFrom] = useState<AppInfo['defaults'] | undefined>(undefined);
  const proxy = useProxyState();
  const pinning = useStrictPinning(undefined, proxy);
  const ids: Record<Field, string> = {
    jid: useId(),
    password: useId(),
    port: useId(),
    proxyHost: useId(),
    proxyPort: useId(),
  };

  // app.info may answer after the first paint: prefill (during render, not in an effect) only
  // while the user has not typed anything yet.
  if (defaults !== prefilledFrom) {
    setPrefilledFrom(defaults);
    if (defaults && !touched) {
      if (defaults.jid) setJid(defaults.jid);
      if (defaults.host) setHost(defaults.host);
      if (defaults.port) {
        setPort(String(defaults.port));
        if (defaults.port === DEFAULT_PORT.direct) setTls('direct');
      }
    }
  }

  const edit =
    <T>(setter: (value: T) => void, field?: Field) =>
    (value: T) => {
      setTouched(true);
      setter(value);
      if (field && error?.field === field) setError(null);
    };

  /** Switching the security mode moves a default port along with it. */
  const chooseTls = (mode: TlsMode) => {
    setTouched(true);
    setTls(mode);
    if (port === '' || port === String(DEFAULT_PORT[tls])) setPort(String(DEFAULT_PORT[mode]));
  };

  const fail = (field: Field, key: string) => {
    setError({ field, key });
    if (field !== 'jid' && field !== 'password') setAdvancedOpen(true);
    // Focus after the disclosure has rendered the field.
    window.requestAnimationFrame(() => document.getElementById(ids[field])?.focus());
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseAccountJid(jid);
    if (!parsed) return fail('jid', 'signIn.invalidJid');
    if (password.length === 0) return fail('password', 'signIn.missingPassword');
    const checked = checkConnection(port, proxy);
    if (!checked.ok) return fail(checked.field, checked.key);
    setError(null);
    submit({
      jid: bareJid(parsed),
      password,
      tls,
      ...(host.trim() ? { host: host.trim() } : {}),
      ...(checked.port ? { port: checked.port } : {}),
      ...(checked.proxy.type === 'none' ? {} : { proxy: checked.proxy }),
      ...pinning.param,
    });
  };

  return {
    values: { jid, password, host, port, tls },
    setJid: edit(setJid, 'jid'),
    setPassword: edit(setPassword, 'password'),
    setHost: edit(setHost),
    setPort: edit(setPort, 'port'),
    chooseTls,
    proxy,
    pinning,
    advancedOpen,
    setAdvancedOpen,
    error,
    ids,
    onSubmit,
  };
}
