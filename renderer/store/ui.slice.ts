/**
 * View state: which contact is selected (and so which account is active), the roster search and
 * account filter, the open dialog, the secret store's state, the link to the main process, app
 * info, and the persisted settings (language, theme).
 */
import type { AppInfo, SecretsStatus } from '../../shared/contract';
import type { LinkStatus, UiErrorInfo, UiResult } from '../transport';
import { loadSettings, saveSettings, type Locale, type Settings, type Theme } from './settings';
import type { SliceCreator } from './types';

/** The one modal dialog open over the main window, if any (the certificate prompt is apart). */
export type AppDialog =
  | { readonly kind: 'addAccount' }
  | { readonly kind: 'editAccount'; readonly accountId: string }
  | { readonly kind: 'removeAccount'; readonly accountId: string }
  | { readonly kind: 'addContact' }
  | {
      readonly kind: 'editContact';
      readonly accountId: string;
      readonly jid: string;
      readonly focus: 'name' | 'groups';
    }
  | { readonly kind: 'removeContact'; readonly accountId: string; readonly jid: string };

export interface UiSlice {
  readonly appInfo: AppInfo | null;
  readonly link: LinkStatus;
  readonly settings: Settings;
  readonly activeAccountId: string | null;
  readonly selectedJid: string | null;
  readonly filter: string;
  /** Show only this account's contacts; null shows all accounts. */
  readonly accountFilter: string | null;
  readonly dialog: AppDialog | null;
  /** Null until known, and where the host has no secret store to report. */
  readonly secrets: SecretsStatus | null;
  /** The last failed action outside sign-in (presence, sign-out), shown until dismissed. */
  readonly actionError: UiErrorInfo | null;
  appStarted(): Promise<void>;
  linkStatusChanged(status: LinkStatus): void;
  accountActivated(accountId: string | null): void;
  /** Selects a contact; with an accountId, that account becomes the active one. */
  contactSelected(jid: string | null, accountId?: string): void;
  filterChanged(filter: string): void;
  accountFilterChosen(accountId: string | null): void;
  dialogOpened(dialog: AppDialog): void;
  dialogClosed(): void;
  secretsChanged(status: SecretsStatus): void;
  secretsUnlockSubmitted(passphrase: string): Promise<UiResult<SecretsStatus>>;
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
  accountFilter: null,
  dialog: null,
  secrets: null,
  actionError: null,

  appStarted: async () => {
    const [info, secrets, list, requests] = await Promise.all([
      api.request('app.info', {}),
      api.request('secrets.status', {}),
      api.request('account.list', {}),
      api.request('subscription.list', {}),
    ]);
    if (info.ok) set({ appInfo: info.value });
    if (secrets.ok) set({ secrets: secrets.value });
    if (requests.ok) get().subscriptionsReplaced(requests.value);
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

  accountActivated: (accountId) => set({ activeAccountId: accountId, selectedJid: null }),

  contactSelected: (jid, accountId) =>
    set(accountId ? { selectedJid: jid, activeAccountId: accountId } : { selectedJid: jid }),

  filterChanged: (filter) => set({ filter }),

  accountFilterChosen: (accountId) => set({ accountFilter: accountId }),

  dialogOpened: (dialog) => set({ dialog }),
  dialogClosed: () => set({ dialog: null }),

  secretsChanged: (status) => {
    const wasLocked = get().secrets?.locked ?? false;
    set({ secrets: status });
    // Unlocking lets saved accounts connect: take the fresh picture.
    if (wasLocked && !status.locked) void get().appStarted();
  },

  secretsUnlockSubmitted: async (passphrase) => {
    const result = await api.request('secrets.unlock', { passphrase });
    if (result.ok) get().secretsChanged(result.value);
    return result;
  },

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
