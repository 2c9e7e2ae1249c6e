// Service discovery against the real Prosody: the server's and the account's info, the server's
// items and its group-chat service, ad-hoc commands, an unknown entity's refusal, and entity
// capabilities (XEP-0115) announced by real clients in presence: shared when they verify, kept
// for the liar alone when they do not. oscar and peggy are this file's own users (globalSetup).
import { readFileSync } from 'node:fs';
import xml, { type Element } from '@xmpp/xml';
import { afterAll, describe, expect, it } from 'vitest';
import { capsHash, DiscoService, verificationString } from '../../electron/disco';
import { OWN_CAPS_NODE, OWN_CAPS_VER } from '../../electron/disco/ownInfo';
import { parseInfoRaw } from '../../electron/disco/parse';
import { AccountSession } from '../../electron/services/accountSession';
import type { SessionDeps } from '../../electron/services/sessionDeps';
import { createXmppClient, type XmppClient } from '../../electron/xmpp/client';
import { XmppError } from '../../electron/xmpp/errors';
import { discoverFeatures } from '../../electron/xmpp/features';
import { parseAccountJid } from '../../shared/jid';
import { NS } from '../../shared/namespaces';
import { until } from './accountsHelpers';
import { makeClient, server } from './xmpp/helpers';

const domain = server.domain;
const oscar = `oscar@${domain}`;
const NODE = 'https://hutong.example/tests';

/** A disco service over a real client, counting the IQs it sends. */
function discoOf(client: XmppClient, account: string) {
  const asked: { to: string; node?: string }[] = [];
  const disco = new DiscoService({
    account,
    now: Date.now,
    request: (payload, to, timeoutMs) => {
      asked.push({ to, ...(payload.attrs.node && { node: payload.attrs.node as string }) });
      return client.iqCaller.request(xml('iq', { type: 'get', to }, payload), timeoutMs);
    },
  });
  client.entity.on('stanza', (stanza: Element) => {
    if (stanza.is('presence')) disco.notePresence(stanza);
  });
  return { disco, asked };
}

const clientInfo = (features: readonly string[]) =>
  xml(
    'query',
    { xmlns: NS.discoInfo },
    xml('identity', { category: 'client', type: 'pc', name: 'Caps tester' }),
    ...features.map((name) => xml('feature', { var: name })),
  );
const verOf = (features: readonly string[]) =>
  capsHash('sha-1', verificationString(parseInfoRaw(clientInfo(features)))!)!;

/**
 * One of peggy's clients: answers disco#info with `features` (at any node) and lists one ad-hoc
 * command of its own, then sends `to` a directed presence announcing `ver`.
 */
async function peggy(resource: string, features: readonly string[], ver: string, to: string) {
  const client = makeClient('peggy', { resource });
  client.iqCallee.get(NS.discoInfo, 'query', () => clientInfo(features));
  client.iqCallee.get(NS.discoItems, 'query', ({ stanza }) =>
    stanza.getChild('query', NS.discoItems)?.attrs.node === NS.commands
      ? xml(
          'query',
          { xmlns: NS.discoItems, node: NS.commands },
          xml('item', { jid: `peggy@${domain}/${resource}`, node: 'status', name: 'Set status' }),
        )
      : xml('query', { xmlns: NS.discoItems }),
  );
  await client.start();
  await client.entity.send(
    xml('presence', { to }, xml('c', { xmlns: NS.caps, hash: 'sha-1', node: NODE, ver })),
  );
  return `peggy@${domain}/${resource}`;
}

