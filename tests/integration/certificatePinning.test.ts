// Certificate pins of saved accounts against a real Prosody whose certificate a CA (the test CA,
// given to the app as a trusted one) vouches for: a pin the certificate no longer matches is
// replaced on the CA's word and the user told, or, with strict pinning, refused until the user
// trusts the new certificate; a strict account pins its first certificate.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AccountSnapshot, EmitEvent } from '../../shared/contract';
import { createSecretBox } from '../../electron/secrets';
import { AccountsService } from '../../electron/services/accounts';
import { openPinStore } from '../../electron/services/pinStore';
import { openStorage, type Storage } from '../../electron/storage';
import { until } from './accountsHelpers';

const server = inject('xmpp');
const pia = `pia@${server.domain}`;
const piet = `piet@${server.domain}`;
// The certificate pinned before: what the server had until it moved to a CA-issued one (or
// what an attacker's CA-issued certificate would replace).
const OLD = server.certFingerprint.startsWith('00')
  ? server.certFingerprint.replace(/^00/, 'FF')
  : server.certFingerprint.replace(/^../, '00');

let tmp: string;
let storage: Storage;
let accounts: AccountsService;
let changes: AccountSnapshot[] = [];
const emit: EmitEvent = (event, payload) => {
  if (event === 'account.changed') changes.push(payload as AccountSnapshot);
};

function open(): AccountsService {
  storage = openStorage(path.join(tmp, 'hutong.sqlite'));
  return new AccountsService({
    emit,
    pins: openPinStore(tmp),
    store: storage.accounts,
    secrets: createSecretBox({ dataDir: tmp }),
    ca: readFileSync(server.caPath, 'utf8'),
    random: () => 0,
  });
}

async function restart(pins?: Record<string, unknown>): Promise<void> {
  await accounts.dispose();
  storage.close();
  if (pins) writeFileSync(path.join(tmp, 'pins.json'), JSON.stringify(pins));
  changes = [];
  accounts = open();
  await accounts.start();
}

const creds = (user: string) => ({
  jid: `${user}@${server.domain}`,
  password: server.users[user]!,
  host: server.host,
  port: server.c2sPort,
});
const pinsOnDisk = (): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(tmp, 'pins.json'), 'utf8')) as Record<string, unknown>;
const snapshotOf = (id: string) => accounts.list().find((a) => a.accountId === id);

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hutong-pinning-'));
  accounts = open();
});
afterAll(async () => {
  await accounts.dispose();
  storage.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('certificate pinning', () => {
  it('tells the user when a CA-vouched certificate replaced the pin, until seen', async () => {
    await restart({ [pia]: OLD });
    const signedIn = await accounts.signIn(creds('pia'));
    expect(signedIn).toMatchObject({ ok: true, value: { status: 'online' } });
    const change = { previous: OLD, current: server.certFingerprint };
    expect(snapshotOf(pia)?.certificateChange).toMatchObject(change);
    // The pin follows the certificate, and the change outlives a restart until seen.
    await restart();
    await until(() => snapshotOf(pia)?.status === 'online' || undefined, 'pia online again');
    expect(snapshotOf(pia)?.certificateChange).toMatchObject(change);
    expect(snapshotOf(pia)?.security?.fingerprint).toBe(server.certFingerprint);
    const seen = await accounts.certificateChangeSeen(pia);
    expect(seen.ok && seen.value.certificateChange).toBeUndefined();
    expect(pinsOnDisk()[pia]).toBe(server.certFingerprint);
    expect(changes.at(-1)?.certificateChange).toBeUndefined();
  });

  it('with strict pinning refuses the changed certificate until the user trusts it', async () => {
    expect(await accounts.update({ accountId: pia, strictPinning: true })).toMatchObject({
      ok: true,
    });
    await until(
      () => snapshotOf(pia)?.status === 'online' || undefined,
      'pia online after the update',
    );
    // With a change from before still unseen: trusting the new certificate settles it too.
    await restart({
      [pia]: { fingerprint: OLD, previous: OLD.replace(/^../, 'AB'), changedAt: 1 },
    });
    expect(snapshotOf(pia)?.certificateChange).toMatchObject({ current: OLD });
    const refused = await until(
      () => changes.find((c) => c.accountId === pia && c.error?.code === 'cert-changed'),
      'pia refused',
    );
    expect(refused.error?.certificate).toMatchObject({
      fingerprint: server.certFingerprint,
      previousFingerprint: OLD,
      reason: 'changed-ca-vouched',
    });
    // No retry: another try cannot change the answer; the user has to decide.
    expect(refused.retryAt).toBeUndefined();
    expect(snapshotOf(pia)?.status).toBe('offline');
    const trusted = await accounts.trustCertificate(pia, server.certFingerprint);
    expect(trusted).toMatchObject({ ok: true, value: { status: 'online' } });
    expect(snapshotOf(pia)?.certificateChange).toBeUndefined();
    expect(pinsOnDisk()[pia]).toBe(server.certFingerprint);
  });

  it('pins the first certificate of a strict account and none of a plain one', async () => {
    const strict = await accounts.signIn({ ...creds('piet'), strictPinning: true });
    expect(strict).toMatchObject({ ok: true, value: { settings: { strictPinning: true } } });
    expect(pinsOnDisk()[piet]).toBe(server.certFingerprint);
    expect(await accounts.remove(piet)).toEqual({ ok: true, value: null });
    expect(pinsOnDisk()[piet]).toBeUndefined();
    expect(await accounts.signIn(creds('piet'))).toMatchObject({ ok: true });
    expect(pinsOnDisk()[piet]).toBeUndefined();
  });
});
