import {
  chmodSync,
  existsSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretBox, KEY_FILE } from '../../../electron/secrets';
import { allBytesUnder, expectCoded, freshDataDir, modeOf, recordingLog } from './helpers';

const SECRET = 'correct horse battery staple 胡同 🔑';

describe('keyfile mode (browser host default)', () => {
  it('round-trips and creates the key 0600 in a 0700 folder', async () => {
    const dataDir = freshDataDir();
    const log = recordingLog();
    const box = createSecretBox({ dataDir, log });
    expect(box.status()).toEqual({ mode: 'keyfile', locked: false, initialized: true });

    const sealed = await box.seal(SECRET);
    expect(await box.open(sealed)).toBe(SECRET);

    const keyFile = path.join(dataDir, KEY_FILE);
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(keyFile)).toBe(0o600);
    expect(allBytesUnder(dataDir).length).toBe(32);
    // No temporary files are left behind.
    expect(readdirSync(dataDir)).toEqual([KEY_FILE]);
    expect(sealed.includes(Buffer.from(SECRET))).toBe(false);
    expect(log.text()).not.toContain('horse');
  });

  it('uses a fresh nonce for every seal', async () => {
    const box = createSecretBox({ dataDir: freshDataDir(), log: recordingLog() });
    const [a, b] = await Promise.all([box.seal(SECRET), box.seal(SECRET)]);
    expect(a.equals(b)).toBe(false);
    expect([a[0], b[0]]).toEqual([0x01, 0x01]);
  });

  it('opens after a restart what the previous run sealed', async () => {
    const dataDir = freshDataDir();
    const sealed = await createSecretBox({ dataDir, log: recordingLog() }).seal(SECRET);
    const again = createSecretBox({ dataDir, log: recordingLog() });
    expect(await again.open(sealed)).toBe(SECRET);
  });

  it.each(['640', '604', '660', '644'])('refuses a key file with mode %s', async (octal) => {
    const mode = parseInt(octal, 8);
    const dataDir = freshDataDir();
    const log = recordingLog();
    const box = createSecretBox({ dataDir, log });
    const sealed = await box.seal(SECRET);
    const keyFile = path.join(dataDir, KEY_FILE);
    chmodSync(keyFile, mode);

    const restarted = createSecretBox({ dataDir, log });
    const error = await expectCoded(
      restarted.open(sealed),
      'storage-failed',
      'key-file-permissions',
    );
    expect(error.message).toContain(keyFile);
    expect(error.message).toContain('chmod 600');
    await expectCoded(restarted.seal('x'), 'storage-failed', 'key-file-permissions');
    // Refused, not replaced: the key is kept for when the user has fixed it.
    expect(modeOf(keyFile)).toBe(mode);

    chmodSync(keyFile, 0o600);
    expect(await restarted.open(sealed)).toBe(SECRET);
  });

  it('refuses a symlink in place of the key file', async () => {
    const dataDir = freshDataDir();
    const first = createSecretBox({ dataDir, log: recordingLog() });
    const sealed = await first.seal(SECRET);
    const keyFile = path.join(dataDir, KEY_FILE);
    // The right key, still 0600, but reached through a link someone planted.
    const moved = path.join(dataDir, '..', 'moved.key');
    renameSync(keyFile, moved);
    symlinkSync(moved, keyFile);

    const box = createSecretBox({ dataDir, log: recordingLog() });
    await expectCoded(box.open(sealed), 'storage-failed', 'key-file-permissions');
  });

  it('refuses a key file of the wrong size', async () => {
    const dataDir = freshDataDir();
    const box = createSecretBox({ dataDir, log: recordingLog() });
    const sealed = await box.seal(SECRET);
    writeFileSync(path.join(dataDir, KEY_FILE), Buffer.alloc(16), { mode: 0o600 });
    const restarted = createSecretBox({ dataDir, log: recordingLog() });
    await expectCoded(restarted.open(sealed), 'storage-failed', 'key-file-damaged');
  });

  it('does not invent a key to open with when the key file is gone', async () => {
    const dataDir = freshDataDir();
    const sealed = await createSecretBox({ dataDir, log: recordingLog() }).seal(SECRET);
    rmSync(path.join(dataDir, KEY_FILE));
    const box = createSecretBox({ dataDir, log: recordingLog() });
    await expectCoded(box.open(sealed), 'storage-failed', 'key-missing');
    expect(existsSync(path.join(dataDir, KEY_FILE))).toBe(false);
    // Sealing anew creates a new key; the old blob stays unopenable, never garbage.
    expect(await box.open(await box.seal('new'))).toBe('new');
    await expectCoded(box.open(sealed), 'storage-failed', 'tampered');
  });

  it('two boxes racing on a new folder end up with one key', async () => {
    const dataDir = freshDataDir();
    const a = createSecretBox({ dataDir, log: recordingLog() });
    const b = createSecretBox({ dataDir, log: recordingLog() });
    const [sa, sb] = await Promise.all([a.seal('from a'), b.seal('from b')]);
    expect(await b.open(sa)).toBe('from a');
    expect(await a.open(sb)).toBe('from b');
    expect(readdirSync(dataDir)).toEqual([KEY_FILE]);
  });
});
