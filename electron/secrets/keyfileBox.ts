/**
 * Keyfile mode (browser host): a random 256-bit key in `<dataDir>/secret.key`, mode 0600. The key
 * is read on first use, not at start-up, so a refused file (wrong permissions) surfaces as a coded
 * error on the operation and can be fixed without restarting; a failure is not cached.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Logger } from '../log';
import { CodedError, isCodedError } from './errors';
import { readPrivateFile, writeNewPrivateFile } from './privateFiles';
import { FORMAT, KEY_BYTES, PURPOSE, checkFormat, openBytes, sealBytes } from './sealing';
import type { SecretBox } from './types';

export const KEY_FILE = 'secret.key';

export function createKeyfileBox(dataDir: string, log: Logger): SecretBox {
  const file = path.join(dataDir, KEY_FILE);
  let key: Promise<Buffer> | undefined;

  const load = async (create: boolean): Promise<Buffer> => {
    let bytes = await readPrivateFile(file);
    if (!bytes) {
      if (!create) {
        const message = `${file} is missing; saved secrets cannot be opened`;
        throw new CodedError('storage-failed', message, { reason: 'key-missing' });
      }
      if (await writeNewPrivateFile(file, randomBytes(KEY_BYTES))) log.info(`created ${file}`);
      // Read back what is on disk: another process may have created it first.
      bytes = await readPrivateFile(file);
    }
    if (bytes?.length !== KEY_BYTES) {
      throw new CodedError(
        'storage-failed',
        `${file} is not a ${KEY_BYTES}-byte key; refusing to use it. Fix: delete it and enter the account passwords again.`,
        { reason: 'key-file-damaged' },
      );
    }
    return bytes;
  };

  const getKey = async (create: boolean): Promise<Buffer> => {
    key ??= load(create).catch((error: unknown) => {
      key = undefined;
      log.error('key file refused', error);
      throw error;
    });
    try {
      return await key;
    } catch (error) {
      // An open() found no key while this seal() waited on it: now create one.
      if (create && isCodedError(error) && error.reason === 'key-missing') return getKey(true);
      throw error;
    }
  };

  return {
    status: () => ({ mode: 'keyfile', locked: false, initialized: true }),
    // Nothing to unlock: the key file is the credential.
    unlock: async () => undefined,
    async seal(plaintext) {
      const k = await getKey(true);
      return sealBytes(k, FORMAT.keyfile, PURPOSE.secret, Buffer.from(plaintext, 'utf8'));
    },
    async open(sealed) {
      // Check the mode before touching the key file: a blob of another mode needs no key.
      checkFormat(sealed, FORMAT.keyfile);
      return openBytes(await getKey(false), FORMAT.keyfile, PURPOSE.secret, sealed).toString(
        'utf8',
      );
    },
  };
}
