// Each account's OTR identity through the real storage and secrets store: a key made once in the
// background and found again after a restart (sealed on disk: the key's numbers never appear in
// the database file), the instance tag kept, fingerprints of contacts recorded as first, known
// or changed, and libotr's files taken in and given out with their trust.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OtrKeyring } from '../../../electron/otr/keyring';
import { readPrivateKeys } from '../../../electron/otr/libotrFiles';
import { createSecretBox } from '../../../electron/secrets';
import { openStorage } from '../../../electron/storage';
import { toBytes } from '../../../electron/otr/group';
import { recordingLog } from '../secrets/helpers';

const ALICE = 'alice@example.org';

function open(dir = mkdtempSync(path.join(os.tmpdir(), 'hutong-otr-'))) {
  const storage = openStorage(path.join(dir, 'hutong.sqlite'));
  const box = createSecretBox({ dataDir: dir, log: recordingLog() });
  const changes: string[] = [];
  const keyring = new OtrKeyring({
    store: storage.otr,
    box,
    now: Date.now,
    random: randomBytes,
    changed: (id) => changes.push(id),
  });
  return { dir, storage, keyring, changes };
}

describe('the OTR keyring', () => {
  it('makes a key once, in the background, and finds it sealed after a restart', async () => {
    const first = open();
    expect(first.keyring.status(ALICE)).toEqual({ state: 'none' });
    const making = first.keyring.generate(ALICE);
    expect(first.keyring.status(ALICE)).toEqual({ state: 'generating' });
    // A second ask while it runs is the same work.
    expect(first.keyring.generate(ALICE)).toBe(making);
    const key = await making;
    const status = first.keyring.status(ALICE);
    expect(status).toEqual({
      state: 'ready',
      fingerprint: key.publicKey.fingerprint.toString('hex'),
      instanceTag: expect.any(Number),
    });
    const tag = status.state === 'ready' ? status.instanceTag : 0;
    expect(tag).toBeGreaterThanOrEqual(0x100);
    expect(first.changes).toEqual([ALICE, ALICE]);
    first.storage.close();

    // The secret exponent is nowhere in the database file.
    const x = toBytes(key.secretExponent());
    expect(readFileSync(path.join(first.dir, 'hutong.sqlite')).includes(x)).toBe(false);

    const again = open(first.dir);
    const { key: reopened, instanceTag } = await again.keyring.key(ALICE);
    expect(reopened.publicKey.fingerprint).toEqual(key.publicKey.fingerprint);
    expect(instanceTag).toBe(tag);
    again.storage.close();
  });

  it('tells a first fingerprint, a known one and a change, and keeps trust', () => {
    const { keyring, storage } = open();
    const bob = 'bob@example.org';
    const one = randomBytes(20).toString('hex');
    const two = randomBytes(20).toString('hex');
    expect(keyring.observe(ALICE, bob, one)).toBe('first');
    expect(keyring.observe(ALICE, bob, one)).toBe('known');
    expect(keyring.trust(ALICE, bob, one)).toBe('unverified');
    keyring.setTrust(ALICE, bob, one, 'smp');
    expect(keyring.observe(ALICE, bob, two)).toBe('changed');
    expect(keyring.trust(ALICE, bob, one)).toBe('smp');
    expect(keyring.trust(ALICE, bob, two)).toBe('unverified');
    expect(keyring.observe(ALICE, 'carol@example.org', two)).toBe('first');
    storage.close();
  });

  it("takes in Pidgin's files and gives them out", async () => {
    const pidgin = open();
    await pidgin.keyring.generate(ALICE);
    const keyFile = await pidgin.keyring.exportKey(ALICE);
    expect(readPrivateKeys(keyFile).keys[0]).toMatchObject({
      account: ALICE,
      protocol: 'prpl-jabber',
    });
    const fingerprints = [
      `bob@example.org\t${ALICE}/Pidgin\tprpl-jabber\t${'ab'.repeat(20)}\tverified`,
      `carol@example.org\t${ALICE}\tprpl-jabber\t${'cd'.repeat(20)}\tsmp`,
      `dan@example.org\t${ALICE}\tprpl-jabber\t${'ef'.repeat(20)}\t`,
      `erin@example.org\tsomeone-else@example.org\tprpl-jabber\t${'01'.repeat(20)}\tverified`,
      'not a line',
    ].join('\n');

    const hutong = open();
    const fingerprint = await hutong.keyring.importKey(ALICE, keyFile);
    const made = pidgin.keyring.status(ALICE);
    expect(made.state === 'ready' && made.fingerprint).toBe(fingerprint);
    expect(await hutong.keyring.importKey('zed@example.org', keyFile)).toBeUndefined();
    expect(hutong.keyring.importFingerprints(ALICE, fingerprints)).toEqual({
      imported: 3,
      skipped: 1,
    });
    expect(hutong.keyring.trust(ALICE, 'bob@example.org', 'ab'.repeat(20))).toBe('verified');
    expect(hutong.keyring.trust(ALICE, 'carol@example.org', 'cd'.repeat(20))).toBe('smp');
    expect(hutong.keyring.trust(ALICE, 'dan@example.org', 'ef'.repeat(20))).toBe('unverified');
    expect(hutong.keyring.trust(ALICE, 'erin@example.org', '01'.repeat(20))).toBeUndefined();
    // Importing again with less trust lowers nothing.
    hutong.keyring.importFingerprints(ALICE, fingerprints.replace('verified', ''));
    expect(hutong.keyring.trust(ALICE, 'bob@example.org', 'ab'.repeat(20))).toBe('verified');
    const out = hutong.keyring.exportFingerprints(ALICE).split('\n').filter(Boolean).sort();
    expect(out).toEqual(
      [
        `bob@example.org\t${ALICE}\tprpl-jabber\t${'ab'.repeat(20)}\tverified`,
        `carol@example.org\t${ALICE}\tprpl-jabber\t${'cd'.repeat(20)}\tsmp`,
        `dan@example.org\t${ALICE}\tprpl-jabber\t${'ef'.repeat(20)}\t`,
      ].sort(),
    );
    pidgin.storage.close();
    hutong.storage.close();
  });
});
