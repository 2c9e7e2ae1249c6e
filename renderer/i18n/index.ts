/**
 * i18next with both catalogs bundled (they are small), so the first paint is already localized
 * and switching language needs no network.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../store/settings';
import en from './en.json';
import zhCN from './zh-CN.json';

export const resources = {
  en: { translation: en },
  'zh-CN': { translation: zhCN },
} as const;

/** How each language names itself in the language picker. */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '中文（简体）' };

export function initI18n(locale: Locale): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources,
    lng: locale,
    fallbackLng: 'en',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18next;
}
