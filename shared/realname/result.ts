/**
 * What every real-name check answers. A refusal carries a machine code and never the value: the
 * renderer turns the code into a localized message naming the field, and a result that ends up in
 * a log or an error report must not carry an ID number or a phone number with it.
 */

/** What normalization changed, so the form can tell the user their input was rewritten. */
export type Change =
  /** Full-width digits, letters or ASCII punctuation (U+FF01–FF5E) became ASCII. */
  | 'full-width'
  /** Spaces (ASCII, ideographic U+3000, no-break and the like) at either end were removed. */
  | 'trimmed'
  /** Zero-width characters or left-to-right direction controls were removed. */
  | 'invisible'
  /** Spaces or hyphens between the digits were removed; spaces inside a Han name too. */
  | 'separators'
  /** The +86, 0086 or 86 country code in front of a mobile number was removed. */
  | 'country-code'
  /** A lower-case x check character was upper-cased. */
  | 'upper-case'
  /** Several spaces in a row inside a Latin name became one. */
  | 'spaces'
  /** Variant middle dots and apostrophes became U+00B7 and U+0027. */
  | 'punctuation'
  /** A letter and its combining accent were composed (Unicode NFC). */
  | 'composed';

/** Refused by normalization, before any field rule: see normalize.ts for why. */
export type NormalizeProblem = 'empty' | 'bidi';

/** The value as it may be sent, and what was changed to get it; or why it is refused. */
export type CheckResult<P extends string> =
  | { readonly ok: true; readonly value: string; readonly changes: readonly Change[] }
  | { readonly ok: false; readonly problem: P };
