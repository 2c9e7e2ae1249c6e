/**
 * The 18-character citizen identity number of GB 11643-1999, as printed on the second-generation
 * resident identity card (and, in the same form, on residence permits for Hong Kong, Macau and
 * Taiwan residents and on the foreign permanent resident ID card since 2023): six digits of
 * issuing region, eight of date of birth (YYYYMMDD), three of order, and a check character
 * computed with ISO 7064 MOD 11-2, which is X when the remainder calls for 10.
 *
 * This check runs on the user's machine before anything is sent, to catch typing mistakes with a
 * message that names the part that is wrong. It proves nothing about the person: the registry
 * checks the number against the authority's records. Normalized: full-width digits, spaces and
 * hyphens between groups (forms often print the number as 6-8-4), a lower-case x. Refused: the
 * 15-digit first-generation number (invalid since 2013), anything else that is not a digit or X.
 */
import { compareDays, isRealDay, type CalendarDay } from './calendar';
import { maskTail } from './mask';
import { Changes, normalizeInput } from './normalize';
import { isKnownRegion } from './region';
import type { CheckResult, NormalizeProblem } from './result';

/** Why an identity number is refused; the UI maps each to a message naming the field. */
export type IdNumberProblem =
  | NormalizeProblem
  /** Something other than digits, X, spaces and hyphens. */
  | 'characters'
  /** A 15-digit first-generation number, no longer valid. */
  | 'first-generation'
  /** Not 18 characters. */
  | 'length'
  /** An X anywhere but the last position. */
  | 'format'
  /** The first six digits are not a known issuing region. */
  | 'region'
  /** The date of birth does not exist or is before 1900. */
  | 'birthdate'
  /** The date of birth is after today. */
  | 'future'
  /** The check character does not match the other 17 digits. */
  | 'checksum';

/** What the check needs from outside: today's date, injected so that tests choose it. */
export interface IdNumberOptions {
  readonly today: CalendarDay;
}

export const ID_NUMBER_LENGTH = 18;
const FIRST_GENERATION_LENGTH = 15;
/** The earliest year of birth accepted: nobody born before it still registers anything. */
export const EARLIEST_BIRTH_YEAR = 1900;

/** ISO 7064 MOD 11-2: the weight of each of the 17 digits is 2^(17 - i) mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** The check character for each remainder of the weighted sum modulo 11. */
const CHECK_CHARACTERS = '10X98765432';

/** The MOD 11-2 check character of 17 digits, or undefined when `body` is not 17 digits. */
export function idCheckCharacter(body: string): string | undefined {
  if (!/^\d{17}$/u.test(body)) return undefined;
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i += 1) sum += Number(body[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11];
}

/** The identity number normalized (see the module comment) and checked, or why it is refused. */
export function checkIdNumber(
  text: string,
  options: IdNumberOptions,
): CheckResult<IdNumberProblem> {
  const normalized = normalizeInput(text);
  if (!normalized.ok) return normalized;
  const changes = new Changes(normalized.changes);
  let value = changes.note(
    'separators',
    normalized.value,
    normalized.value.replace(/[\p{Zs}-]/gu, ''),
  );
  if (!/^[0-9Xx]+$/u.test(value)) return { ok: false, problem: 'characters' };
  value = changes.note('upper-case', value, value.toUpperCase());
  if (value.length === FIRST_GENERATION_LENGTH && /^\d+$/u.test(value)) {
    return { ok: false, problem: 'first-generation' };
  }
  if (value.length !== ID_NUMBER_LENGTH) return { ok: false, problem: 'length' };
  const body = value.slice(0, -1);
  if (!/^\d{17}$/u.test(body)) return { ok: false, problem: 'format' };
  if (!isKnownRegion(body.slice(0, 6))) return { ok: false, problem: 'region' };
  const birth = {
    year: Number(body.slice(6, 10)),
    month: Number(body.slice(10, 12)),
    day: Number(body.slice(12, 14)),
  };
  if (!isRealDay(birth) || birth.year < EARLIEST_BIRTH_YEAR) {
    return { ok: false, problem: 'birthdate' };
  }
  if (compareDays(birth, options.today) > 0) return { ok: false, problem: 'future' };
  if (idCheckCharacter(body) !== value.slice(-1)) return { ok: false, problem: 'checksum' };
  return { ok: true, value, changes: changes.list() };
}

/** The identity number as it may be shown or kept: every character but the last four hidden. */
export function maskIdNumber(value: string): string {
  return maskTail(value);
}
