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
      message.sentAt - previous.sentAt < RUN_MS;
    rows.push({ kind: 'message', key: message.id, message, continued });
    previous = message;
  }
  return rows;
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
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(at);
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

export function timeLabel(at: number, locale: string): string {
  let format = timeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
    timeFormats.set(locale, format);
  }
  return format.format(at);
}

export function fullTimeLabel(at: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(at);
}
