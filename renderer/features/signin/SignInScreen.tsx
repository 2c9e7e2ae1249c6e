/** The first-run screen: the sign-in form under the brand, with language and theme. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Logo } from '../../components/Logo';
import { SettingsControls } from '../settings/SettingsControls';
import { SignInForm } from './SignInForm';

export function SignInScreen() {
  const { t } = useTranslation();
  const titleId = useId();

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
        <SignInForm title={t('signIn.title')} titleId={titleId} />
      </div>
      <footer className="signin__footer">
        <SettingsControls />
      </footer>
    </main>
  );
}
