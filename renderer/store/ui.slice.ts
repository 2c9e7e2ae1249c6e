/**
 * View state: which account and contact are shown, the roster filter, the link to the main
 * process, app info, and the persisted settings (language, theme).
 */
import type { AppInfo } from '../../shared/contract';
import type { LinkStatus, UiErrorInfo } from '../transport';
import { loadSettings, saveSettings, type Locale, type Settings, type Theme } from './settings';
import type { SliceCreator } from './types';

export interface UiSlice {
  readonly appInfo: AppInfo | null;
  readonly link: LinkStatus;
  readonly settings: Settings;
  readonly activeAccountId: string | null;
  readonly selectedJid: string | null;
  readonly filter: string;
  /** The last failed action outside sign-in (presence, sign-out), shown until dismissed. */
  readonly actionError: UiErrorInfo | null;
  appStarted(): Promise<void>;
  linkStatusChanged(status: LinkStatus): void;
  accountActivated(accountId: string | null): void;
  contactSelected(jid: string | null): void;
  filterChanged(filter: string): void;
  localeChosen(locale: Locale): void;
  themeChosen(theme: Theme): void;
  actionFailed(error: UiErrorInfo): void;
  actionErrorDismissed(): void;
}

const storage = (): Storage | undefined =>
  typeof localStorage === 'undefined' ? undefined : localStorage;

export const createUiSlice: SliceCreator<UiSlice> = (api) => (set, get) => ({
  appInfo: null,
  link: 'connecting',
  settings: loadSettings(storage()),
  activeAccountId: null,
  selectedJid: null,
  filter: '',
  actionError: null,

  appStarted: async () => {
    const [info, list] = await Promise.all([
      api.request('app.info', {}),
      api.request('account.list', {}),
    ]);
    if (info.ok) set({ appInfo: info.value });
    if (!list.ok) return;
    get().accountsListed(list.value);
    await Promise.all(
      list.value
        .filter((a) => a.status === 'online')
        .map((a) => get().rosterRequested(a.accountId)),
    );
  },

  linkStatusChanged: (status) => {
    const previous = get().link;
    set({ link: status });
    // Events sent while the link was down are lost: fetch the whole picture again.
    if (status === 'open' && previous === 'closed') void get().appStarted();
  },

  accountActivated: (accountId) =>
    set({ activeAccountId: accountId, selectedJid: null, filter: '' }),

  contactSelected: (jid) => set({ selectedJid: jid }),

  filterChanged: (filter) => set({ filter }),

  localeChosen: (locale) => {
    const settings = { ...get().settings, locale };
    saveSettings(storage(), settings);
    set({ settings });
  },

  themeChosen: (theme) => {
    const settings = { ...get().settings, theme };
    saveSettings(storage(), settings);
    set({ settings });
  },

  actionFailed: (error) => set({ actionError: error }),
  actionErrorDismissed: () => set({ actionError: null }),
});
