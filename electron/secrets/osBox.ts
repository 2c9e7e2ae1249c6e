/**
 * OS mode (Electron): the keychain (safeStorage) seals; we only prefix our format byte, so a blob
 * sealed by the OS is never handed to AES-GCM or the other way round.
 */
import { CodedError } from './errors';
import { FORMAT, checkFormat } from './sealing';
import type { OsKeychain, SecretBox } from './types';

export function createOsBox(keychain: OsKeychain): SecretBox {
  return {
    status: () => ({ mode: 'os', locked: false, initialized: true }),
    unlock: async () => undefined,
    async seal(plaintext) {
      let sealed: Buffer;
      try {
        sealed = keychain.encryptString(plaintext);
      } catch (error) {
        throw new CodedError('storage-failed', 'the OS keychain could not seal the secret', {
          reason: 'keychain-failed',
          cause: error,
        });
      }
      return Buffer.concat([Buffer.of(FORMAT.os), sealed]);
    },
    async open(sealed) {
      checkFormat(sealed, FORMAT.os);
      try {
        return keychain.decryptString(sealed.subarray(1));
      } catch (error) {
        // Damaged, or sealed under a keychain key this login no longer has.
        throw new CodedError('storage-failed', 'the OS keychain could not open the secret', {
          reason: 'keychain-failed',
          cause: error,
        });
      }
    },
  };
}
