/**
 * A person's name as the registry records it: in Han characters, or in Latin letters.
 *
 * - Han: unified ideographs (the basic block and every extension; not radicals or compatibility
 *   look-alikes), with the middle dot · (U+00B7) between the parts of a transliterated name
 *   (阿依古丽·买买提). Spaces are removed ("欧阳 娜娜" is 欧阳娜娜): official Han names hold none.
 *   Cards in autonomous regions also print the name in Tibetan, Uyghur, Mongolian and other
 *   scripts, but the Han form is the one on record, so other scripts are refused.
 * - Latin: letters with any diacritic (José, Łukasz, Nguyễn), one space, hyphen or apostrophe
 *   between parts (Mary Ann, Jean-Luc, O'Brien), as on a foreigner's passport and permanent
 *   residence card. Runs of spaces become one.
 * - Never both in one name ('mixed-scripts'): a legal name is written in one script, and a mix is
 *   either a mistake or a trick ("Li 伟"). Never digits ('digits', its own code because it is the
 *   likeliest slip: a name typed into the ID field's neighbour).
 * - Variant dots (・ ･ ‧ ⋅ ∙) become ·, and typographic apostrophes (’ ‘ ʼ) and hyphens (‐ ‑)
 *   their ASCII forms, since they are what an input method or autocorrect produced for the same
 *   name; accents are composed (NFC) so the registry compares one spelling.
 * - 2 to 50 characters, counted as people count them (code points): a Han name is at least a
 *   surname and a given name.
 */
import { Changes, normalizeInput } from './normalize';
import type { CheckResult, NormalizeProblem } from './result';

/** Why a name is refused; the UI maps each to a message naming the field. */
export type PersonNameProblem =
  | NormalizeProblem
  /** A digit anywhere. */
  | 'digits'
  /** A character that is neither Han, Latin, nor an allowed separator. */
  | 'characters'
  /** Han and Latin letters in one name. */
  | 'mixed-scripts'
  /** A separator at an end or doubled, a dot in a Latin name, a hyphen or apostrophe in a Han one. */
  | 'punctuation'
  /** Fewer than 2 or more than 50 characters. */
  | 'length';

export const NAME_MIN_LENGTH = 2;
export const NAME_MAX_LENGTH = 50;

const MIDDLE_DOT = '\u00b7';
const VARIANT_DOTS = /[\u30fb\uff65\u2027\u22c5\u2219]/gu;
const VARIANT_APOSTROPHES = /[\u2018\u2019\u02bc]/gu;
const VARIANT_HYPHENS = /[\u2010\u2011]/gu;

const HAN = /\p{Unified_Ideograph}/u;
const LATIN = /\p{Script=Latin}/u;
/** Every character a name may hold, in either script; combining marks only on a Latin letter. */
const ALLOWED = /^(?:\p{Unified_Ideograph}|(?=\p{L})\p{Script=Latin}\p{M}*|[ '\-\u00b7])+$/u;
const HAN_NAME = /^\p{Unified_Ideograph}+(?:\u00b7\p{Unified_Ideograph}+)*$/u;
/** A Latin letter may carry combining marks (those NFC has no precomposed letter for). */
const LATIN_NAME = /^(?:\p{L}\p{M}*)+(?:[ '-](?:\p{L}\p{M}*)+)*$/u;

/** The name normalized (see the module comment) and checked, or why it is refused. */
export function checkPersonName(text: string): CheckResult<PersonNameProblem> {
  const normalized = normalizeInput(text);
  if (!normalized.ok) return normalized;
  const changes = new Changes(normalized.changes);
  let value = changes.note('composed', normalized.value, normalized.value.normalize('NFC'));
  value = changes.note(
    'punctuation',
    value,
    value
      .replace(VARIANT_DOTS, MIDDLE_DOT)
      .replace(VARIANT_APOSTROPHES, "'")
      .replace(VARIANT_HYPHENS, '-'),
  );
  value = changes.note('spaces', value, value.replace(/\p{Zs}+/gu, ' '));
  if (/\p{Nd}/u.test(value)) return { ok: false, problem: 'digits' };
  if (!ALLOWED.test(value)) return { ok: false, problem: 'characters' };
  const han = HAN.test(value);
  const latin = LATIN.test(value);
  if (han && latin) return { ok: false, problem: 'mixed-scripts' };
  if (han) {
    value = changes.note('separators', value, value.replace(/ /gu, ''));
    if (!HAN_NAME.test(value)) return { ok: false, problem: 'punctuation' };
  } else if (!LATIN_NAME.test(value)) {
    // Also a name of marks and separators alone: no letter to hang them on.
    return { ok: false, problem: 'punctuation' };
  }
  const length = [...value].length;
  if (length < NAME_MIN_LENGTH || length > NAME_MAX_LENGTH) return { ok: false, problem: 'length' };
  return { ok: true, value, changes: changes.list() };
}