describe('service discovery against Prosody', () => {
  it("reads the server's identity and features, and the account's archive", async () => {
    const client = makeClient('oscar');
    await client.start();
    const { disco, asked } = discoOf(client, oscar);

    const serverInfo = await disco.info(domain);
    expect(serverInfo.identities).toContainEqual(
      expect.objectContaining({ category: 'server', type: 'im' }),
    );
    expect(serverInfo.features).toEqual(
      expect.arrayContaining([NS.discoInfo, NS.discoItems, NS.carbons]),
    );
    const account = await disco.info(oscar);
    expect(account.identities).toContainEqual({ category: 'account', type: 'registered' });
    expect(account.features).toContain(NS.mam);

    // Feature discovery at sign-in goes through the same (cached) service: no new IQ.
    expect(await discoverFeatures(disco, oscar, client.streamManagement)).toEqual({
      server: serverInfo.features,
      account: account.features,
      streamManagement: true,
    });
    expect(asked).toEqual([{ to: domain }, { to: oscar }]);
  });

  it("lists the server's items and finds its group-chat service by identity", async () => {
    const client = makeClient('oscar');
    await client.start();
    const { disco } = discoOf(client, oscar);
    expect(await disco.items(domain)).toContainEqual(
      expect.objectContaining({ jid: `conference.${domain}` }),
    );
    expect(await disco.findService({ category: 'conference', type: 'text' })).toBe(
      `conference.${domain}`,
    );
    expect(await disco.has(`conference.${domain}`, NS.muc)).toBe(true);
  });

  it("lists an entity's ad-hoc commands, none where the entity has none", async () => {
    const client = makeClient('oscar');
    const { boundJid } = await client.start();
    const { disco } = discoOf(client, oscar);
    // The test server runs without mod_adhoc: it offers no commands, and says so.
    expect((await disco.info(domain)).features).not.toContain(NS.commands);
    expect(await disco.commands(domain)).toEqual([]);

    const entity = await peggy('commands', [NS.discoInfo, NS.commands], 'x', boundJid);
    expect(await disco.commands(entity)).toEqual([
      { jid: entity, node: 'status', name: 'Set status' },
    ]);
    // A client that does not do ad-hoc commands answers service-unavailable: none.
    expect(await disco.commands(boundJid)).toEqual([]);
  });

  it("refuses an unknown entity's info with a coded error, remembered briefly", async () => {
    const client = makeClient('oscar');
    await client.start();
    const { disco, asked } = discoOf(client, oscar);
    // No such account on the server.
    const nobody = await disco.info(`nobody@${domain}`).catch((e: unknown) => e);
    expect(nobody).toBeInstanceOf(XmppError);
    expect(nobody).toMatchObject({ code: 'not-supported', condition: 'service-unavailable' });
    expect(await disco.info(`nobody@${domain}`).catch((e: XmppError) => e.code)).toBe(
      'not-supported',
    );
    expect(asked).toHaveLength(1);
    // Another domain: the test server has server-to-server links disabled and says so.
    expect(await disco.info('nowhere.example').catch((e: unknown) => e)).toMatchObject({
      code: 'rejected-by-server',
      condition: 'not-allowed',
    });
    expect(await disco.has('nowhere.example', NS.discoInfo)).toBe(false);
    expect(asked).toHaveLength(2);
  });

  it('fails at once, coded, on an error reply without a condition', async () => {
    const client = makeClient('oscar', { resource: 'bare-error' });
    const { boundJid } = await client.start();
    const { disco } = discoOf(client, oscar);
    const errors: unknown[] = [];
    client.on('error', (error) => errors.push(error));
    const rude = makeClient('peggy', { resource: 'rude' });
    await rude.start();
    // The rude client answers disco with an <error/> without a condition, instead of what its
    // own stack would send. (Prosody drops an error reply with nothing in it at all.)
    const send = rude.entity.send.bind(rude.entity);
    rude.entity.send = async (el: Element) => {
      if (el.is('iq') && el.attrs.type === 'error') return;
      return send(el);
    };
    rude.entity.on('stanza', (el: Element) => {
      if (el.is('iq') && el.attrs.type === 'get')
        void send(xml('iq', { type: 'error', id: el.attrs.id, to: boundJid }, xml('error', {})));
    });
    const started = Date.now();
    const failure = await disco.info(`peggy@${domain}/rude`).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'rejected-by-server', condition: 'undefined-condition' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(errors).toEqual([]);
  });

  it('shares verified caps between clients and keeps a liar to itself', async () => {
    const client = makeClient('oscar', { resource: 'observer' });
    const { boundJid } = await client.start();
    const { disco, asked } = discoOf(client, oscar);
    const honest = [NS.discoInfo, NS.caps, NS.receipts];
    const other = [NS.discoInfo, NS.caps, NS.chatStates];

    const first = await peggy('one', honest, verOf(honest), boundJid);
    const second = await peggy('two', honest, verOf(honest), boundJid);
    // The liar announces the ver of `other` but answers with more features.
    const liar = await peggy('liar', [...other, 'urn:xmpp:jingle:1'], verOf(other), boundJid);
    const fourth = await peggy('four', other, verOf(other), boundJid);
    for (const jid of [first, second, liar, fourth])
      await until(() => disco.capsOf(jid), `caps of ${jid}`);

    expect((await disco.info(first)).features).toEqual(honest);
    expect(asked).toEqual([{ to: first, node: `${NODE}#${verOf(honest)}` }]);
    expect((await disco.info(second)).features).toEqual(honest);
    expect(asked).toHaveLength(1);

    expect((await disco.info(liar)).features).toContain('urn:xmpp:jingle:1');
    expect((await disco.info(fourth)).features).toEqual(other);
    expect(asked.map((q) => q.to)).toEqual([first, liar, fourth]);
  });
});

