import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../../electron/secrets';
import { FORMAT, PURPOSE, openBytes, sealBytes } from '../../../electron/secrets/sealing';
import { expectCoded, freshDataDir, recordingLog } from './helpers';

const SECRET = 'p4ssw0rd-for-alice';

/** One flipped bit in each part of the layout: format ‖ nonce ‖ tag ‖ ciphertext. */
const POSITIONS = [
  ['nonce', 1],
  ['nonce end', 12],
  ['tag', 13],
  ['tag end', 28],
  ['ciphertext', 29],
  ['last byte', -1],
] as const;

describe('sealed blobs', () => {
  it.each(POSITIONS)('reject a flipped bit in the %s', async (_part, at) => {
    const box = createSecretBox({ dataDir: freshDataDir(), log: recordingLog() });
    const sealed = await box.seal(SECRET);
    const bad = Buffer.from(sealed);
    const i = at < 0 ? bad.length + at : at;
    bad[i] = bad[i]! ^ 0x01;
    await expectCoded(box.open(bad), 'storage-failed', 'tampered');
    expect(await box.open(sealed)).toBe(SECRET);
  });

  it('rejects truncated, extended, empty and unknown-format blobs', async () => {
    const box = createSecretBox({ dataDir: freshDataDir(), log: recordingLog() });
    const sealed = await box.seal(SECRET);
    await expectCoded(box.open(sealed.subarray(0, 20)), 'storage-failed', 'tampered');
    await expectCoded(
      box.open(sealed.subarray(0, sealed.length - 1)),
      'storage-failed',
      'tampered',
    );
    await expectCoded(
      box.open(Buffer.concat([sealed, Buffer.of(0)])),
      'storage-failed',
      'tampered',
    );
    await expectCoded(box.open(Buffer.alloc(0)), 'storage-failed', 'tampered');
    await expectCoded(
      box.open(Buffer.concat([Buffer.of(0x7f), sealed.subarray(1)])),
      'storage-failed',
      'tampered',
    );
  });

  it('binds the format byte: relabelling a blob as another mode fails', () => {
    const key = Buffer.alloc(32, 7);
    const sealed = sealBytes(key, FORMAT.keyfile, PURPOSE.secret, Buffer.from(SECRET));
    const relabelled = Buffer.concat([Buffer.of(FORMAT.passphrase), sealed.subarray(1)]);
    expect(() => openBytes(key, FORMAT.passphrase, PURPOSE.secret, relabelled)).toThrow(
      /damaged or not ours/,
    );
  });

  it('binds the purpose: a verifier is not a secret and the other way round', () => {
    const key = Buffer.alloc(32, 7);
    const verifier = sealBytes(key, FORMAT.passphrase, PURPOSE.verifier, Buffer.from('x'));
    expect(() => openBytes(key, FORMAT.passphrase, PURPOSE.secret, verifier)).toThrow(
      /authentication failed/,
    );
    const secret = sealBytes(key, FORMAT.passphrase, PURPOSE.secret, Buffer.from('x'));
    expect(openBytes(key, FORMAT.passphrase, PURPOSE.secret, secret).toString()).toBe('x');
  });

  it('a blob from another key file does not open', async () => {
    const a = createSecretBox({ dataDir: freshDataDir(), log: recordingLog() });
    const b = createSecretBox({ dataDir: freshDataDir(), log: recordingLog() });
    await b.seal('gives b its own key');
    await expectCoded(b.open(await a.seal(SECRET)), 'storage-failed', 'tampered');
  });
});
