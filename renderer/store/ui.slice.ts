/**
 * View state: the open conversation (and so the active account), the sidebar's tab, list filter
 * and account filter, the open dialog, the secret store's state, the link to the main process,
 * app info, the persisted view settings (language, theme), the main process's preferences
 * (archive window) and how each archive's catch-up is going.
 */
import type {
  AppInfo,
  ArchiveProgress,
  ConversationKind,
  Preferences,
  RoomInvitation,
  SecretsStatus,
} from '../../shared/contract';
import type { LinkStatus, UiErrorInfo, UiResult } from '../transport';
import { loadSettings, saveSettings, type Locale, type Settings, type Theme } from './settings';
import type { SliceCreator } from './types';

/** A conversation as the renderer names it: unlike the contract's ref, the kind is always known. */
export interface ConvRef {
  readonly accountId: string;
  readonly kind: ConversationKind;
  readonly peer: string;
}

/** The sidebar's two lists. */
export type SidebarTab = 'chats' | 'contacts';

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
  | { readonly kind: 'removeContact'; readonly accountId: string; readonly jid: string }
  | { readonly kind: 'joinRoom'; readonly initial?: string; readonly invitation?: RoomInvitation }
  | { readonly kind: 'createGroup' }
  | { readonly kind: 'otrVerify'; readonly accountId: string; readonly peer: string }
  | { readonly kind: 'otrContact'; readonly accountId: string; readonly peer: string }
  /** Real-name registration of the groups the user owns (issue 9). */
  | { readonly kind: 'registrations' }
  | RoomDialog;

/** The dialogs about one room (its menu and its occupants' menus open them). */
export type RoomDialog = { readonly accountId: string; readonly room: string } & (
  | { readonly kind: 'roomSubject' }
  | { readonly kind: 'roomInvite' }
  | { readonly kind: 'roomNick' }
  | { readonly kind: 'roomConfig' }
  | { readonly kind: 'roomLists'; readonly list: 'roles' | 'bans' }
  | { readonly kind: 'roomDestroy' }
  | {
      readonly kind: 'occupantModerate';
      readonly nick: string;
      readonly action: 'kick' | 'ban';
    }
);

export interface UiSlice {
  readonly appInfo: AppInfo | null;
  readonly link: LinkStatus;
  readonly settings: Settings;
  /** The account of the open conversation (new contacts go there by default). */
  readonly activeAccountId: string | null;
  /** The conversation in the main pane. */
  readonly selected: ConvRef | null;
  /** The list the user picked; null until then (Chats when there are conversations). */
  readonly sidebarTab: SidebarTab | null;
  readonly filter: string;
  /** Show only this account's conversations and contacts; null shows all accounts. */
  readonly accountFilter: string | null;
  readonly dialog: AppDialog | null;
  /** The people panel beside a room's conversation is shown. */
  readonly peoplePanel: boolean;
  peoplePanelToggled(): void;
  /** Null until known, and where the host has no secret store to report. */
  readonly secrets: SecretsStatus | null;
  /** The last failed action outside sign-in (presence, sign-out), shown until dismissed. */
  readonly actionError: UiErrorInfo | null;
  /** The main process's preferences; null until loaded. */
  readonly prefs: Preferences | null;
  /** The latest progress of each archive's catch-up, by archiveKey. */
  readonly archiveProgress: Readonly<Record<string, ArchiveProgress>>;
  appStarted(): Promise<void>;
  linkStatusChanged(status: LinkStatus): void;
  accountActivated(accountId: string | null): void;
  /** Opens a conversation in the main pane; its account becomes the active one. */
  conversationOpened(ref: ConvRef): void;
  /** Opens the one-to-one chat with a contact. */
  contactOpened(accountId: string, jid: string): void;
  conversationClosed(): void;
  sidebarTabChosen(tab: SidebarTab): void;
  filterChanged(filter: string): void;
  accountFilterChosen(accountId: string | null): void;
  dialogOpened(dialog: AppDialog): void;
  dialogClosed(): void;
  secretsChanged(status: SecretsStatus): void;
  secretsUnlockSubmitted(passphrase: string): Promise<UiResult<SecretsStatus>>;
  localeChosen(locale: Locale): void;
  themeChosen(theme: Theme): void;
  /** Whether every message of this room (convKey) notifies, not only mentions. */
  roomNotifyAllChosen(key: string, on: boolean): void;
  actionFailed(error: UiErrorInfo): void;
  actionErrorDismissed(): void;
  prefsChanged(prefs: Preferences): void;
  /** Asks again for the preferences (when the start-up request failed). */
  prefsRequested(): Promise<UiResult<Preferences>>;
  prefsChosen(patch: Partial<Preferences>): Promise<UiResult<Preferences>>;
  archiveProgressed(progress: ArchiveProgress): void;
}

