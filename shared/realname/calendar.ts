/**
 * Calendar days without a time of day or a zone: a date of birth is a day, and comparing it with
 * "today" through Date objects would move it across midnight in some zones.
 */

/** A day of the proleptic Gregorian calendar; month and day count from 1. */
export interface CalendarDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** The local calendar day of a moment, for callers that hold a Date (the clock they inject). */
export function calendarDayOf(moment: Date): CalendarDay {
  return { year: moment.getFullYear(), month: moment.getMonth() + 1, day: moment.getDate() };
}

/** Whether the day exists: months of 28 to 31 days, 29 February only in leap years. */
export function isRealDay({ year, month, day }: CalendarDay): boolean {
  if (![year, month, day].every(Number.isInteger) || month < 1 || month > 12 || day < 1) {
    return false;
  }
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= lengths[month - 1]!;
}

/** Negative, zero or positive as `a` is before, on or after `b`. */
export function compareDays(a: CalendarDay, b: CalendarDay): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}
