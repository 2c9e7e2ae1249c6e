/**
 * The frame of the screens shown before the main window (sign-in, unlock): the brand over a
 * card holding the form, language and theme below.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Logo } from '../../components/Logo';
import { SettingsControls } from '../settings/SettingsControls';

export function BrandedScreen({ children }: { readonly children: ReactNode }) {
  const { t } = useTranslation();
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
        {children}
      </div>
      <footer className="signin__footer">
        <SettingsControls />
      </footer>
    </main>
  );
}
