// The accounts service against a real Prosody with real storage and secrets: certificate trust
// and pinning, roster and presence between accounts signed in at once, coded errors, saved
// accounts that come back after a restart, enable/disable, removal and automatic reconnection.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EmitEvent, EventMessage } from '../../shared/contract';
import { parseAccountJid } from '../../shared/jid';
import { createSecretBox } from '../../electron/secrets';
import { AccountsService } from '../../electron/services/accounts';
import { openPinStore } from '../../electron/services/pinStore';
import { openStorage, type Storage } from '../../electron/storage';
import { createXmppClient } from '../../electron/xmpp/client';
import { startRelay, until } from './accountsHelpers';
import { checkContractEvent } from './contractEvents';

const server = inject('xmpp');
const plain = inject('plainXmpp');
// frank and grace are this file's own subscribed pair (see globalSetup).
const frank = `frank@${server.domain}`;
const grace = `grace@${server.domain}`;

let tmp: string;
let events: EventMessage[] = [];
let storage: Storage;
let accounts: AccountsService;

const emit: EmitEvent = (event, payload) => {
  checkContractEvent(event, payload);
  events.push({ event, payload } as EventMessage);
};

/** A service as the app composes it, on a data folder that survives "restarts". */
function createAccounts(dataDir: string) {
  storage = openStorage(path.join(dataDir, 'hutong.sqlite'));
  return new AccountsService({
    emit,
    pins: openPinStore(dataDir),
    store: storage.accounts,
    secrets: createSecretBox({ dataDir }),
    // Retries in tests come at once; the backoff itself is unit-tested.
    random: () => 0,
  });
}

function creds(user: string) {
  return {
    jid: `${user}@${server.domain}`,
    password: server.users[user]!,
    host: server.host,
    port: server.c2sPort,
  };
}

/** The server's certificate fingerprint, read with plain node:tls, independently of our code. */
function serverFingerprint(): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect(
      {
        host: server.host,
        port: server.directTlsPort,
        servername: server.domain,
        rejectUnauthorized: false,
      },
      () => {
        resolve(socket.getPeerCertificate().fingerprint256);
        socket.destroy();
      },
    );
    socket.on('error', reject);
  });
}

function presenceEvent(accountId: string, jid: string, show: string) {
  return () =>
    events.find(
      (e) =>
        e.event === 'contact.presence' &&
        e.payload.accountId === accountId &&
        e.payload.jid === jid &&
        e.payload.presence.show === show,
    );
}

function isStatus(accountId: string, status: string) {
  return (e: EventMessage) =>
    e.event === 'account.changed' &&
    e.payload.accountId === accountId &&
    e.payload.status === status;
}

function statusEvent(accountId: string, status: string) {
  return () => events.find(isStatus(accountId, status));
}

async function signInTrusting(user: string, port = server.c2sPort) {
  const first = await accounts.signIn({ ...creds(user), port });
  if (first.ok || first.error.code !== 'cert-untrusted') return first;
  return accounts.trustCertificate(
    `${user}@${server.domain}`,
    first.error.certificate!.fingerprint,
  );
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hutong-accounts-'));
  accounts = createAccounts(tmp);
});

