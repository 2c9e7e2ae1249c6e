/**
 * The first pass over what a person typed or pasted into a real-name field, shared by every
 * field. It rewrites only what cannot change what the person saw, and refuses what can:
 *
 * - Full-width forms (U+FF01–FF5E, typed by a Chinese input method in full-width mode) become
 *   their ASCII twins, and the ideographic space U+3000 an ASCII space: "１３８" is 138.
 * - Zero-width characters (U+200B–200D, U+2060, U+FEFF, the soft hyphen U+00AD) are removed: they
 *   are invisible, so removing them leaves the text looking exactly as it did. Pasting from web
 *   pages, PDFs and phone contact lists brings them in.
 * - Left-to-right direction controls (LRM, LRE, LRO, LRI, FSI, PDF, PDI) are removed too: phones
 *   wrap copied numbers in them, and every character a field accepts (digits, X, Latin, Han) is
 *   shown left to right anyway, so the text looks the same without them.
 * - Right-to-left controls (RLM, ALM, RLE, RLO, RLI) are refused ('bidi'): they can show
 *   characters in another order than they are stored ("\u202E1234" reads 4321), so neither
 *   keeping nor removing them sends what the person saw and confirmed.
 * - Spaces at both ends are removed. What happens to spaces inside is each field's business.
 *
 * This is a subset of NFKC on purpose: full NFKC would also rewrite characters a name may hold
 * (compatibility ideographs, ligatures, superscripts) without telling anyone.
 */
import type { Change, CheckResult, NormalizeProblem } from './result';

/** Right-to-left marks, embeddings, overrides and isolates. */
const RTL_CONTROLS = /[\u061c\u200f\u202b\u202e\u2067]/u;
/** Zero-width characters, the soft hyphen and left-to-right direction controls. */
const INVISIBLE = /[\u00ad\u200b-\u200e\u2060\ufeff\u202a\u202c\u202d\u2066\u2068\u2069]/gu;
/** Full-width ASCII (U+FF01–FF5E, 0xFEE0 above its twin) and the ideographic space. */
const FULL_WIDTH = /[\uff01-\uff5e\u3000]/gu;

/** Normalized text and what was changed, or why it is refused. */
export type Normalized = CheckResult<NormalizeProblem>;

/** Collects changes once each, in the order they happened (each field's checks add their own). */
export class Changes {
  private readonly seen: Change[] = [];

  constructor(initial: readonly Change[] = []) {
    for (const change of initial) this.add(change);
  }

  /** Records the change; returns `after` so a rewrite and its record stay on one line. */
  note(change: Change, before: string, after: string): string {
    if (before !== after) this.add(change);
    return after;
  }

  /** Records a change made without a before and after to compare. */
  add(change: Change): void {
    if (!this.seen.includes(change)) this.seen.push(change);
  }

  /** The changes so far, as a copy the result may hold. */
  list(): readonly Change[] {
    return [...this.seen];
  }
}

/** The shared first pass of every real-name field: see the module comment for what it does. */
export function normalizeInput(text: string): Normalized {
  if (RTL_CONTROLS.test(text)) return { ok: false, problem: 'bidi' };
  const changes = new Changes();
  let value = changes.note('invisible', text, text.replace(INVISIBLE, ''));
  value = changes.note(
    'full-width',
    value,
    value.replace(FULL_WIDTH, (c) =>
      c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
    ),
  );
  value = changes.note('trimmed', value, value.trim());
  if (value === '') return { ok: false, problem: 'empty' };
  return { ok: true, value, changes: changes.list() };
}
