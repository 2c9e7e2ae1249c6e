/** Language and theme pickers, shown on the sign-in screen and in the main window's sidebar. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { LANGUAGE_NAMES } from '../../i18n';
import { useAppStore } from '../../store';
import { LOCALES, THEMES, type Locale, type Theme } from '../../store/settings';
import { selectLocale, selectTheme } from '../../store/ui.selectors';

export function SettingsControls({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const locale = useAppStore(selectLocale);
  const theme = useAppStore(selectTheme);
  const localeChosen = useAppStore((s) => s.localeChosen);
  const themeChosen = useAppStore((s) => s.themeChosen);
  const languageId = useId();
  const themeId = useId();

  return (
    <div className={`settings-controls${compact ? ' settings-controls--compact' : ''}`}>
      <label className="picker" htmlFor={languageId}>
        <Icon name="globe" />
        <span className={compact ? 'visually-hidden' : 'picker__label'}>
          {t('settings.language')}
        </span>
        <select
          id={languageId}
          value={locale}
          onChange={(e) => localeChosen(e.target.value as Locale)}
        >
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </select>
      </label>
      <label className="picker" htmlFor={themeId}>
        <Icon name="moon" />
        <span className={compact ? 'visually-hidden' : 'picker__label'}>{t('settings.theme')}</span>
        <select id={themeId} value={theme} onChange={(e) => themeChosen(e.target.value as Theme)}>
          {THEMES.map((th) => (
            <option key={th} value={th}>
              {t(`settings.themes.${th}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
