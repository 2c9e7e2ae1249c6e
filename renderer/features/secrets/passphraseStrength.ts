/**
 * A rough, local strength hint for a new passphrase: length matters most, then variety. It only
 * nudges; the real protection is the key derivation in the main process.
 */
export type Strength = 'short' | 'weak' | 'fair' | 'strong';

export const MIN_PASSPHRASE = 8;

export function passphraseStrength(text: string): Strength {
  const length = Array.from(text).length;
  if (length < MIN_PASSPHRASE) return 'short';
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{N}/u, /[^\p{L}\p{N}]/u, /[^\p{ASCII}]/u].filter((re) =>
    re.test(text),
  ).length;
  const words = text.trim().split(/\s+/u).length;
  if (length >= 20 || (length >= 14 && classes >= 3) || words >= 4) return 'strong';
  if (length >= 12 || classes >= 3) return 'fair';
  return 'weak';
}
