/**
 * The sealed-blob format for keys we hold ourselves (key file, passphrase): AES-256-GCM with a
 * random 96-bit nonce. Layout: format byte ‖ nonce (12) ‖ tag (16) ‖ ciphertext. The format byte
 * says which mode sealed it, and it is bound as associated data together with a purpose label,
 * so a blob of one kind (or mode) can never be opened as another.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CodedError } from './errors';

/** First byte of every blob a SecretBox returns; one per mode. */
export const FORMAT = { keyfile: 0x01, passphrase: 0x02, os: 0x03 } as const;
export type Format = (typeof FORMAT)[keyof typeof FORMAT];

/** Associated data labels: a secret and the passphrase verifier are never interchangeable. */
export const PURPOSE = { secret: 'hutong-secret-v1', verifier: 'hutong-verifier-v1' } as const;

export const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + NONCE_BYTES + TAG_BYTES;

const modeOf = (format: number): string =>
  Object.entries(FORMAT).find(([, f]) => f === format)?.[0] ?? 'unknown';

const associated = (purpose: string, format: Format) =>
  Buffer.concat([Buffer.from(purpose, 'utf8'), Buffer.of(format)]);

export function sealBytes(key: Buffer, format: Format, purpose: string, plain: Buffer): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(associated(purpose, format));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([Buffer.of(format), nonce, cipher.getAuthTag(), body]);
}

/** Checks the format byte before any crypto, so a blob of another mode gets a precise error. */
export function checkFormat(sealed: Buffer, expected: Format): void {
  if (sealed.length === 0) throw tampered('empty blob');
  if (sealed[0] !== expected) {
    const known = Object.values(FORMAT).includes(sealed[0] as Format);
    if (!known) throw tampered(`unknown format byte ${sealed[0]}`);
    throw new CodedError(
      'storage-failed',
      `secret was sealed in ${modeOf(sealed[0]!)} mode, but secrets are now kept in ${modeOf(expected)} mode`,
      { reason: 'other-mode' },
    );
  }
}

export function openBytes(key: Buffer, format: Format, purpose: string, sealed: Buffer): Buffer {
  checkFormat(sealed, format);
  if (sealed.length < HEADER_BYTES) throw tampered('blob too short');
  const nonce = sealed.subarray(1, 1 + NONCE_BYTES);
  const tag = sealed.subarray(1 + NONCE_BYTES, HEADER_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(associated(purpose, format));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(sealed.subarray(HEADER_BYTES)), decipher.final()]);
  } catch (error) {
    // Authentication failed: a changed blob, another key, or another purpose. Never return bytes.
    throw tampered('authentication failed', error);
  }
}

function tampered(detail: string, cause?: unknown): CodedError {
  return new CodedError('storage-failed', `sealed secret is damaged or not ours (${detail})`, {
    reason: 'tampered',
    cause,
  });
}
