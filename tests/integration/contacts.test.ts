// Contacts through the real server: adding (with a subscription request), answering incoming
// requests, renaming, removing, roster versioning across a restart, and a forged roster push.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import xml, { type Element } from '@xmpp/xml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Contact, EmitEvent, EventMessage } from '../../shared/contract';
import { parseAccountJid } from '../../shared/jid';
import { createSecretBox } from '../../electron/secrets';
import { AccountsService } from '../../electron/services/accounts';
import { openPinStore } from '../../electron/services/pinStore';
import { openStorage, type Storage } from '../../electron/storage';
import { createXmppClient, type XmppClient } from '../../electron/xmpp/client';
import { startRelay, until } from './accountsHelpers';
import { checkContractEvent } from './contractEvents';

const server = inject('xmpp');
const dave = `dave@${server.domain}`;
const eve = `eve@${server.domain}`;
const carol = `carol@${server.domain}`;

let tmp: string;
let storage: Storage;
let accounts: AccountsService;
const events: EventMessage[] = [];
const peers: { client: XmppClient; stanzas: Element[] }[] = [];

const emit: EmitEvent = (event, payload) => {
  checkContractEvent(event, payload);
  events.push({ event, payload } as EventMessage);
};

function createAccounts() {
  storage = openStorage(path.join(tmp, 'hutong.sqlite'));
  return new AccountsService({
    emit,
    pins: openPinStore(tmp),
    store: storage.accounts,
    secrets: createSecretBox({ dataDir: tmp }),
    ca: readFileSync(server.caPath, 'utf8'),
  });
}

/** Another user's device, seen from outside: a plain connection recording what it receives. */
async function peer(user: string) {
  const client = createXmppClient({
    jid: parseAccountJid(`${user}@${server.domain}`)!,
    password: server.users[user]!,
    host: server.host,
    port: server.c2sPort,
    tls: 'starttls',
    ca: readFileSync(server.caPath),
  });
  const stanzas: Element[] = [];
  client.entity.on('stanza', (s: Element) => stanzas.push(s));
  await client.start();
  // An "interested resource" (RFC 6121 §2.1.3): it gets roster pushes and subscription answers.
  await client.iqCaller.request(
    xml('iq', { type: 'get' }, xml('query', { xmlns: 'jabber:iq:roster' })),
  );
  await client.entity.send(xml('presence'));
  const record = { client, stanzas };
  peers.push(record);
  return record;
}

/** Points dave at another port and waits until the new connection is online. */
async function reconnectVia(port: number) {
  const from = events.length;
  expect(await accounts.update({ accountId: dave, port })).toMatchObject({ ok: true });
  const online = (e: EventMessage) =>
    e.event === 'account.changed' && e.payload.status === 'online';
  const connecting = (e: EventMessage) =>
    e.event === 'account.changed' && e.payload.status === 'connecting';
  await until(() => {
    const later = events.slice(from);
    const start = later.findIndex(connecting);
    return start >= 0 && later.slice(start).some(online) ? true : undefined;
  }, `dave online via port ${port}`);
}

function daveRoster(): Contact[] {
  const r = accounts.roster(dave);
  return r.ok ? r.value : [];
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hutong-contacts-'));
  accounts = createAccounts();
  const online = await accounts.signIn({
    jid: dave,
    password: server.users.dave!,
    host: server.host,
    port: server.c2sPort,
  });
  expect(online).toMatchObject({ ok: true, value: { status: 'online' } });
});

