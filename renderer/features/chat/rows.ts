/**
 * Turns a conversation's messages into the rows of the list: a day separator before the first
 * message of each local day, and a flag for messages that continue a run from the same side (they
 * get a tighter gap and no tail). Pure, so the list memoizes it on the messages array.
 */
import type { Message } from '../../../shared/contract';

export type Row =
  | { readonly kind: 'start'; readonly key: string }
  | { readonly kind: 'day'; readonly key: string; readonly at: number }
  | {
      readonly kind: 'message';
      readonly key: string;
      readonly message: Message;
      /** Same sender as the row before, within a few minutes. */
      readonly continued: boolean;
    };

const RUN_MS = 5 * 60_000;

const dayOf = (at: number): string => {
  const d = new Date(at);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
};

/** `atStart`: the whole history is loaded, so the first row says where it begins. */
export function buildRows(messages: readonly Message[], atStart: boolean): Row[] {
  const rows: Row[] = atStart && messages.length > 0 ? [{ kind: 'start', key: 'start' }] : [];
  let day = '';
  let previous: Message | undefined;
  for (const message of messages) {
    const thisDay = dayOf(message.sentAt);
    if (thisDay !== day) {
      day = thisDay;
      rows.push({ kind: 'day', key: `day:${thisDay}`, at: message.sentAt });
      previous = undefined;
    }
    const continued =
      previous !== undefined &&
      previous.direction === message.direction &&
      // In a room, another occupant starts a new run (their nick is shown again).
      previous.sender?.nick === message.sender?.nick &&
      message.sentAt - previous.sentAt < RUN_MS;
    rows.push({ kind: 'message', key: message.id, message, continued });
    previous = message;
  }
  return rows;
}

const FORMATS = {
  time: { hour: '2-digit', minute: '2-digit' },
  full: { dateStyle: 'full', timeStyle: 'short' },
  day: { weekday: 'long', month: 'long', day: 'numeric' },
  dayYear: { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

// Building an Intl.DateTimeFormat costs a fraction of a millisecond, formatting with one costs
// microseconds: every row of the list formats two or three times, so the formatters are kept.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: keyof typeof FORMATS, locale: string): Intl.DateTimeFormat {
  const key = `${kind}\n${locale}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, FORMATS[kind]);
    formatters.set(key, format);
  }
  return format;
}

// A page's first Intl.DateTimeFormat loads the date data (10 ms and more); do it while the page is
// idle rather than in the first frame of the first conversation opened.
if (typeof requestIdleCallback === 'function') {
  requestIdleCallback(() => new Intl.DateTimeFormat(undefined, FORMATS.time).format(0));
}

/** "Today", "Yesterday", or the date in the user's language (with the year when not this one). */
export function dayLabel(
  at: number,
  locale: string,
  words: { today: string; yesterday: string },
  now = Date.now(),
): string {
  if (dayOf(at) === dayOf(now)) return words.today;
  if (dayOf(at) === dayOf(now - 86_400_000)) return words.yesterday;
  const sameYear = new Date(at).getFullYear() === new Date(now).getFullYear();
  return formatter(sameYear ? 'day' : 'dayYear', locale).format(at);
}

export function timeLabel(at: number, locale: string): string {
  return formatter('time', locale).format(at);
}

export function fullTimeLabel(at: number, locale: string): string {
  return formatter('full', locale).format(at);
}
