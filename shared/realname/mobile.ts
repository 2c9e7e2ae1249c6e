/**
 * Mainland China mobile numbers: 11 digits beginning 13 to 19, the form carriers assign and
 * real-name rules refer to. People write them in many ways, and all of these mean the same
 * number, so they are normalized to the 11 digits: a country code in front (+86, 0086, or a bare
 * 86 before 11 digits, optionally in parentheses), spaces and hyphens between groups
 * (138 0013 8000, 138-0013-8000), full-width digits. A number with another country code (+852
 * for Hong Kong, for instance) is refused as 'prefix' rather than 'format', so the message can say
 * that only mainland numbers are accepted instead of that the number is malformed.
 */
import { maskTail } from './mask';
import { Changes, normalizeInput } from './normalize';
import type { CheckResult, NormalizeProblem } from './result';

/** Why a mobile number is refused; the UI maps each to a message naming the field. */
export type MobileProblem =
  | NormalizeProblem
  /** Not digits, a leading +, spaces, hyphens, or parentheses around the country code. */
  | 'characters'
  /** A country code other than 86. */
  | 'prefix'
  /** Not 11 digits once the country code is removed. */
  | 'length'
  /** 11 digits that do not begin with 13 to 19. */
  | 'format';

export const MOBILE_LENGTH = 11;
const COUNTRY_CODE = '86';

/** The mobile number as 11 digits (see the module comment), or why it is refused. */
export function checkMobile(text: string): CheckResult<MobileProblem> {
  const normalized = normalizeInput(text);
  if (!normalized.ok) return normalized;
  const changes = new Changes(normalized.changes);
  let value = changes.note(
    'separators',
    normalized.value,
    normalized.value.replace(/[\p{Zs}-]/gu, ''),
  );
  // "(+86)138…": parentheses are only understood around a country code at the start.
  value = changes.note('country-code', value, value.replace(/^\(((?:\+|00)\d{1,4}|86)\)/u, '$1'));
  if (!/^\+?\d+$/u.test(value)) return { ok: false, problem: 'characters' };
  const international = /^(?:\+|00)(\d*)$/u.exec(value);
  if (international) {
    const rest = international[1]!;
    if (!rest.startsWith(COUNTRY_CODE)) return { ok: false, problem: 'prefix' };
    value = rest.slice(COUNTRY_CODE.length);
    changes.add('country-code');
  } else if (
    value.length === COUNTRY_CODE.length + MOBILE_LENGTH &&
    value.startsWith(COUNTRY_CODE)
  ) {
    // A bare 86 is only a country code when 11 digits follow: no mobile number begins with 8.
    value = value.slice(COUNTRY_CODE.length);
    changes.add('country-code');
  }
  if (value.length !== MOBILE_LENGTH) return { ok: false, problem: 'length' };
  if (!/^1[3-9]/u.test(value)) return { ok: false, problem: 'format' };
  return { ok: true, value, changes: changes.list() };
}

/** The mobile number as it may be shown or kept: every digit but the last four hidden. */
export function maskMobile(value: string): string {
  return maskTail(value);
}
