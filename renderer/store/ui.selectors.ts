/** Reads of the ui slice. */
import type { Locale } from './settings';
import type { AppState } from './types';
import type { SidebarTab } from './ui.slice';
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
export const selectSelected = (state: AppState) => state.selected;
export const selectPrefs = (state: AppState) => state.prefs;

/** The list the sidebar shows: the user's pick, else Chats once there is any conversation. */
export const selectSidebarTab = (state: AppState): SidebarTab => {
  if (state.sidebarTab) return state.sidebarTab;
  // Rooms one is in count as conversations, even before anyone wrote in them.
  return hasAny(state.conversations) || hasAny(state.roomConversations) ? 'chats' : 'contacts';
};

/** Whether a record has a key, without listing thousands of them on every store change. */
function hasAny(record: object): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return true;
  return false;
}

/** Archive catch-ups still running, and how many messages they fetched so far. */
export interface ArchiveActivity {
  readonly running: number;
  readonly fetched: number;
}

const IDLE: ArchiveActivity = { running: 0, fetched: 0 };

export const selectArchiveActivity = (state: AppState): ArchiveActivity => {
  let running = 0;
  let fetched = 0;
  for (const progress of Object.values(state.archiveProgress)) {
    if (progress.phase !== 'newest' && progress.phase !== 'older') continue;
    running += 1;
    fetched += progress.fetched;
  }
  return running === 0 ? IDLE : { running, fetched };
};