afterAll(async () => {
  await accounts.dispose();
  storage.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('accounts service', () => {
  it('rejects a malformed JID before any network traffic', async () => {
    const result = await accounts.signIn({ jid: 'not a jid', password: 'x' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-jid' } });
    expect(accounts.list()).toEqual([]);
  });

  it('refuses to authenticate on a server without TLS', async () => {
    const result = await accounts.signIn({
      jid: `alice@${plain.domain}`,
      password: 'alice-pw',
      host: plain.host,
      port: plain.c2sPort,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'tls-required' } });
  });

  it('shows an unknown certificate with its fingerprint, pins it only when asked, then signs in and saves', async () => {
    const fingerprint = await serverFingerprint();
    const first = await accounts.signIn(creds('frank'));
    expect(first).toMatchObject({ ok: false, error: { code: 'cert-untrusted' } });
    expect(!first.ok && first.error.certificate?.fingerprint).toBe(fingerprint);
    expect(storage.accounts.get(frank)).toBeUndefined();

    const wrong = await accounts.trustCertificate(frank, 'AA:BB');
    expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid-params' } });

    const trusted = await accounts.trustCertificate(frank, fingerprint);
    expect(trusted).toMatchObject({
      ok: true,
      value: { status: 'online', saved: true, security: { tls: true, pinned: true, fingerprint } },
    });
    expect(JSON.parse(readFileSync(path.join(tmp, 'pins.json'), 'utf8'))).toEqual({
      [frank]: fingerprint,
    });
    const stored = storage.accounts.get(frank);
    expect(stored?.settings).toMatchObject({ host: server.host, port: server.c2sPort });
    // The password is sealed, never stored as it was typed.
    expect(stored?.sealedPassword.includes(Buffer.from(server.users.frank!))).toBe(false);
  });

  it('loads the roster: frank sees grace, subscribed both ways, offline', () => {
    const roster = accounts.roster(frank);
    expect(roster.ok && roster.value).toEqual([
      expect.objectContaining({ jid: grace, subscription: 'both', presence: { show: 'offline' } }),
    ]);
  });

  it('keeps several accounts online at once and relays presence between them', async () => {
    expect(await signInTrusting('grace')).toMatchObject({ ok: true, value: { status: 'online' } });
    await until(presenceEvent(frank, grace, 'available'), 'grace online at frank');
    await until(presenceEvent(grace, frank, 'available'), 'frank online at grace');
    expect(accounts.list().map((a) => a.status)).toEqual(['online', 'online']);

    const away = await accounts.setPresence(frank, { show: 'away', status: '午饭 lunch' });
    expect(away).toMatchObject({ ok: true, value: { presence: { show: 'away' } } });
    const seen = await until(presenceEvent(grace, frank, 'away'), 'frank away at grace');
    expect(seen.event === 'contact.presence' && seen.payload.presence.status).toBe('午饭 lunch');
  });

  it('refuses invisibility where the server does not offer it', async () => {
    const snapshot = accounts.list().find((a) => a.accountId === frank);
    expect(snapshot?.features?.server).not.toContain('urn:xmpp:invisible:0');
    expect(await accounts.setPresence(frank, { show: 'invisible' })).toMatchObject({
      ok: false,
      error: { code: 'not-supported' },
    });
  });

  it('disables an account (contacts see it offline) and enables it again', async () => {
    events = [];
    expect(await accounts.setEnabled(grace, false)).toMatchObject({
      ok: true,
      value: { status: 'disabled' },
    });
    await until(presenceEvent(frank, grace, 'offline'), 'grace offline at frank');
    expect(storage.accounts.get(grace)?.enabled).toBe(false);
    expect(await accounts.setEnabled(grace, true)).toMatchObject({
      ok: true,
      value: { status: 'online' },
    });
    expect(storage.accounts.get(grace)?.enabled).toBe(true);
  });

  it('reconnects by itself, with backoff, after the network drops the connection', async () => {
    const relay = await startRelay(server.c2sPort);
    try {
      const carol = `carol@${server.domain}`;
      const online = await signInTrusting('carol', relay.port);
      expect(online).toMatchObject({ ok: true, value: { status: 'online' } });
      events = [];
      relay.cut();
      const offline = await until(statusEvent(carol, 'offline'), 'carol offline');
      expect(offline.payload).toMatchObject({ saved: true });
      expect((offline.payload as { retryAt?: number }).retryAt).toBeGreaterThan(0);
      const afterDrop = events.indexOf(offline);
      const back = await until(
        () => events.slice(afterDrop).find(isStatus(carol, 'online')),
        'carol back online by herself',
      );
      expect(relay.connections()).toBe(1);
      // Stream management resumed the same session: same full JID, nothing to fetch again.
      expect(back.payload).toMatchObject({ boundJid: online.ok && online.value.boundJid });
      await accounts.remove(carol);
    } finally {
      await relay.close();
    }
  });

  it('does not fight another device that takes over its resource', async () => {
    events = [];
    const snapshot = accounts.list().find((a) => a.accountId === grace)!;
    const resource = snapshot.boundJid!.split('/')[1]!;
    // A second login on the same resource makes Prosody close our stream with <conflict/>;
    // retrying would throw the other device out in turn, so we stay offline and say why.
    const thief = createXmppClient({
      jid: parseAccountJid(grace)!,
      password: server.users.grace!,
      host: server.host,
      port: server.c2sPort,
      tls: 'starttls',
      ca: readFileSync(server.caPath),
      resource,
    });
    await thief.start();
    const offline = await until(statusEvent(grace, 'offline'), 'grace offline');
    expect(offline.payload).toMatchObject({ error: { condition: 'conflict' } });
    expect((offline.payload as { retryAt?: number }).retryAt).toBeUndefined();
    await thief.stop();
    expect(await accounts.reconnect(grace)).toMatchObject({
      ok: true,
      value: { status: 'online' },
    });
  });

  it('reports a wrong password as auth-failed and keeps nothing of the attempt', async () => {
    const result = await accounts.signIn({ ...creds('carol'), password: 'wrong' });
    const retry =
      !result.ok && result.error.code === 'cert-untrusted'
        ? await accounts.trustCertificate(
            `carol@${server.domain}`,
            result.error.certificate!.fingerprint,
          )
        : result;
    expect(retry).toMatchObject({ ok: false, error: { code: 'auth-failed' } });
    // The certificate trusted for this failed attempt is not kept for a later one.
    const pins = JSON.parse(readFileSync(path.join(tmp, 'pins.json'), 'utf8'));
    expect(pins[`carol@${server.domain}`]).toBeUndefined();
    expect(accounts.list().map((a) => a.accountId)).not.toContain(`carol@${server.domain}`);
    expect(storage.accounts.get(`carol@${server.domain}`)).toBeUndefined();
  });

  it('takes one sign-in at a time for the same account', async () => {
    const [first, second] = await Promise.all([
      accounts.signIn(creds('eve')),
      accounts.signIn(creds('eve')),
    ]);
    expect([first, second].filter((r) => !r.ok && r.error.code === 'already-exists')).toHaveLength(
      1,
    );
    const eve = `eve@${server.domain}`;
    expect(accounts.list().filter((a) => a.accountId === eve)).toHaveLength(1);
    await accounts.remove(eve);
  });

  it('stops for good when removed while connecting, and retries nothing afterwards', async () => {
    const eve = `eve@${server.domain}`;
    expect(await signInTrusting('eve')).toMatchObject({ ok: true });
    // A server that accepts connections and never says a word: the attempt hangs.
    let dials = 0;
    const silent = net.createServer((socket) => {
      dials += 1;
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      await accounts.update({ accountId: eve, port });
      await until(() => (dials === 1 ? true : undefined), 'the hanging attempt');
      expect(await accounts.remove(eve)).toEqual({ ok: true, value: null });
      // Retries here come after 100 ms (random = 0); a retry would have dialled by then.
      await new Promise((r) => setTimeout(r, 600));
      expect(dials).toBe(1);
      expect(accounts.list().map((a) => a.accountId)).not.toContain(eve);
    } finally {
      silent.close();
    }
  });

  it('does not add an account twice', async () => {
    expect(await accounts.signIn(creds('frank'))).toMatchObject({
      ok: false,
      error: { code: 'already-exists' },
    });
  });

  it('reports a refused connection', async () => {
    const result = await accounts.signIn({ ...creds('dave'), port: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'connection-refused' } });
  });

  it('brings saved accounts back after a restart, with the cached roster and the pin', async () => {
    await accounts.dispose();
    storage.close();
    events = [];
    accounts = createAccounts(tmp);
    await accounts.start();
    await until(statusEvent(frank, 'online'), 'frank online after restart');
    await until(statusEvent(grace, 'online'), 'grace online after restart');
    const roster = accounts.roster(frank);
    expect(roster.ok && roster.value.map((c) => c.jid)).toEqual([grace]);
    expect(accounts.list().find((a) => a.accountId === frank)?.presence).toEqual({
      show: 'away',
      status: '午饭 lunch',
    });
  });

  it('changes settings and removes an account with its pin, keeping nothing of it', async () => {
    const updated = await accounts.update({ accountId: grace, label: 'Work' });
    expect(updated).toMatchObject({ ok: true, value: { settings: { label: 'Work' } } });
    expect(storage.accounts.get(grace)?.settings.label).toBe('Work');
    expect(await accounts.remove(grace)).toEqual({ ok: true, value: null });
    expect(storage.accounts.get(grace)).toBeUndefined();
    expect(JSON.parse(readFileSync(path.join(tmp, 'pins.json'), 'utf8'))[grace]).toBeUndefined();
    expect(accounts.list().map((a) => a.accountId)).toEqual([frank]);
    expect(await accounts.remove(grace)).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
