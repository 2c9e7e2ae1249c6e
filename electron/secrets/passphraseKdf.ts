/**
 * The passphrase key: scrypt over the NFC-normalized passphrase (so the same words typed through
 * different input methods give the same key), with salt and parameters kept in secrets.json next
 * to a verifier: a known value sealed with the derived key, which tells a wrong passphrase from a
 * right one without storing anything that reveals the key.
 */
import { randomBytes, scrypt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CodedError } from './errors';
import { FORMAT, KEY_BYTES, PURPOSE, openBytes, sealBytes } from './sealing';

/** ~245 ms and 64 MiB on the 2-core build machine (Node 20); stored per file, so raisable later. */
export const SCRYPT_DEFAULTS: ScryptParams = { N: 2 ** 16, r: 8, p: 1 };

export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

export interface KdfRecord extends ScryptParams {
  readonly version: 1;
  readonly kdf: 'scrypt';
  /** base64 */
  readonly salt: string;
  /** base64 of a sealed VERIFIER_TEXT */
  readonly verifier: string;
}

export type StoredRecord =
  | { readonly state: 'absent' }
  | { readonly state: 'ok'; readonly record: KdfRecord }
  | { readonly state: 'damaged'; readonly error: CodedError };

const VERIFIER_TEXT = Buffer.from('hutong passphrase verifier', 'utf8');
const SALT_BYTES = 16;

// A file someone edited must not make us spend minutes or gigabytes: bound what we accept.
const isPowerOfTwo = (n: number) => Number.isInteger(n) && n > 1 && (n & (n - 1)) === 0;
const inRange = (n: unknown, lo: number, hi: number): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= lo && n <= hi;

function parseRecord(raw: unknown): KdfRecord | undefined {
  const r = raw as Partial<KdfRecord> | null;
  if (typeof r !== 'object' || r === null || r.version !== 1 || r.kdf !== 'scrypt') return;
  if (!inRange(r.N, 2 ** 14, 2 ** 20) || !isPowerOfTwo(r.N)) return;
  if (!inRange(r.r, 1, 16) || !inRange(r.p, 1, 4)) return;
  if (typeof r.salt !== 'string' || typeof r.verifier !== 'string') return;
  if (Buffer.from(r.salt, 'base64').length < SALT_BYTES) return;
  return r as KdfRecord;
}

/** Read synchronously at start-up: status() must know at once whether a passphrase exists. */
export function readRecordSync(file: string): StoredRecord {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'absent' };
    return { state: 'damaged', error: damaged(file, error) };
  }
  try {
    const record = parseRecord(JSON.parse(text));
    if (record) return { state: 'ok', record };
  } catch (error) {
    return { state: 'damaged', error: damaged(file, error) };
  }
  return { state: 'damaged', error: damaged(file) };
}

function damaged(file: string, cause?: unknown): CodedError {
  return new CodedError(
    'storage-failed',
    `${file} is unreadable or damaged; saved passwords cannot be opened. ` +
      `Fix: restore it from a backup, or delete it, choose a new passphrase and enter the account passwords again.`,
    { reason: 'store-damaged', cause },
  );
}

export function deriveKey(passphrase: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const { N, r, p } = params;
  return new Promise((resolve, reject) => {
    scrypt(
      passphrase.normalize('NFC'),
      salt,
      KEY_BYTES,
      { N, r, p, maxmem: 256 * N * r * p },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/** A fresh record for a new passphrase, with the key it derives. */
export async function createRecord(
  passphrase: string,
  params: ScryptParams = SCRYPT_DEFAULTS,
): Promise<{ record: KdfRecord; key: Buffer }> {
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(passphrase, salt, params);
  const verifier = sealBytes(key, FORMAT.passphrase, PURPOSE.verifier, VERIFIER_TEXT);
  const record: KdfRecord = {
    version: 1,
    kdf: 'scrypt',
    N: params.N,
    r: params.r,
    p: params.p,
    salt: salt.toString('base64'),
    verifier: verifier.toString('base64'),
  };
  return { record, key };
}

/** The key when the passphrase is right, undefined when it is wrong. */
export async function keyFor(passphrase: string, record: KdfRecord): Promise<Buffer | undefined> {
  const key = await deriveKey(passphrase, Buffer.from(record.salt, 'base64'), record);
  try {
    const seen = openBytes(
      key,
      FORMAT.passphrase,
      PURPOSE.verifier,
      Buffer.from(record.verifier, 'base64'),
    );
    return seen.equals(VERIFIER_TEXT) ? key : undefined;
  } catch {
    return undefined;
  }
}
