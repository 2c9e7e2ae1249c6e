// Interoperability with ejabberd 23.01, the server that providers cluster: the same sign-in,
// roster, presence and chat paths as against Prosody, through the real services (accounts, chat,
// storage, secrets, pins) and a real ejabberd started by tests/integration/globalSetup.ts.
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay } from '../accountsHelpers';
import { bare, openApp, server, stored, token, type App } from './app';

const ALICE = bare('alice');
const BOB = bare('bob');
const count = (bodies: string[], body: string) => bodies.filter((b) => b === body).length;

/** The certificate ejabberd presents after STARTTLS, read with plain node:tls (not our code). */
function starttlsFingerprint(): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.c2sPort, server.host);
    let buffer = '';
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      if (buffer.includes('</stream:features>')) {
        socket.write("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        buffer = '';
      } else if (buffer.includes('<proceed')) {
        socket.removeAllListeners('data');
        const secure = tls.connect(
          { socket, servername: server.domain, rejectUnauthorized: false },
          () => {
            resolve(secure.getPeerCertificate().fingerprint256);
            secure.destroy();
          },
        );
        secure.on('error', reject);
      }
    });
    socket.write(
      `<?xml version='1.0'?><stream:stream to='${server.domain}' version='1.0' ` +
        "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>",
    );
  });
}

let app: App;

beforeAll(() => {
  app = openApp();
});

afterAll(async () => {
  await app.close();
});

