/** Chooses the screen and keeps <html> in step with the language and theme settings. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from './components/Alert';
import { Dialogs } from './Dialogs';
import { MainScreen } from './features/contacts/MainScreen';
import { UnlockScreen } from './features/secrets/UnlockScreen';
import { CertificateDialog } from './features/signin/CertificateDialog';
import { SignInScreen } from './features/signin/SignInScreen';
import { useAppStore } from './store';
import { selectHasAccounts } from './store/accounts.selectors';
import { selectLink, selectLocale, selectTheme } from './store/ui.selectors';

function useDocumentSettings(): void {
  const { i18n, t } = useTranslation();
  const locale = useAppStore(selectLocale);
  const theme = useAppStore(selectTheme);

  useEffect(() => {
    if (i18n.language !== locale) void i18n.changeLanguage(locale);
    document.documentElement.lang = locale;
    document.title = t('app.name');
  }, [i18n, locale, t]);

  useEffect(() => {
    // 'system' leaves the attribute off so the prefers-color-scheme media query decides.
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
}

export function App() {
  const { t } = useTranslation();
  useDocumentSettings();
  const hasAccounts = useAppStore(selectHasAccounts);
  const secrets = useAppStore((s) => s.secrets);
  const link = useAppStore(selectLink);
  // A link that is down (or refused) will not load the app info: show what we have.
  const ready = useAppStore(
    (s) => s.appInfo !== null || s.link === 'closed' || s.link === 'refused',
  );

  return (
    <div className="app" aria-busy={!ready}>
      {link === 'closed' && (
        <div className="link-banner">
          <Alert tone="warning">{t('connection.linkClosed')}</Alert>
        </div>
      )}
      {link === 'refused' && (
        <div className="link-banner">
          <Alert tone="error">{t('connection.linkRefused')}</Alert>
        </div>
      )}
      {secrets?.locked ? (
        <UnlockScreen initialized={secrets.initialized} />
      ) : hasAccounts ? (
        <>
          <MainScreen />
          <Dialogs />
        </>
      ) : (
        <SignInScreen />
      )}
      <CertificateDialog />
    </div>
  );
}
