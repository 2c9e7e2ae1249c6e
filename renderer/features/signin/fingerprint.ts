/** Formatting for the certificate prompt: a fingerprint grouped for reading aloud, and dates. */

/**
 * Splits a hex fingerprint ("ab:cd:…", "ABCD…") into lines of eight colon-joined byte pairs,
 * which is how people compare fingerprints read out by an administrator. Anything that is not
 * plain hex (e.g. base64) is cut into groups of four characters instead.
 */
export function groupFingerprint(fingerprint: string): string[] {
  const hex = fingerprint.replace(/^sha-?256[:\s]*/i, '').replace(/[\s:]/g, '');
  if (/^[0-9a-f]+$/i.test(hex) && hex.length % 2 === 0) {
    const pairs = hex.toUpperCase().match(/../g) ?? [];
    const lines: string[] = [];
    for (let i = 0; i < pairs.length; i += 8) lines.push(pairs.slice(i, i + 8).join(':'));
    return lines;
  }
  const groups = fingerprint.match(/.{1,4}/g) ?? [];
  const lines: string[] = [];
  for (let i = 0; i < groups.length; i += 6) lines.push(groups.slice(i, i + 6).join(' '));
  return lines;
}

/** Known verification failures, from our own names or Node's TLS error codes. */
const REASONS: Record<string, string> = {
  'self-signed': 'self-signed',
  'depth-zero-self-signed-cert': 'self-signed',
  'self-signed-cert-in-chain': 'untrusted-issuer',
  'unable-to-verify-leaf-signature': 'untrusted-issuer',
  'unable-to-get-issuer-cert': 'untrusted-issuer',
  'unable-to-get-issuer-cert-locally': 'untrusted-issuer',
  'untrusted-issuer': 'untrusted-issuer',
  'unknown-issuer': 'untrusted-issuer',
  'unknown-ca': 'untrusted-issuer',
  untrusted: 'untrusted-issuer',
  'hostname-mismatch': 'hostname-mismatch',
  'err-tls-cert-altname-invalid': 'hostname-mismatch',
  expired: 'expired',
  'cert-has-expired': 'expired',
  'not-yet-valid': 'not-yet-valid',
  'cert-not-yet-valid': 'not-yet-valid',
  revoked: 'revoked',
  'cert-revoked': 'revoked',
  changed: 'changed',
  'pin-mismatch': 'changed',
  'changed-ca-vouched': 'changed-ca-vouched',
};

/** Catalog key under certificate.reasons for a reason string, or 'unknown'. */
export function reasonKey(reason: string): string {
  const normal = reason
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, '-');
  return REASONS[normal] ?? 'unknown';
}

/** A date in the UI language, or the text as given when it does not parse. */
export function formatDate(text: string, locale: string): string {
  const time = Date.parse(text);
  if (Number.isNaN(time)) return text;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(time);
}