describe("an account session's disco", () => {
  let session: AccountSession | undefined;
  afterAll(async () => {
    await session?.dispose();
  });

  it('fills the features at sign-in and hears the caps of presence it receives', async () => {
    const deps: SessionDeps = {
      pins: {
        get: () => undefined,
        set: async () => {},
        replace: async () => {},
        change: () => undefined,
        seen: async () => {},
        remove: async () => {},
      },
      createClient: createXmppClient,
      ca: readFileSync(server.caPath, 'utf8'),
      now: Date.now,
      random: () => 0,
      changed: () => {},
      rosterEvents: () => ({ rosterChanged() {}, presenceChanged() {}, requestsChanged() {} }),
    };
    session = new AccountSession(
      parseAccountJid(oscar)!,
      { host: server.host, port: server.c2sPort, tls: 'starttls', proxy: { type: 'none' } },
      server.users.oscar!,
      { show: 'available' },
      false,
      deps,
    );
    const result = await session.connect();
    expect(result).toMatchObject({ ok: true, value: { status: 'online' } });
    expect(session.snapshot.features).toEqual({
      server: expect.arrayContaining([NS.carbons]),
      account: expect.arrayContaining([NS.mam]),
      streamManagement: true,
    });
    expect(session.snapshot.features?.server).not.toContain(NS.invisible);
    expect(await session.disco.findService({ category: 'conference' })).toBe(
      `conference.${domain}`,
    );

    const features = [NS.discoInfo, NS.caps, NS.correct];
    const sender = await peggy('session', features, verOf(features), session.snapshot.boundJid!);
    await until(() => session!.disco.capsOf(sender), 'caps heard by the session');
    expect((await session.disco.info(sender)).features).toEqual(features);
  });

  it('tells our own devices what Hutong supports, under a caps ver that verifies, and strangers nothing', async () => {
    const target = session!.snapshot.boundJid!;
    const ask = (client: XmppClient, node?: string) =>
      client.iqCaller.get(xml('query', { xmlns: NS.discoInfo, ...(node && { node }) }), target);
    const other = makeClient('oscar', { resource: 'other-device' });
    await other.start();
    const info = parseInfoRaw(await ask(other));
    expect(info.identities).toEqual([
      expect.objectContaining({ category: 'client', type: 'pc', name: 'Hutong' }),
    ]);
    expect(info.features).toEqual(expect.arrayContaining([NS.receipts, NS.correct, NS.chatStates]));
    expect(capsHash('sha-1', verificationString(info)!)).toBe(OWN_CAPS_VER);
    const atNode = await ask(other, `${OWN_CAPS_NODE}#${OWN_CAPS_VER}`);
    expect(parseInfoRaw(atNode).features).toEqual(info.features);
    await expect(ask(other, `${OWN_CAPS_NODE}#bogus`)).rejects.toMatchObject({
      condition: 'item-not-found',
    });
    await other.stop();

    const stranger = makeClient('peggy', { resource: 'stranger' });
    await stranger.start();
    await expect(ask(stranger)).rejects.toMatchObject({ condition: 'service-unavailable' });
    await stranger.stop();
  });
});
