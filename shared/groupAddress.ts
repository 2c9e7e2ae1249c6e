/**
 * The address of a new group (its local part on the group-chat service): what the wizard
 * suggests from the group's name and what it accepts when the user edits it. Pure, so the
 * renderer checks as the user types and the main process checks again before creating.
 *
 * Suggestions are lowercase ASCII letters, digits and hyphens: such an address survives every
 * client, link and keyboard. Accents are dropped (Café → cafe). A name with too little Latin in
 * it (a Han-only name such as 茶馆) gives `group-` and a few random characters instead of a
 * transliteration: pinyin needs a dictionary, guesses badly on polyphonic characters, and the
 * user edits the address anyway. What the user types may hold any letter or digit (a service
 * accepts UTF-8 local parts, RFC 7622), plus `.`, `_` and `-`; nothing that needs escaping
 * (XEP-0106), no spaces, and at most MAX_LOCAL_LENGTH characters.
 */

/** Longer addresses are refused: nobody types or reads them, and some services cap them. */
export const MAX_LOCAL_LENGTH = 64;
/** A suggestion is cut (at a hyphen where it can) to stay readable. */
export const SUGGESTION_LENGTH = 32;
/** Fewer Latin characters than this make the suggestion a random one. */
const MIN_SUGGESTED = 3;

export type LocalPartProblem = 'empty' | 'too-long' | 'characters' | 'edges';

const ALLOWED = /^[\p{L}\p{N}._-]+$/u;
const RANDOM_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * A local part suggested for `name`. `random` returns numbers in [0, 1) (injected so tests are
 * deterministic; the renderer passes one backed by crypto.getRandomValues).
 */
export function suggestLocalPart(name: string, random: () => number): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (ascii.replace(/-/g, '').length >= MIN_SUGGESTED) return shorten(ascii);
  const tail = Array.from(
    { length: 6 },
    () => RANDOM_ALPHABET[Math.floor(random() * RANDOM_ALPHABET.length)] ?? 'x',
  ).join('');
  return `group-${tail}`;
}

function shorten(text: string): string {
  if (text.length <= SUGGESTION_LENGTH) return text;
  const cut = text.slice(0, SUGGESTION_LENGTH);
  const hyphen = cut.lastIndexOf('-');
  return hyphen >= MIN_SUGGESTED ? cut.slice(0, hyphen) : cut;
}

/** What the user typed, as it would be sent: trimmed and lowercased (JIDs ignore case). */
export function normalizeLocalPart(text: string): string {
  return text.trim().normalize('NFC').toLowerCase();
}

/** Why a (normalized) local part cannot be a group's address, or undefined when it can. */
export function localPartProblem(local: string): LocalPartProblem | undefined {
  if (local === '') return 'empty';
  if ([...local].length > MAX_LOCAL_LENGTH) return 'too-long';
  if (!ALLOWED.test(local)) return 'characters';
  // A leading or trailing dot or hyphen reads as a typo, and a trailing dot confuses links.
  if (/^[.-]|[.-]$/u.test(local) || local.includes('..')) return 'edges';
  return undefined;
}

/** The group's bare address on `service`, or null when the local part has a problem. */
export function groupAddress(local: string, service: string): string | null {
  const normalized = normalizeLocalPart(local);
  if (localPartProblem(normalized) !== undefined || service === '') return null;
  return `${normalized}@${service.toLowerCase()}`;
}
