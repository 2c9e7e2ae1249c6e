import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretBox, KEY_FILE, STORE_FILE, type OsKeychain } from '../../../electron/secrets';
import { expectCoded, freshDataDir, recordingLog } from './helpers';

const SECRET = 'alice-pw on the keychain';

/**
 * Stands in for Electron's safeStorage (the shell's boundary): real AES-256-GCM under a key that
 * only this object holds, like the OS keychain's, with a 'v10' prefix as Chromium writes.
 */
function testKeychain(backend: string, available = true): OsKeychain & { calls: number } {
  const key = randomBytes(32);
  const keychain = {
    calls: 0,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(plain: string): Buffer {
      keychain.calls += 1;
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([Buffer.from('v10'), iv, c.getAuthTag(), body]);
    },
    decryptString(sealed: Buffer): string {
      keychain.calls += 1;
      if (!sealed.subarray(0, 3).equals(Buffer.from('v10'))) throw new Error('not v10');
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(3, 15));
      d.setAuthTag(sealed.subarray(15, 31));
      return Buffer.concat([d.update(sealed.subarray(31)), d.final()]).toString('utf8');
    },
  };
  return keychain;
}

describe('os mode (Electron safeStorage)', () => {
  it('seals through the keychain and stores nothing of its own', async () => {
    const dataDir = freshDataDir();
    const keychain = testKeychain('gnome_libsecret');
    const box = createSecretBox({ dataDir, keychain, log: recordingLog() });
    expect(box.status()).toEqual({ mode: 'os', locked: false, initialized: true });
    const sealed = await box.seal(SECRET);
    expect(sealed[0]).toBe(0x03);
    expect(sealed.subarray(1, 4).toString()).toBe('v10');
    expect(await box.open(sealed)).toBe(SECRET);
    expect(keychain.calls).toBe(2);
    expect(existsSync(dataDir)).toBe(false);

    // A restart with the same keychain opens it.
    expect(await createSecretBox({ dataDir, keychain, log: recordingLog() }).open(sealed)).toBe(
      SECRET,
    );
  });

  it('maps keychain failures and damaged blobs to coded errors', async () => {
    const keychain = testKeychain('kwallet5');
    const box = createSecretBox({ dataDir: freshDataDir(), keychain, log: recordingLog() });
    const sealed = await box.seal(SECRET);
    const bad = Buffer.from(sealed);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 1;
    await expectCoded(box.open(bad), 'storage-failed', 'keychain-failed');
    // Sealed under another login's keychain key.
    const other = createSecretBox({
      dataDir: freshDataDir(),
      keychain: testKeychain('kwallet5'),
      log: recordingLog(),
    });
    await expectCoded(other.open(sealed), 'storage-failed', 'keychain-failed');
  });

  // The backend check exists on Linux only; elsewhere safeStorage has no hard-coded fallback.
  it.skipIf(process.platform !== 'linux').each(['basic_text', 'unknown'])(
    'on Linux with the %s backend asks for a passphrase instead of using the keychain',
    async (backend) => {
      const dataDir = freshDataDir();
      const keychain = testKeychain(backend);
      const log = recordingLog();
      const box = createSecretBox({ dataDir, keychain, log });
      expect(box.status()).toEqual({ mode: 'passphrase', locked: true, initialized: false });
      await expectCoded(box.seal(SECRET), 'secrets-locked');
      await box.unlock('a long enough passphrase');
      const sealed = await box.seal(SECRET);
      expect(sealed[0]).toBe(0x02);
      expect(await box.open(sealed)).toBe(SECRET);
      expect(keychain.calls).toBe(0);
      expect(existsSync(path.join(dataDir, STORE_FILE))).toBe(true);
      expect(log.text()).toContain(backend);
    },
  );

  it('an unavailable keychain means passphrase mode, never a key file', async () => {
    const dataDir = freshDataDir();
    const box = createSecretBox({
      dataDir,
      keychain: testKeychain('gnome_libsecret', false),
      mode: 'keyfile',
      log: recordingLog(),
    });
    expect(box.status().mode).toBe('passphrase');
    await box.unlock('a long enough passphrase');
    await box.seal(SECRET);
    expect(existsSync(path.join(dataDir, KEY_FILE))).toBe(false);
  });

  it('a keychain blob does not open once secrets moved to passphrase mode', async () => {
    const dataDir = freshDataDir();
    const os = createSecretBox({
      dataDir,
      keychain: testKeychain('kwallet6'),
      log: recordingLog(),
    });
    const sealed = await os.seal(SECRET);
    const box = createSecretBox({
      dataDir,
      keychain: testKeychain('basic_text'),
      log: recordingLog(),
    });
    await box.unlock('a long enough passphrase');
    await expectCoded(box.open(sealed), 'storage-failed', 'other-mode');
    await expectCoded(os.open(await box.seal(SECRET)), 'storage-failed', 'other-mode');
  });
});
