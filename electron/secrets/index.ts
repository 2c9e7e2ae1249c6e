/**
 * The secrets store of the main process. createSecretBox picks where the key lives:
 * - os: the OS keychain through Electron's safeStorage (Keychain, DPAPI, libsecret/KWallet);
 * - passphrase: when the keychain is missing or, on Linux, would only use Chromium's hard-coded
 *   'basic_text' key (secrets must never be stored silently under a key everyone knows), or when
 *   the browser host is asked for it (HUTONG_SECRETS=passphrase);
 * - keyfile: the browser host's default, a random key in a file only the user can read.
 */
import { createLogger, type Logger } from '../log';
import { createKeyfileBox } from './keyfileBox';
import { createOsBox } from './osBox';
import { createPassphraseBox } from './passphraseBox';
import type { OsKeychain, SecretBox } from './types';

export type { OsKeychain, SecretBox } from './types';
export { CodedError, isCodedError, type SecretsFailure } from './errors';
export { KEY_FILE } from './keyfileBox';
export { STORE_FILE, MIN_PASSPHRASE_LENGTH } from './passphraseBox';
export { SCRYPT_DEFAULTS, type ScryptParams } from './passphraseKdf';

export interface SecretBoxOptions {
  /** Folder for secret.key / secrets.json (created 0700 when missing). */
  readonly dataDir: string;
  /** Electron's safeStorage; absent in the browser host. */
  readonly keychain?: OsKeychain;
  /** Without a keychain: 'keyfile' (default) or 'passphrase'. Ignored when a keychain is given. */
  readonly mode?: 'keyfile' | 'passphrase';
  readonly log?: Logger;
  /** Tests only: cheaper scrypt parameters. Stored in secrets.json, so a file keeps its own. */
  readonly scrypt?: { readonly N: number; readonly r: number; readonly p: number };
}

/** Linux backends that are a hard-coded key or not known yet (before app 'ready'). */
const WEAK_BACKENDS = new Set(['basic_text', 'unknown']);

/** Why the keychain cannot be used, or undefined when it can. */
function keychainRefusal(keychain: OsKeychain): string | undefined {
  try {
    if (!keychain.isEncryptionAvailable()) return 'OS keychain unavailable';
    if (process.platform !== 'linux') return undefined;
    const backend = keychain.getSelectedStorageBackend?.() ?? 'unknown';
    return WEAK_BACKENDS.has(backend) ? `OS keychain backend is ${backend}` : undefined;
  } catch {
    return 'OS keychain failed';
  }
}

export function createSecretBox(options: SecretBoxOptions): SecretBox {
  const log = options.log ?? createLogger('secrets');
  const { dataDir, keychain } = options;
  if (keychain) {
    const refusal = keychainRefusal(keychain);
    if (!refusal) {
      log.info('secrets kept by the OS keychain');
      return createOsBox(keychain);
    }
    log.warn(`${refusal}: secrets need a passphrase`);
    return createPassphraseBox(dataDir, log, options.scrypt);
  }
  if (options.mode === 'passphrase') {
    log.info('secrets sealed with a key derived from a passphrase');
    return createPassphraseBox(dataDir, log, options.scrypt);
  }
  log.info('secrets sealed with a key file');
  return createKeyfileBox(dataDir, log);
}
