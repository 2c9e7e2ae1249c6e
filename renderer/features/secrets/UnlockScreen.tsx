/**
 * Shown before anything else while the secret store is locked (passphrase mode): enter the
 * passphrase, or choose one the first time (typed twice, with a strength hint). Saved accounts
 * connect once it is unlocked (secrets.changed).
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Icon } from '../../components/Icon';
import { Logo } from '../../components/Logo';
import { errorText } from '../../i18n/errorText';
import { useAppStore } from '../../store';
import { SettingsControls } from '../settings/SettingsControls';
import { MIN_PASSPHRASE, passphraseStrength } from './passphraseStrength';

export function UnlockScreen({ initialized }: { initialized: boolean }) {
  const { t } = useTranslation();
  const secretsUnlockSubmitted = useAppStore((s) => s.secretsUnlockSubmitted);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const hintId = useId();
  const errorId = useId();
  const strength = passphraseStrength(passphrase);
  const choosing = !initialized;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (choosing && Array.from(passphrase).length < MIN_PASSPHRASE) {
      return setError(t('secrets.tooShort', { count: MIN_PASSPHRASE }));
    }
    if (choosing && passphrase !== confirm) return setError(t('secrets.mismatch'));
    if (!passphrase) return setError(t('secrets.missing'));
    setError(null);
    setBusy(true);
    const result = await secretsUnlockSubmitted(passphrase);
    setBusy(false);
    if (!result.ok) {
      setError(errorText(t, result.error));
      setPassphrase('');
    }
  };

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
          onSubmit={(e) => void onSubmit(e)}
          aria-labelledby={titleId}
          noValidate
        >
          <h2 className="signin__title" id={titleId}>
            {choosing ? t('secrets.chooseTitle') : t('secrets.unlockTitle')}
          </h2>
          <p className="unlock__intro">
            {choosing ? t('secrets.chooseIntro') : t('secrets.unlockIntro')}
          </p>
          <label className="field">
            <span className="field__label">{t('secrets.passphrase')}</span>
            <input
              type="password"
              value={passphrase}
              autoComplete={choosing ? 'new-password' : 'current-password'}
              autoFocus
              onChange={(e) => setPassphrase(e.target.value)}
              aria-invalid={error !== null}
              aria-describedby={[choosing ? hintId : '', error ? errorId : '']
                .filter(Boolean)
                .join(' ')}
              disabled={busy}
            />
          </label>
          {choosing && (
            <>
              <p className={`strength strength--${strength}`} id={hintId} aria-live="polite">
                <span className="strength__bar" aria-hidden="true" />
                {t(`secrets.strength.${strength}`, { count: MIN_PASSPHRASE })}
              </p>
              <label className="field">
                <span className="field__label">{t('secrets.confirm')}</span>
                <input
                  type="password"
                  value={confirm}
                  autoComplete="new-password"
                  onChange={(e) => setConfirm(e.target.value)}
                  disabled={busy}
                />
              </label>
            </>
          )}
          {error && (
            <div id={errorId}>
              <Alert>{error}</Alert>
            </div>
          )}
          <button
            type="submit"
            className="button button--primary button--block"
            disabled={busy}
            aria-busy={busy}
          >
            {busy && <span className="spinner" aria-hidden="true" />}
            {choosing ? t('secrets.choose') : t('secrets.unlock')}
          </button>
          <p className="signin__footnote">
            <Icon name="lock" />
            {choosing ? t('secrets.chooseFootnote') : t('secrets.unlockFootnote')}
          </p>
        </form>
      </div>
      <footer className="signin__footer">
        <SettingsControls />
      </footer>
    </main>
  );
}
