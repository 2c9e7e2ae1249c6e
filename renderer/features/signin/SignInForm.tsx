/**
 * The sign-in form: address, password, advanced server and proxy options, the coded error of the
 * last attempt and the submit button. The first-run screen and the add-account dialog share it.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { BusyButton } from '../../components/BusyButton';
import { Icon } from '../../components/Icon';
import { FieldError, TextField } from '../../components/TextField';
import { errorText } from '../../i18n/errorText';
import { useAppStore } from '../../store';
import { selectSignIn } from '../../store/accounts.selectors';
import { AdvancedOptions } from './AdvancedOptions';
import { useSignInForm } from './useSignInForm';

interface SignInFormProps {
  /** The heading's text; its id names the form. */
  readonly title: string;
  readonly titleId: string;
  /** The first-run screen shows its heading; a dialog has its own. */
  readonly showTitle?: boolean;
  readonly submitLabel?: string;
}

export function SignInForm({ title, titleId, showTitle = true, submitLabel }: SignInFormProps) {
  const { t } = useTranslation();
  const flow = useAppStore(selectSignIn);
  const appDefaults = useAppStore((s) => s.appInfo?.defaults);
  const accounts = useAppStore((s) => s.accounts);
  // The demo address is not offered again once it is one of the accounts (Add account).
  const added =
    !!appDefaults?.jid && Object.values(accounts).some((a) => a.saved && a.jid === appDefaults.jid);
  const defaults = useMemo(
    () => (added && appDefaults ? { ...appDefaults, jid: undefined } : appDefaults),
    [added, appDefaults],
  );
  const signInSubmitted = useAppStore((s) => s.signInSubmitted);
  const form = useSignInForm(defaults, (params) => void signInSubmitted(params));
  const [showPassword, setShowPassword] = useState(false);
  const jidErrorId = useId();
  const passwordErrorId = useId();
  const busy = flow.busy;
  const fieldError = (field: 'jid' | 'password') => form.error?.field === field;

  // The fields were disabled during the attempt, which took the focus away: give it back where
  // the user goes on (the password after a refused one, else the address).
  const wasBusy = useRef(false);
  useEffect(() => {
    if (wasBusy.current && !busy && flow.error) {
      const field = flow.error.code === 'auth-failed' ? form.ids.password : form.ids.jid;
      document.getElementById(field)?.focus();
    }
    wasBusy.current = busy;
  }, [busy, flow.error, form.ids.password, form.ids.jid]);

  return (
    <form className="signin__form" onSubmit={form.onSubmit} aria-labelledby={titleId} noValidate>
      {showTitle && (
        <h2 className="signin__title" id={titleId}>
          {title}
        </h2>
      )}
      <TextField
        label={t('signIn.jid')}
        id={form.ids.jid}
        inputMode="email"
        value={form.values.jid}
        onChange={(e) => form.setJid(e.target.value)}
        placeholder={t('signIn.jidPlaceholder')}
        autoComplete="username"
        autoCapitalize="off"
        spellCheck={false}
        autoFocus
        data-autofocus
        invalid={fieldError('jid')}
        describedBy={fieldError('jid') ? jidErrorId : undefined}
        disabled={busy}
      />
      {fieldError('jid') && form.error && (
        <FieldError id={jidErrorId}>{t(form.error.key)}</FieldError>
      )}
      <div className="field">
        <label className="field__label" htmlFor={form.ids.password}>
          {t('signIn.password')}
        </label>
        <span className="field__with-button">
          <input
            id={form.ids.password}
            type={showPassword ? 'text' : 'password'}
            value={form.values.password}
            onChange={(e) => form.setPassword(e.target.value)}
            autoComplete="current-password"
            aria-invalid={fieldError('password')}
            aria-describedby={fieldError('password') ? passwordErrorId : undefined}
            disabled={busy}
          />
          <button
            type="button"
            className="icon-button field__button"
            aria-label={showPassword ? t('signIn.hidePassword') : t('signIn.showPassword')}
            aria-pressed={showPassword}
            onClick={() => setShowPassword(!showPassword)}
          >
            <Icon name={showPassword ? 'eyeOff' : 'eye'} />
          </button>
        </span>
      </div>
      {fieldError('password') && form.error && (
        <FieldError id={passwordErrorId}>{t(form.error.key)}</FieldError>
      )}
      <AdvancedOptions form={form} disabled={busy} />
      {flow.error && <Alert>{errorText(t, flow.error, flow.target ?? {})}</Alert>}
      <BusyButton type="submit" className="button button--primary button--block" busy={busy}>
        {busy ? t('signIn.busy') : (submitLabel ?? t('signIn.submit'))}
      </BusyButton>
      <p className="signin__footnote">
        <Icon name="shield" />
        {t('signIn.footnote')}
      </p>
    </form>
  );
}
