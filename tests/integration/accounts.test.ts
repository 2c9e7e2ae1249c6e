// The accounts service against a real Prosody: certificate trust and pinning, roster and
// presence between two signed-in accounts, coded errors, and sign-out.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EmitEvent, EventMessage } from '../../shared/contract';
import { AccountsService } from '../../electron/services/accounts';
import { createXmppClient } from '../../electron/xmpp/client';
import { parseAccountJid } from '../../shared/jid';
import { openPinStore } from '../../electron/services/pinStore';

const server = inject('xmpp');
const plain = inject('plainXmpp');

let tmp: string;
let events: EventMessage[] = [];
let accounts: AccountsService;

const emit: EmitEvent = (event, payload) => {
  events.push({ event, payload } as EventMessage);
};

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

async function until<T>(find: () => T | undefined, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
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

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hutong-accounts-'));
  accounts = new AccountsService({ emit, pins: openPinStore(tmp) });
});

afterAll(async () => {
  await accounts.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

describe('accounts service', () => {
  it('rejects a malformed JID before any network traffic', async () => {
    const result = await accounts.signIn({ jid: 'not a jid', password: 'x' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-jid' } });
    expect(accounts.list()).toEqual([]);
  });

  it('shows an unknown certificate with its fingerprint, pins it only when asked, then signs in', async () => {
    const fingerprint = await serverFingerprint();
    const first = await accounts.signIn(creds('alice'));
    expect(first.ok).toBe(false);
    if (first.ok) return;
    expect(first.error.code).toBe('cert-untrusted');
    expect(first.error.certificate?.fingerprint).toBe(fingerprint);

    const wrong = await accounts.trustCertificate(`alice@${server.domain}`, 'AA:BB');
    expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid-params' } });

    const trusted = await accounts.trustCertificate(`alice@${server.domain}`, fingerprint);
    expect(trusted).toMatchObject({
      ok: true,
      value: { status: 'online', security: { tls: true, pinned: true, fingerprint } },
    });
    const pins = JSON.parse(readFileSync(path.join(tmp, 'pins.json'), 'utf8'));
    expect(pins).toEqual({ [`alice@${server.domain}`]: fingerprint });
  });

  it('loads the roster: alice sees bob, subscribed both ways, offline', async () => {
    const roster = accounts.roster(`alice@${server.domain}`);
    expect(roster.ok && roster.value).toEqual([
      expect.objectContaining({
        jid: `bob@${server.domain}`,
        subscription: 'both',
        presence: { show: 'offline' },
      }),
    ]);
  });

  it('uses the pin for a second account on the same server only after its own trust', async () => {
    const bob = await accounts.signIn(creds('bob'));
    expect(bob).toMatchObject({ ok: false, error: { code: 'cert-untrusted' } });
    const fingerprint = bob.ok ? '' : bob.error.certificate!.fingerprint;
    const online = await accounts.trustCertificate(`bob@${server.domain}`, fingerprint);
    expect(online).toMatchObject({ ok: true, value: { status: 'online' } });
  });

  it('relays presence both ways between two signed-in accounts', async () => {
    const alice = `alice@${server.domain}`;
    const bob = `bob@${server.domain}`;
    await until(presenceEvent(alice, bob, 'available'), 'bob online at alice');
    await until(presenceEvent(bob, alice, 'available'), 'alice online at bob');

    const away = await accounts.setPresence(alice, 'away', '午饭 lunch');
    expect(away).toMatchObject({
      ok: true,
      value: { presence: { show: 'away', status: '午饭 lunch' } },
    });
    const seen = await until(presenceEvent(bob, alice, 'away'), 'alice away at bob');
    expect(seen.event === 'contact.presence' && seen.payload.presence.status).toBe('午饭 lunch');
  });

  it('says offline when a contact signs out, and forgets the signed-out account', async () => {
    const alice = `alice@${server.domain}`;
    const bob = `bob@${server.domain}`;
    events = [];
    expect(await accounts.signOut(bob)).toEqual({ ok: true, value: null });
    await until(presenceEvent(alice, bob, 'offline'), 'bob offline at alice');
    expect(events).toContainEqual({ event: 'account.removed', payload: { accountId: bob } });
    expect(accounts.list().map((a) => a.accountId)).toEqual([alice]);
    expect(await accounts.signOut(bob)).toMatchObject({
      ok: false,
      error: { code: 'not-signed-in' },
    });
  });

  it('shows the server closing the stream as offline with its reason, and reconnects on request', async () => {
    const alice = `alice@${server.domain}`;
    const bound = accounts.list().find((a) => a.accountId === alice)?.boundJid ?? '';
    const resource = bound.slice(bound.indexOf('/') + 1);
    // Another device taking the same resource makes Prosody close our stream with <conflict/>.
    const intruder = createXmppClient({
      jid: parseAccountJid(alice)!,
      password: server.users.alice!,
      host: server.host,
      port: server.c2sPort,
      tls: 'starttls',
      ca: readFileSync(server.caPath),
      resource,
    });
    await intruder.start();
    const offline = await until(
      () =>
        events.find(
          (e) =>
            e.event === 'account.changed' &&
            e.payload.accountId === alice &&
            e.payload.status === 'offline',
        ),
      'alice offline',
    );
    expect(offline.payload).toMatchObject({
      error: { code: 'stream-error', condition: 'conflict' },
    });
    await intruder.stop();
    const again = await accounts.reconnect(alice);
    expect(again).toMatchObject({ ok: true, value: { status: 'online' } });
    expect(again.ok && again.value.error).toBeUndefined();
  });

  it('reports a wrong password as auth-failed and keeps nothing of the attempt', async () => {
    const result = await accounts.signIn({ ...creds('carol'), password: 'wrong' });
    expect(result.ok).toBe(false);
    // carol has no pin yet, so the certificate is asked about first; pin it, then the password fails.
    if (!result.ok && result.error.code === 'cert-untrusted') {
      const retry = await accounts.trustCertificate(
        `carol@${server.domain}`,
        result.error.certificate!.fingerprint,
      );
      expect(retry).toMatchObject({ ok: false, error: { code: 'auth-failed' } });
    } else {
      expect(result).toMatchObject({ ok: false, error: { code: 'auth-failed' } });
    }
    expect(accounts.list().map((a) => a.accountId)).not.toContain(`carol@${server.domain}`);
  });

  it('reports a refused connection', async () => {
    const result = await accounts.signIn({ ...creds('dave'), port: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'connection-refused' } });
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
});
