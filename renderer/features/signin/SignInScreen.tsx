/** The sign-in screen: address and password, advanced server options, language and theme. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Icon } from '../../components/Icon';
import { Logo } from '../../components/Logo';
import { errorText } from '../../i18n/errorText';
import { useAppStore } from '../../store';
import { selectSignIn } from '../../store/accounts.selectors';
import { SettingsControls } from '../settings/SettingsControls';
import { AdvancedOptions } from './AdvancedOptions';
import { useSignInForm } from './useSignInForm';

export function SignInScreen() {
  const { t } = useTranslation();
  const flow = useAppStore(selectSignIn);
  const defaults = useAppStore((s) => s.appInfo?.defaults);
  const signInSubmitted = useAppStore((s) => s.signInSubmitted);
  const form = useSignInForm(defaults, (params) => void signInSubmitted(params));
  const [showPassword, setShowPassword] = useState(false);
  const titleId = useId();
  const jidErrorId = useId();
  const passwordErrorId = useId();
  const busy = flow.busy;
  const fieldError = (field: 'jid' | 'password') => form.error?.field === field;

  return (
    <main className="signin">
      <div className="signin__card">
        <header className="signin__brand">
          <Logo />
          <div>
            <h1 className="signin__name">{t('app.name')}</h1>
            <p className="signin__tagline">{t('app.tagline')}</p>
          </div>
        </header>
        <form
          className="signin__form"
          onSubmit={form.onSubmit}
          aria-labelledby={titleId}
          noValidate
        >
          <h2 className="signin__title" id={titleId}>
            {t('signIn.title')}
          </h2>
          <label className="field">
            <span className="field__label">{t('signIn.jid')}</span>
            <input
              id={form.ids.jid}
              type="text"
              inputMode="email"
              value={form.values.jid}
              onChange={(e) => form.setJid(e.target.value)}
              placeholder={t('signIn.jidPlaceholder')}
              autoComplete="username"
              autoCapitalize="off"
              spellCheck={false}
              autoFocus
              aria-invalid={fieldError('jid')}
              aria-describedby={fieldError('jid') ? jidErrorId : undefined}
              disabled={busy}
            />
          </label>
          {fieldError('jid') && form.error && (
            <p className="field__error" id={jidErrorId} role="alert">
              {t(form.error.key)}
            </p>
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
            <p className="field__error" id={passwordErrorId} role="alert">
              {t(form.error.key)}
            </p>
          )}
          <AdvancedOptions form={form} disabled={busy} />
          {flow.error && <Alert>{errorText(t, flow.error, flow.target ?? {})}</Alert>}
          <button
            type="submit"
            className="button button--primary button--block"
            disabled={busy}
            aria-busy={busy}
          >
            {busy && <span className="spinner" aria-hidden="true" />}
            {busy ? t('signIn.busy') : t('signIn.submit')}
          </button>
          <p className="signin__footnote">
            <Icon name="shield" />
            {t('signIn.footnote')}
          </p>
        </form>
      </div>
      <footer className="signin__footer">
        <SettingsControls />
      </footer>
    </main>
  );
}