/** One archive of one account: progress reports are kept per archive. */
export const archiveKey = (accountId: string, archive: string): string =>
  `${accountId}\n${archive}`;

const storage = (): Storage | undefined =>
  typeof localStorage === 'undefined' ? undefined : localStorage;

export const createUiSlice: SliceCreator<UiSlice> = (api) => (set, get) => ({
  appInfo: null,
  link: 'connecting',
  settings: loadSettings(storage()),
  activeAccountId: null,
  selected: null,
  sidebarTab: null,
  filter: '',
  accountFilter: null,
  dialog: null,
  peoplePanel: true,
  secrets: null,
  actionError: null,
  prefs: null,
  archiveProgress: {},

  appStarted: async () => {
    const [info, secrets, list, requests, prefs] = await Promise.all([
      api.request('app.info', {}),
      api.request('secrets.status', {}),
      api.request('account.list', {}),
      api.request('subscription.list', {}),
      api.request('prefs.get', {}),
    ]);
    if (info.ok) set({ appInfo: info.value });
    if (secrets.ok) set({ secrets: secrets.value });
    if (prefs.ok) set({ prefs: prefs.value });
    if (requests.ok) get().subscriptionsReplaced(requests.value);
    if (!list.ok) return;
    get().accountsListed(list.value);
    void get().roomsRequested();
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

  accountActivated: (accountId) => set({ activeAccountId: accountId, selected: null }),

  conversationOpened: (ref) =>
    set((state) => {
      const { selected } = state;
      const same =
        selected?.accountId === ref.accountId &&
        selected.peer === ref.peer &&
        selected.kind === ref.kind;
      return same ? {} : { selected: { ...ref }, activeAccountId: ref.accountId };
    }),

  contactOpened: (accountId, jid) =>
    get().conversationOpened({ accountId, kind: 'chat', peer: jid }),

  conversationClosed: () => set({ selected: null }),

  sidebarTabChosen: (tab) => set({ sidebarTab: tab }),

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

  peoplePanelToggled: () => set((state) => ({ peoplePanel: !state.peoplePanel })),

  roomNotifyAllChosen: (key, on) => {
    const before = get().settings.roomsNotifyAll ?? [];
    const roomsNotifyAll = on ? [...new Set([...before, key])] : before.filter((k) => k !== key);
    const settings = { ...get().settings, roomsNotifyAll };
    saveSettings(storage(), settings);
    set({ settings });
  },

  actionFailed: (error) => set({ actionError: error }),
  actionErrorDismissed: () => set({ actionError: null }),

  prefsChanged: (prefs) => set({ prefs }),

  prefsRequested: async () => {
    const result = await api.request('prefs.get', {});
    if (result.ok) set({ prefs: result.value });
    return result;
  },

  prefsChosen: async (patch) => {
    const result = await api.request('prefs.set', patch);
    if (result.ok) set({ prefs: result.value });
    return result;
  },

  archiveProgressed: (progress) =>
    set((state) => ({
      archiveProgress: {
        ...state.archiveProgress,
        [archiveKey(progress.accountId, progress.archive)]: progress,
      },
    })),
});
