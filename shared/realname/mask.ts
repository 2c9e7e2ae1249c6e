/**
 * Masking for display and for receipts kept on disk: only the last four characters stay, as on
 * bank cards and as the registry's receipts do. Characters are counted as code points, so a
 * masked value never holds half of a surrogate pair.
 */

/** How many characters a masked value shows. */
export const SHOWN_CHARACTERS = 4;
/** A value this short is masked whole: showing four of its characters would show most of it. */
const MASK_WHOLE_UP_TO = 2 * SHOWN_CHARACTERS;

/** The value with every character but the last four replaced by '*'. */
export function maskTail(value: string): string {
  const characters = [...value];
  const shown = characters.length <= MASK_WHOLE_UP_TO ? 0 : SHOWN_CHARACTERS;
  const hidden = characters.length - shown;
  return '*'.repeat(hidden) + characters.slice(hidden).join('');
}
