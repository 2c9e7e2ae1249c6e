/**
 * Secrets at rest (account passwords; later OTR keys). A SecretBox seals and opens small values;
 * which key it uses depends on where we run: the OS keychain through Electron's safeStorage, a key
 * file readable only by the user (browser host), or a key derived from a passphrase.
 */
import type { SecretsStatus } from '../../shared/contract';

export interface SecretBox {
  status(): SecretsStatus;
  /**
   * Unlocks passphrase mode (or sets the passphrase the first time); a no-op in other modes.
   * Rejects with a CodedError (errors.ts): 'wrong-passphrase', 'invalid-params' (too short the
   * first time), 'storage-failed' (secrets.json damaged).
   */
  unlock(passphrase: string): Promise<void>;
  /** Seals a secret; rejects with code 'secrets-locked' while locked. */
  seal(plaintext: string): Promise<Buffer>;
  /**
   * Opens a sealed secret; rejects with 'secrets-locked' while locked, and with 'storage-failed'
   * when the blob is damaged, of another mode (reason 'other-mode') or the key is unusable.
   */
  open(sealed: Buffer): Promise<string>;
}

/** What Electron's safeStorage offers, passed in by the shell so services never import electron. */
export interface OsKeychain {
  isEncryptionAvailable(): boolean;
  /** Linux: 'basic_text' means a hard-coded key, which we refuse to rely on. */
  getSelectedStorageBackend?(): string;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}