afterAll(async () => {
  await Promise.all(peers.map((p) => p.client.stop()));
  await accounts.dispose();
  storage.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('contacts', () => {
  it('adds a contact: a roster item with name and group, and a subscription request to them', async () => {
    const evePeer = await peer('eve');
    const added = await accounts.addContact(dave, eve, 'Eve', ['Friends']);
    expect(added).toEqual({ ok: true, value: null });
    await until(() => daveRoster().find((c) => c.jid === eve && c.pending), 'eve pending');
    expect(daveRoster().find((c) => c.jid === eve)).toMatchObject({
      name: 'Eve',
      groups: ['Friends'],
    });
    const request = await until(
      () => evePeer.stanzas.find((s) => s.is('presence') && s.attrs.type === 'subscribe'),
      'eve sees the request',
    );
    expect(String(request.attrs.from)).toBe(dave);

    // Eve approves and asks back; dave sees her request and accepts it.
    await evePeer.client.entity.send(xml('presence', { to: dave, type: 'subscribed' }));
    await evePeer.client.entity.send(xml('presence', { to: dave, type: 'subscribe' }));
    await until(() => accounts.requests().find((r) => r.jid === eve), 'request from eve');
    expect(events.some((e) => e.event === 'subscriptions.replaced')).toBe(true);
    expect(await accounts.answerSubscription(dave, 'EVE@localhost', true)).toEqual({
      ok: true,
      value: null,
    });
    expect(accounts.requests()).toEqual([]);
    await until(
      () => daveRoster().find((c) => c.jid === eve && c.subscription === 'both'),
      'mutual subscription',
    );
    await evePeer.client.entity.send(xml('presence', {}, xml('show', {}, 'chat')));
    await until(
      () => daveRoster().find((c) => c.jid === eve && c.presence.show === 'chat'),
      "eve's presence at dave",
    );
  });

  it('denies a request: the asker is told no and the request is gone', async () => {
    const carolPeer = await peer('carol');
    await carolPeer.client.entity.send(xml('presence', { to: dave, type: 'subscribe' }));
    await until(() => accounts.requests().find((r) => r.jid === carol), 'request from carol');
    await accounts.answerSubscription(dave, carol, false);
    expect(accounts.requests().find((r) => r.jid === carol)).toBeUndefined();
    await until(
      () => carolPeer.stanzas.find((s) => s.is('presence') && s.attrs.type === 'unsubscribed'),
      'carol told no',
    );
    expect(daveRoster().find((c) => c.jid === carol)?.subscription ?? 'none').not.toMatch(
      /from|both/,
    );
  });

  it('renames and regroups a contact', async () => {
    await accounts.updateContact(dave, eve, 'Evelyn', ['Work', 'Work', ' ']);
    await until(
      () => daveRoster().find((c) => c.jid === eve && c.name === 'Evelyn'),
      'renamed contact',
    );
    expect(daveRoster().find((c) => c.jid === eve)?.groups).toEqual(['Work']);
  });

  it('rejects a malformed contact address, and its own address, before any traffic', async () => {
    expect(await accounts.addContact(dave, 'not a jid@', 'x')).toMatchObject({
      ok: false,
      error: { code: 'invalid-jid' },
    });
    expect(await accounts.addContact(dave, dave)).toMatchObject({
      ok: false,
      error: { code: 'invalid-jid' },
    });
  });

  it('ignores a roster push forged by another user', async () => {
    const evePeer = peers[0]!;
    const bound = accounts.list().find((a) => a.accountId === dave)!.boundJid!;
    const before = daveRoster().map((c) => c.jid);
    await evePeer.client.entity.send(
      xml(
        'iq',
        { type: 'set', to: bound, id: 'forged-push' },
        xml('query', { xmlns: 'jabber:iq:roster' }, xml('item', { jid: 'mallory@evil.example' })),
      ),
    );
    // Stanzas from eve reach dave in order: once this presence is seen, the push was handled.
    await evePeer.client.entity.send(
      xml('presence', { to: bound }, xml('status', {}, 'after the push')),
    );
    await until(
      () => daveRoster().find((c) => c.jid === eve && c.presence.status === 'after the push'),
      'the presence sent after the push',
    );
    expect(daveRoster().map((c) => c.jid)).toEqual(before);
    // Exactly one answer, and it is a refusal (RFC 6120 §8.2.3: one reply per request). A ping
    // to dave answered afterwards travels the same ordered path, so a second reply would be in.
    const replies = () => evePeer.stanzas.filter((x) => x.is('iq') && x.attrs.id === 'forged-push');
    await until(() => (replies().length > 0 ? true : undefined), 'the answer to the push');
    await evePeer.client.iqCaller.request(
      xml('iq', { type: 'get', to: bound }, xml('ping', { xmlns: 'urn:xmpp:ping' })),
    );
    expect(replies().map((x) => x.attrs.type)).toEqual(['error']);
  });

  it('keeps the roster across a restart using its version', async () => {
    const version = storage.accounts.get(dave)?.rosterVersion;
    expect(version).toBeTruthy();
    await accounts.dispose();
    storage.close();
    accounts = createAccounts();
    expect(storage.accounts.get(dave)?.roster?.map((c) => c.jid)).toContain(eve);
    await accounts.start();
    await until(() => (accounts.list()[0]?.status === 'online' ? true : undefined), 'online');
    expect(daveRoster().find((c) => c.jid === eve)).toMatchObject({ name: 'Evelyn' });
  });

  it('ignores a roster push injected in plain text before STARTTLS completes', async () => {
    // Someone on the path answers first, before the server's <proceed/>: with a versioned
    // roster that the server then reports as current, a believed push would stay for good.
    let injected = false;
    const mitm = await startRelay(server.c2sPort, '127.0.0.1', (chunk, toClient) => {
      if (chunk.includes('<proceed')) {
        injected = true;
        toClient(
          "<iq type='set' id='evil'><query xmlns='jabber:iq:roster'>" +
            "<item jid='mallory@evil.example' name='Your Bank'/></query></iq>",
        );
      }
    });
    try {
      await reconnectVia(mitm.port);
      expect(injected).toBe(true);
      expect(mitm.connections()).toBe(1);
      expect(daveRoster().some((c) => c.jid === 'mallory@evil.example')).toBe(false);
      const stored = storage.accounts.get(dave)?.roster ?? [];
      expect(stored.some((c) => c.jid === 'mallory@evil.example')).toBe(false);
    } finally {
      await reconnectVia(server.c2sPort);
      await mitm.close();
    }
  });

  it('removes a contact', async () => {
    await accounts.removeContact(dave, eve);
    await until(() => (daveRoster().some((c) => c.jid === eve) ? undefined : true), 'eve removed');
    expect(storage.accounts.get(dave)?.roster?.some((c) => c.jid === eve)).toBe(false);
  });
});
