// Exporting an account's OTR key for Pidgin through the otr.exportKey handler: the file goes where
// the user chose (here: the browser host's exports folder), readable by the user alone, with the
// key libotr reads back under the same fingerprint; a cancelled choice writes nothing and never
// unseals the key; an account without a key, or a path that cannot be written, gets an error.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RequestParams } from '../../../shared/contract';
import { OtrKeyring } from '../../../electron/otr/keyring';
import { readPrivateKeys } from '../../../electron/otr/libotrFiles';
import { OtrPolicies } from '../../../electron/otr/policies';
import type { OtrService } from '../../../electron/otr/otrService';
import { createSecretBox } from '../../../electron/secrets';
import { otrHandlers } from '../../../electron/services/otrHandlers';
import { saveInFolder, type ChooseSavePath } from '../../../electron/services/privateFile';
import { openStorage } from '../../../electron/storage';
import { recordingLog } from '../secrets/helpers';

const ALICE = 'alice@example.org';

function setup(choose: (dir: string) => ChooseSavePath) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hutong-export-'));
  const storage = openStorage(path.join(dir, 'hutong.sqlite'));
  const keyring = new OtrKeyring({
    store: storage.otr,
    box: createSecretBox({ dataDir: dir, log: recordingLog() }),
    now: Date.now,
    random: randomBytes,
  });
  const handlers = otrHandlers({
    keyring,
    // Exporting never touches conversations.
    otr: {} as OtrService,
    policies: new OtrPolicies(storage.otr),
    known: (accountId) => accountId === ALICE,
    chooseSavePath: choose(dir),
  });
  const exportKey = (params: RequestParams<'otr.exportKey'>) => handlers['otr.exportKey'](params);
  return { dir, keyring, exportKey, close: () => storage.close() };
}

describe('exporting the OTR key', () => {
  it('saves otr.private_key for the user alone, read back by libotr’s format', async () => {
    const s = setup((dir) => saveInFolder(path.join(dir, 'exports')));
    const key = await s.keyring.generate(ALICE);
    const first = await s.exportKey({ accountId: ALICE });
    expect(first.ok && first.value.path).toBe(path.join(s.dir, 'exports', 'otr.private_key'));
    const file = first.ok ? first.value.path! : '';
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    const { keys } = readPrivateKeys(readFileSync(file, 'utf8'));
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ account: ALICE, protocol: 'prpl-jabber' });
    expect(keys[0]!.key.x).toBe(key.secretExponent());
    // A second export never replaces the first.
    const second = await s.exportKey({ accountId: ALICE });
    expect(second.ok && second.value.path).toBe(path.join(s.dir, 'exports', 'otr (2).private_key'));
    s.close();
  });

  it('writes nothing when the user cancels, and refuses without a key or a writable place', async () => {
    let asked = 0;
    const cancel = setup(() => async () => {
      asked += 1;
      return undefined;
    });
    expect(await cancel.exportKey({ accountId: ALICE })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(asked).toBe(0);
    await cancel.keyring.generate(ALICE);
    expect(await cancel.exportKey({ accountId: ALICE })).toEqual({ ok: true, value: {} });
    expect(asked).toBe(1);
    expect(readdirSync(cancel.dir)).not.toContain('exports');
    expect(await cancel.exportKey({ accountId: 'zed@example.org' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    cancel.close();

    const blocked = setup((dir) => async () => {
      // A folder where the file should be: the write fails.
      const where = path.join(dir, 'taken');
      mkdirSync(where);
      return where;
    });
    await blocked.keyring.generate(ALICE);
    expect(await blocked.exportKey({ accountId: ALICE })).toMatchObject({
      ok: false,
      error: { code: 'storage-failed' },
    });
    expect(existsSync(path.join(blocked.dir, 'taken'))).toBe(true);
    blocked.close();
  });

  it('keeps a suggested name inside the folder', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hutong-export-'));
    const choose = saveInFolder(path.join(dir, 'exports'));
    expect(await choose('../../etc/passwd')).toBe(path.join(dir, 'exports', 'passwd'));
  });
});