describe('ejabberd 23.01 interop', () => {
  it('shows its certificate, pins it only when trusted, and gets online with its features', async () => {
    const fingerprint = await starttlsFingerprint();
    expect(fingerprint).toBe(server.certFingerprint);
    const first = await app.accounts.signIn({
      jid: ALICE,
      password: server.users.alice!,
      host: server.host,
      port: server.c2sPort,
    });
    expect(first).toMatchObject({ ok: false, error: { code: 'cert-untrusted' } });
    expect(!first.ok && first.error.certificate?.fingerprint).toBe(fingerprint);
    expect(app.storage.accounts.get(ALICE)).toBeUndefined();

    const trusted = await app.accounts.trustCertificate(ALICE, fingerprint);
    expect(trusted).toMatchObject({
      ok: true,
      value: {
        status: 'online',
        saved: true,
        security: { tls: true, pinned: true, fingerprint },
        // ejabberd 23.01 has no XEP-0186 invisible command (Prosody 0.12 neither).
        features: {
          server: expect.arrayContaining(['urn:xmpp:carbons:2']),
          account: expect.arrayContaining(['urn:xmpp:mam:2']),
          streamManagement: true,
        },
      },
    });
    expect(trusted.ok && trusted.value.boundJid?.startsWith(`${ALICE}/`)).toBe(true);
  });

  it('reports a wrong password as auth-failed and keeps nothing of the attempt', async () => {
    const result = await app.signIn('carol', 'not-carols-password');
    expect(result).toMatchObject({ ok: false, error: { code: 'auth-failed' } });
    expect(app.accounts.list().map((a) => a.accountId)).toEqual([ALICE]);
    expect(app.storage.accounts.get(bare('carol'))).toBeUndefined();
  });

  it('loads the roster: alice sees bob, subscribed both ways', () => {
    const roster = app.accounts.roster(ALICE);
    expect(roster.ok && roster.value).toEqual([
      expect.objectContaining({ jid: BOB, subscription: 'both' }),
    ]);
  });

  it('keeps two accounts online at once and relays presence both ways', async () => {
    expect(await app.signIn('bob')).toMatchObject({ ok: true, value: { status: 'online' } });
    const seen = (account: string, jid: string, show: string) =>
      app.event(
        'contact.presence',
        (p) => p.accountId === account && p.jid === jid && p.presence.show === show,
        `${jid} ${show} at ${account}`,
      );
    await seen(ALICE, BOB, 'available');
    await seen(BOB, ALICE, 'available');
    const roster = app.accounts.roster(BOB);
    expect(roster.ok && roster.value).toEqual([
      expect.objectContaining({ jid: ALICE, subscription: 'both' }),
    ]);

    const away = await app.accounts.setPresence(ALICE, { show: 'away', status: '开会 meeting' });
    expect(away).toMatchObject({ ok: true, value: { presence: { show: 'away' } } });
    const atBob = await seen(BOB, ALICE, 'away');
    expect(atBob.presence.status).toBe('开会 meeting');
    expect(await app.accounts.setPresence(ALICE, { show: 'invisible' })).toMatchObject({
      ok: false,
      error: { code: 'not-supported' },
    });
    await app.accounts.setPresence(ALICE, { show: 'available' });
    await seen(BOB, ALICE, 'available');
  });

  it('chats both ways: pending → delivered by receipt, stored once on each side', async () => {
    const body = token('你好 ejabberd');
    const sent = app.chat.send({ accountId: ALICE, peer: BOB, body });
    if (!sent.ok) throw new Error(sent.error.message);
    const incoming = await app.message(
      (m) => m.accountId === BOB && m.body === body,
      'the message at bob',
    );
    expect(incoming).toMatchObject({ direction: 'in', peer: ALICE, state: 'received' });
    await app.message((m) => m.id === sent.value.id && m.state === 'delivered', 'delivered');

    const reply = token('reply');
    const answered = app.chat.send({ accountId: BOB, peer: ALICE, body: reply });
    if (!answered.ok) throw new Error(answered.error.message);
    await app.message((m) => m.accountId === ALICE && m.body === reply, 'the reply at alice');
    await app.message((m) => m.id === answered.value.id && m.state === 'delivered', 'delivered');

    const aliceSide = stored(app, ALICE, BOB).map((m) => m.body);
    const bobSide = stored(app, BOB, ALICE).map((m) => m.body);
    expect([count(aliceSide, body), count(aliceSide, reply)]).toEqual([1, 1]);
    expect([count(bobSide, body), count(bobSide, reply)]).toEqual([1, 1]);
  });

  it('resumes the stream (XEP-0198) after the network drops it, with the same session', async () => {
    const relay = await startRelay(server.c2sPort);
    const phone = openApp();
    try {
      const carol = bare('carol');
      const first = await phone.accounts.signIn({
        jid: carol,
        password: server.users.carol!,
        host: server.host,
        port: relay.port,
      });
      const online =
        !first.ok && first.error.code === 'cert-untrusted'
          ? await phone.accounts.trustCertificate(carol, first.error.certificate!.fingerprint)
          : first;
      expect(online).toMatchObject({ ok: true, value: { status: 'online' } });
      const boundJid = online.ok && online.value.boundJid;
      const isStatus = (status: string) => (p: { accountId: string; status: string }) =>
        p.accountId === carol && p.status === status;
      // Only events after a mark count: the refused first certificate already said "offline",
      // and the socket error the cut raises is reported while the account still says "online".
      const after = (mark: number, status: string) => (p: { accountId: string; status: string }) =>
        phone.events.slice(mark).some((e) => e.payload === p) && isStatus(status)(p);
      const beforeCut = phone.events.length;
      relay.cut();
      await phone.event('account.changed', after(beforeCut, 'offline'), 'carol offline');
      const dropped = phone.events.length;
      const back = await phone.event(
        'account.changed',
        after(dropped, 'online'),
        'carol back online by herself',
      );
      expect(back.boundJid).toBe(boundJid);
      expect(relay.connections()).toBe(1);
    } finally {
      await phone.close();
      await relay.close();
    }
  });

  it('copies a message sent on one device to the other (carbons)', async () => {
    const phone = openApp();
    try {
      expect(await phone.signIn('alice')).toMatchObject({ ok: true, value: { status: 'online' } });
      await phone.chat.whenSynced(ALICE);
      const body = token('from-desktop');
      const sent = app.chat.send({ accountId: ALICE, peer: BOB, body });
      if (!sent.ok) throw new Error(sent.error.message);
      const copy = await phone.message((m) => m.body === body, 'the carbon copy on the phone');
      expect(copy).toMatchObject({ accountId: ALICE, direction: 'out', peer: BOB, via: 'carbon' });

      const reply = token('to-both');
      app.chat.send({ accountId: BOB, peer: ALICE, body: reply });
      await phone.message((m) => m.body === reply, 'the reply on the phone');
      await app.message((m) => m.accountId === ALICE && m.body === reply, 'the reply on desktop');
      const onPhone = stored(phone, ALICE, BOB).map((m) => m.body);
      expect([count(onPhone, body), count(onPhone, reply)]).toEqual([1, 1]);
    } finally {
      await phone.close();
    }
  });

  it('catches up from the archive what another device received while this one was off', async () => {
    const phone = openApp();
    try {
      expect(await phone.signIn('alice')).toMatchObject({ ok: true, value: { status: 'online' } });
      expect(await app.accounts.setEnabled(ALICE, false)).toMatchObject({
        ok: true,
        value: { status: 'disabled' },
      });
      // The phone takes every message now, so ejabberd keeps none offline for the desktop:
      // only its archive (MAM) can bring them.
      const bodies = [token('to-phone-1'), token('to-phone-2')];
      for (const body of bodies) {
        const sent = app.chat.send({ accountId: BOB, peer: ALICE, body });
        if (!sent.ok) throw new Error(sent.error.message);
        await phone.message((m) => m.body === body, `${body} on the phone`);
      }
      expect(await app.accounts.setEnabled(ALICE, true)).toMatchObject({
        ok: true,
        value: { status: 'online' },
      });
      for (const body of bodies) {
        const caught = await app.message(
          (m) => m.accountId === ALICE && m.body === body,
          `${body} on the desktop`,
        );
        expect(caught).toMatchObject({ direction: 'in', peer: BOB, via: 'archive' });
      }
      await app.chat.whenSynced(ALICE);
      const atDesktop = stored(app, ALICE, BOB).map((m) => m.body);
      expect(bodies.map((body) => count(atDesktop, body))).toEqual([1, 1]);
    } finally {
      await phone.close();
    }
  });

  it('gets what was sent while every device was offline, each message once', async () => {
    expect(await app.accounts.setEnabled(ALICE, false)).toMatchObject({
      ok: true,
      value: { status: 'disabled' },
    });
    await app.event(
      'contact.presence',
      (p) => p.accountId === BOB && p.jid === ALICE && p.presence.show === 'offline',
      'alice offline at bob',
    );
    const bodies = [token('while-away-1'), token('while-away-2'), token('while-away-3')];
    for (const body of bodies) {
      const sent = app.chat.send({ accountId: BOB, peer: ALICE, body });
      if (!sent.ok) throw new Error(sent.error.message);
      await app.message((m) => m.id === sent.value.id && m.state === 'sent', 'sent by bob');
    }
    expect(stored(app, ALICE, BOB).filter((m) => bodies.includes(m.body))).toEqual([]);

    expect(await app.accounts.setEnabled(ALICE, true)).toMatchObject({
      ok: true,
      value: { status: 'online' },
    });
    for (const body of bodies) {
      await app.message((m) => m.accountId === ALICE && m.body === body, `${body} at alice`);
    }
    // ejabberd delivers them from its offline store while the archive returns them as well.
    await app.chat.whenSynced(ALICE);
    const atAlice = stored(app, ALICE, BOB).map((m) => m.body);
    expect(bodies.map((body) => count(atAlice, body))).toEqual([1, 1, 1]);
  });

  it('comes back after a restart with the saved accounts and the versioned roster', async () => {
    const version = app.storage.accounts.get(ALICE)?.rosterVersion;
    // ejabberd versions rosters (XEP-0237); we keep its version to ask only for changes.
    expect(version).toBeTruthy();
    await app.restart();
    for (const account of [ALICE, BOB]) {
      await app.event(
        'account.changed',
        (p) => p.accountId === account && p.status === 'online',
        `${account} online after the restart`,
      );
    }
    const roster = app.accounts.roster(ALICE);
    expect(roster.ok && roster.value).toEqual([
      expect.objectContaining({ jid: BOB, subscription: 'both' }),
    ]);
    await app.event(
      'contact.presence',
      (p) => p.accountId === ALICE && p.jid === BOB && p.presence.show === 'available',
      'bob online at alice after the restart',
    );
    expect(app.storage.accounts.get(ALICE)?.rosterVersion).toBe(version);
  });
});
