/**
 * Passphrase mode: the key is derived from the user's passphrase and lives in memory only. Until
 * unlock() the box is locked; the first unlock() sets the passphrase, later ones check it.
 * Unlocks run one at a time so two windows cannot race to set two different passphrases.
 */
import path from 'node:path';
import type { Logger } from '../log';
import { CodedError } from './errors';
import {
  createRecord,
  keyFor,
  readRecordSync,
  type ScryptParams,
  type StoredRecord,
} from './passphraseKdf';
import { writeNewPrivateFile } from './privateFiles';
import { FORMAT, PURPOSE, checkFormat, openBytes, sealBytes } from './sealing';
import type { SecretBox } from './types';

export const STORE_FILE = 'secrets.json';
/** Same bound as the contract's Passphrase schema. */
export const MIN_PASSPHRASE_LENGTH = 8;

export function createPassphraseBox(
  dataDir: string,
  log: Logger,
  params?: ScryptParams,
): SecretBox {
  const file = path.join(dataDir, STORE_FILE);
  let stored: StoredRecord = readRecordSync(file);
  let key: Buffer | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const locked = () =>
    new CodedError('secrets-locked', 'secrets are locked until the passphrase is entered');

  const setFirst = async (passphrase: string): Promise<void> => {
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
      throw new CodedError('invalid-params', `passphrase shorter than ${MIN_PASSPHRASE_LENGTH}`);
    }
    const { record, key: derived } = await createRecord(passphrase, params);
    const text = Buffer.from(`${JSON.stringify(record, null, 2)}\n`, 'utf8');
    if (await writeNewPrivateFile(file, text)) {
      stored = { state: 'ok', record };
      key = derived;
      log.info('passphrase set');
      return;
    }
    // Another process set one meanwhile: this passphrase must match that one.
    stored = readRecordSync(file);
    await check(passphrase);
  };

  const check = async (passphrase: string): Promise<void> => {
    if (stored.state === 'damaged') throw stored.error;
    if (stored.state !== 'ok') throw new CodedError('internal', 'no passphrase record');
    const derived = await keyFor(passphrase, stored.record);
    if (!derived) throw new CodedError('wrong-passphrase', 'wrong passphrase');
    key = derived;
  };

  const unlockNow = async (passphrase: string): Promise<void> => {
    // Pick up a passphrase set by another process since start-up.
    if (stored.state === 'absent') stored = readRecordSync(file);
    if (stored.state === 'absent') await setFirst(passphrase);
    else await check(passphrase);
  };

  return {
    status: () => ({
      mode: 'passphrase',
      locked: key === undefined,
      initialized: stored.state !== 'absent',
    }),
    unlock(passphrase) {
      const run = queue.then(() => unlockNow(passphrase));
      queue = run.catch(() => undefined);
      return run;
    },
    async seal(plaintext) {
      if (!key) throw locked();
      return sealBytes(key, FORMAT.passphrase, PURPOSE.secret, Buffer.from(plaintext, 'utf8'));
    },
    async open(sealed) {
      checkFormat(sealed, FORMAT.passphrase);
      if (!key) throw locked();
      return openBytes(key, FORMAT.passphrase, PURPOSE.secret, sealed).toString('utf8');
    },
  };
}
