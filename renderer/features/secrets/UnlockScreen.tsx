/**
 * Shown before anything else while the secret store is locked (passphrase mode): enter the
 * passphrase, or choose one the first time (typed twice, with a strength hint). Saved accounts
 * connect once it is unlocked (secrets.changed).
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { BusyButton } from '../../components/BusyButton';
import { Icon } from '../../components/Icon';
import { TextField } from '../../components/TextField';
import { useSubmit } from '../../components/useSubmit';
import { useAppStore } from '../../store';
import { BrandedScreen } from '../signin/BrandedScreen';
import { MIN_PASSPHRASE, passphraseStrength } from './passphraseStrength';

export function UnlockScreen({ initialized }: { initialized: boolean }) {
  const { t } = useTranslation();
  const secretsUnlockSubmitted = useAppStore((s) => s.secretsUnlockSubmitted);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  // Saved accounts connect once unlocked and the store replaces this screen: no onDone.
  const { busy, failure: error, setFailure: setError, run } = useSubmit();
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
    await run(() => secretsUnlockSubmitted(passphrase), { onFailure: () => setPassphrase('') });
  };

  return (
    <BrandedScreen>
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
        <TextField
          label={t('secrets.passphrase')}
          type="password"
          value={passphrase}
          autoComplete={choosing ? 'new-password' : 'current-password'}
          autoFocus
          onChange={(e) => setPassphrase(e.target.value)}
          invalid={error !== null}
          describedBy={[choosing ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ')}
          disabled={busy}
        />
        {choosing && (
          <>
            <p className={`strength strength--${strength}`} id={hintId} aria-live="polite">
              <span className="strength__bar" aria-hidden="true" />
              {t(`secrets.strength.${strength}`, { count: MIN_PASSPHRASE })}
            </p>
            <TextField
              label={t('secrets.confirm')}
              type="password"
              value={confirm}
              autoComplete="new-password"
              onChange={(e) => setConfirm(e.target.value)}
              disabled={busy}
            />
          </>
        )}
        {error && (
          <div id={errorId}>
            <Alert>{error}</Alert>
          </div>
        )}
        <BusyButton type="submit" className="button button--primary button--block" busy={busy}>
          {choosing ? t('secrets.choose') : t('secrets.unlock')}
        </BusyButton>
        <p className="signin__footnote">
          <Icon name="lock" />
          {choosing ? t('secrets.chooseFootnote') : t('secrets.unlockFootnote')}
        </p>
      </form>
    </BrandedScreen>
  );
}
