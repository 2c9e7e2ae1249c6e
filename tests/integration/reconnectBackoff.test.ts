// A server that accepts the login and then breaks the stream, every time: a relay in front of
// Prosody cuts each connection as soon as the account is online. The delays before the next
// attempt must grow (the backoff starts again only after a connection stayed healthy), where
// they used to restart from the first one at every login.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { AccountSnapshot } from '../../shared/contract';
import { createSecretBox } from '../../electron/secrets';
import { AccountsService } from '../../electron/services/accounts';
import { openPinStore } from '../../electron/services/pinStore';
import { openStorage, type Storage } from '../../electron/storage';
import { startRelay, until } from './accountsHelpers';
import { checkContractEvent } from './contractEvents';

const server = inject('xmpp');
const zack = `zack@${server.domain}`;
let tmp: string;
let storage: Storage;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hutong-backoff-'));
  storage = openStorage(path.join(tmp, 'hutong.sqlite'));
});

afterAll(() => {
  storage.close();
  rmSync(tmp, { recursive: true, force: true });
});

it('waits longer after each login that the server breaks at once', async () => {
  const relay = await startRelay(server.c2sPort);
  // Delays at a tenth of their window: 100 ms (the floor), 200, 400, 800... (backoff.ts).
  const delays: number[] = [];
  let cutting = false;
  const accounts = new AccountsService({
    emit: (event, payload) => {
      checkContractEvent(event, payload);
      if (event !== 'account.changed') return;
      const account = payload as AccountSnapshot;
      if (account.accountId !== zack) return;
      if (cutting && account.status === 'online') setImmediate(() => relay.cut());
      if (cutting && account.status === 'offline' && account.retryAt !== undefined) {
        delays.push(account.retryAt - Date.now());
      }
    },
    pins: openPinStore(tmp),
    store: storage.accounts,
    secrets: createSecretBox({ dataDir: tmp }),
    random: () => 0.1,
  });
  try {
    const params = { jid: zack, password: server.users.zack!, host: server.host, port: relay.port };
    const first = await accounts.signIn(params);
    expect(first).toMatchObject({ ok: false, error: { code: 'cert-untrusted' } });
    const fingerprint = !first.ok ? first.error.certificate!.fingerprint : '';
    expect(await accounts.trustCertificate(zack, fingerprint)).toMatchObject({ ok: true });
    cutting = true;
    relay.cut();
    await until(() => (delays.length >= 5 ? true : undefined), 'five broken logins', 20_000);
    const [a, b, c, d, e] = delays as [number, number, number, number, number];
    // Each within a few ms of its planned delay: 100, 200, 400, 800, 1600.
    expect([a, b, c, d, e].map((ms) => Math.round(ms / 100) * 100)).toEqual([
      100, 200, 400, 800, 1600,
    ]);
  } finally {
    cutting = false;
    await accounts.dispose();
    await relay.close();
  }
});
