/** Reads of the ui slice. */
import type { Locale } from './settings';
import type { AppState } from './types';
import { matchLocale } from './settings';

/** The UI language: the user's choice, else the system locale, else the browser's. */
export const selectLocale = (state: AppState): Locale =>
  state.settings.locale ??
  matchLocale(
    state.appInfo?.locale || (typeof navigator === 'undefined' ? 'en' : navigator.language),
  );

export const selectTheme = (state: AppState) => state.settings.theme;
export const selectLink = (state: AppState) => state.link;
export const selectFilter = (state: AppState) => state.filter;
export const selectActionError = (state: AppState) => state.actionError;
