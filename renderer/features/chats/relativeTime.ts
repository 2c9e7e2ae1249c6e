/**
 * The time beside a conversation in the Chats list, as messengers show it: the time of day for
 * today, "Yesterday", the weekday within the last week, the date (with the year when not this
 * one) further back. Formatters are cached: the list formats one time per visible row.
 */
const FORMATS = {
  time: { hour: 'numeric', minute: '2-digit' },
  weekday: { weekday: 'short' },
  date: { month: 'short', day: 'numeric' },
  dateYear: { year: 'numeric', month: 'short', day: 'numeric' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const formatters = new Map<string, Intl.DateTimeFormat>();

function format(kind: keyof typeof FORMATS, locale: string, at: number): string {
  const key = `${kind}\n${locale}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, FORMATS[kind]);
    formatters.set(key, formatter);
  }
  return formatter.format(at);
}

/** Midnight before `at`, local time. */
const startOfDay = (at: number): number => {
  const d = new Date(at);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
};

export function relativeTime(
  at: number,
  locale: string,
  yesterday: string,
  now: number = Date.now(),
): string {
  const today = startOfDay(now);
  // A clock that runs behind the sender's still shows the time, not a date in the future.
  if (at >= today) return format('time', locale, at);
  const day = startOfDay(at);
  // Whole days between the two midnights; rounding absorbs a daylight-saving hour.
  const daysAgo = Math.round((today - day) / 86_400_000);
  if (daysAgo === 1) return yesterday;
  if (daysAgo < 7) return format('weekday', locale, at);
  const sameYear = new Date(at).getFullYear() === new Date(now).getFullYear();
  return format(sameYear ? 'date' : 'dateYear', locale, at);
}
