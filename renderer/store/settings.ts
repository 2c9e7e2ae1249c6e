/** UI settings kept in localStorage: view preferences only, nothing about accounts. */
export type Theme = 'system' | 'light' | 'dark';
export type Locale = 'en' | 'zh-CN';

export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];
export const THEMES: readonly Theme[] = ['system', 'light', 'dark'];

export interface Settings {
  /** Null until the user picks a language; then the system locale no longer applies. */
  readonly locale: Locale | null;
  readonly theme: Theme;
  /** Rooms (convKey) whose every message notifies; others notify only when we are mentioned. */
  readonly roomsNotifyAll?: readonly string[];
}

const KEY = 'hutong.settings';
export const DEFAULT_SETTINGS: Settings = { locale: null, theme: 'system' };

/** Maps a BCP 47 tag to a catalog we have: any Chinese variant gets Simplified Chinese. */
export function matchLocale(tag: string | undefined): Locale {
  return tag?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function loadSettings(storage: Storage | undefined): Settings {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(KEY) ?? 'null');
    if (typeof parsed !== 'object' || parsed === null) return DEFAULT_SETTINGS;
    const { locale, theme, roomsNotifyAll } = parsed as Record<string, unknown>;
    const rooms = Array.isArray(roomsNotifyAll)
      ? roomsNotifyAll.filter((key): key is string => typeof key === 'string').slice(0, 10_000)
      : [];
    return {
      locale: LOCALES.includes(locale as Locale) ? (locale as Locale) : null,
      theme: THEMES.includes(theme as Theme) ? (theme as Theme) : 'system',
      ...(rooms.length > 0 && { roomsNotifyAll: rooms }),
    };
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export function saveSettings(storage: Storage | undefined, settings: Settings): void {
  try {
    storage?.setItem(KEY, JSON.stringify(settings));
  } catch {
    // Storage full or disabled: the choice still holds for this session.
  }
}
