/**
 * i18next with both catalogs bundled (they are small), so the first paint is already localized
 * and switching language needs no network.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../store/settings';
import chatEn from './chat.en.json';
import chatZhCN from './chat.zh-CN.json';
import en from './en.json';
import groupsEn from './groups.en.json';
import groupsZhCN from './groups.zh-CN.json';
import realnameEn from './realname.en.json';
import realnameZhCN from './realname.zh-CN.json';
import roomsEn from './rooms.en.json';
import roomsZhCN from './rooms.zh-CN.json';
import zhCN from './zh-CN.json';

export const resources = {
  // Chat, search, links and notifications keep their own catalogs (separate top-level keys), as
  // do group chats and data forms, group creation and real-name registration.
  en: { translation: { ...en, ...chatEn, ...roomsEn, ...groupsEn, ...realnameEn } },
  'zh-CN': {
    translation: { ...zhCN, ...chatZhCN, ...roomsZhCN, ...groupsZhCN, ...realnameZhCN },
  },
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
