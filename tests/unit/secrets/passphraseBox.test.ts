import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretBox, SCRYPT_DEFAULTS, STORE_FILE } from '../../../electron/secrets';
import { allBytesUnder, expectCoded, freshDataDir, modeOf, recordingLog } from './helpers';

const PASSPHRASE = 'tea house on the hutong';
const SECRET = 'xmpp-password-of-bob';

describe('passphrase mode', () => {
  it('is locked and uninitialized until the first unlock sets the passphrase', async () => {
    const dataDir = freshDataDir();
    const log = recordingLog();
    const box = createSecretBox({ dataDir, mode: 'passphrase', log });
    expect(box.status()).toEqual({ mode: 'passphrase', locked: true, initialized: false });
    await expectCoded(box.seal(SECRET), 'secrets-locked');

    await box.unlock(PASSPHRASE);
    expect(box.status()).toEqual({ mode: 'passphrase', locked: false, initialized: true });
    const sealed = await box.seal(SECRET);
    expect(sealed[0]).toBe(0x02);
    expect(await box.open(sealed)).toBe(SECRET);

    const file = path.join(dataDir, STORE_FILE);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(dataDir)).toBe(0o700);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(stored).toMatchObject({ version: 1, kdf: 'scrypt', ...SCRYPT_DEFAULTS });
    const disk = allBytesUnder(dataDir).toString('latin1');
    expect(disk).not.toContain('tea house');
    expect(disk).not.toContain(SECRET);
    expect(log.text()).not.toContain('tea house');
  });

  it('after a restart: locked, refuses a wrong passphrase, opens with the right one', async () => {
    const dataDir = freshDataDir();
    const first = createSecretBox({ dataDir, mode: 'passphrase', log: recordingLog() });
    await first.unlock(PASSPHRASE);
    const sealed = await first.seal(SECRET);

    const log = recordingLog();
    const box = createSecretBox({ dataDir, mode: 'passphrase', log });
    expect(box.status()).toEqual({ mode: 'passphrase', locked: true, initialized: true });
    await expectCoded(box.open(sealed), 'secrets-locked');
    await expectCoded(box.unlock('tea house on the hutonG'), 'wrong-passphrase');
    await expectCoded(box.unlock('short'), 'wrong-passphrase');
    expect(box.status().locked).toBe(true);

    await box.unlock(PASSPHRASE);
    expect(box.status()).toEqual({ mode: 'passphrase', locked: false, initialized: true });
    expect(await box.open(sealed)).toBe(SECRET);
    // A wrong passphrase later does not lock an unlocked box, but is still refused.
    await expectCoded(box.unlock('not the passphrase'), 'wrong-passphrase');
    expect(box.status().locked).toBe(false);
    expect(log.text()).not.toContain('hutonG');
  });

  it('normalizes the passphrase (NFC) so composed and decomposed input agree', async () => {
    const dataDir = freshDataDir();
    await createSecretBox({ dataDir, mode: 'passphrase', log: recordingLog() }).unlock(
      'caf\u00e9 au lait!',
    );
    const again = createSecretBox({ dataDir, mode: 'passphrase', log: recordingLog() });
    await again.unlock('cafe\u0301 au lait!');
    expect(again.status().locked).toBe(false);
  });

  it('refuses too short a first passphrase and stays uninitialized', async () => {
    const dataDir = freshDataDir();
    const box = createSecretBox({ dataDir, mode: 'passphrase', log: recordingLog() });
    await expectCoded(box.unlock('1234567'), 'invalid-params');
    expect(box.status()).toEqual({ mode: 'passphrase', locked: true, initialized: false });
  });

  it('concurrent first unlocks with different passphrases: the first wins', async () => {
    const box = createSecretBox({
      dataDir: freshDataDir(),
      mode: 'passphrase',
      log: recordingLog(),
    });
    const results = await Promise.allSettled([box.unlock(PASSPHRASE), box.unlock('another one!')]);
    expect(results[0].status).toBe('fulfilled');
    expect(results[1].status).toBe('rejected');
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({
      code: 'wrong-passphrase',
    });
  });

  it('refuses a damaged secrets.json instead of replacing it', async () => {
    const dataDir = freshDataDir();
    await createSecretBox({ dataDir, mode: 'passphrase', log: recordingLog() }).unlock(PASSPHRASE);
    const file = path.join(dataDir, STORE_FILE);
    writeFileSync(file, '{"version":1,', { mode: 0o600 });
    const box = createSecretBox({ dataDir, mode: 'passphrase', log: recordingLog() });
    expect(box.status()).toEqual({ mode: 'passphrase', locked: true, initialized: true });
    const error = await expectCoded(box.unlock(PASSPHRASE), 'storage-failed', 'store-damaged');
    expect(error.message).toContain(file);
    expect(readFileSync(file, 'utf8')).toBe('{"version":1,');
  });

  it('refuses parameters edited to cost minutes or gigabytes', async () => {
    const dataDir = freshDataDir();
    await createSecretBox({ dataDir, mode: 'passphrase', log: recordingLog() }).unlock(PASSPHRASE);
    const file = path.join(dataDir, STORE_FILE);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...stored, N: 2 ** 24 }));
    const box = createSecretBox({ dataDir, mode: 'passphrase', log: recordingLog() });
    await expectCoded(box.unlock(PASSPHRASE), 'storage-failed', 'store-damaged');
  });

  it('a keyfile blob does not open in passphrase mode (and back)', async () => {
    const dataDir = freshDataDir();
    const keyfile = createSecretBox({ dataDir, log: recordingLog() });
    const fromKeyfile = await keyfile.seal(SECRET);
    const box = createSecretBox({ dataDir, mode: 'passphrase', log: recordingLog() });
    // Told apart even while locked, so the caller can ask for the password again.
    await expectCoded(box.open(fromKeyfile), 'storage-failed', 'other-mode');
    await box.unlock(PASSPHRASE);
    await expectCoded(box.open(fromKeyfile), 'storage-failed', 'other-mode');
    await expectCoded(keyfile.open(await box.seal(SECRET)), 'storage-failed', 'other-mode');
  });

  it('keeps the scrypt parameters of the file, whatever a later run would choose', async () => {
    const dataDir = freshDataDir();
    const cheap = { N: 2 ** 14, r: 8, p: 1 };
    const first = createSecretBox({
      dataDir,
      mode: 'passphrase',
      scrypt: cheap,
      log: recordingLog(),
    });
    await first.unlock(PASSPHRASE);
    const sealed = await first.seal(SECRET);
    const stored = JSON.parse(readFileSync(path.join(dataDir, STORE_FILE), 'utf8')) as object;
    expect(stored).toMatchObject(cheap);
    const again = createSecretBox({ dataDir, mode: 'passphrase', log: recordingLog() });
    await again.unlock(PASSPHRASE);
    expect(await again.open(sealed)).toBe(SECRET);
  });
});
