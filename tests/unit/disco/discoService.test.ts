// The disco service over a fake network of entities: caching with expiry, one IQ for concurrent
// asks, refusals remembered briefly, bounded caches, commands, service lookup by identity, and
// coded errors for everything that fails.
import type { Element } from '@xmpp/xml';
import { beforeEach, describe, expect, it } from 'vitest';
import { DISCO_CACHE_LIMITS, DISCO_TTL_MS } from '../../../electron/disco';
import { XmppError } from '../../../electron/xmpp/errors';
import {
  ACCOUNT,
  codeOf,
  fakeNetwork,
  info,
  items,
  NS_COMMANDS,
  NS_INFO,
  NS_ITEMS,
  type FakeNetwork,
} from './fakeNetwork';

let net: FakeNetwork;
beforeEach(() => {
  net = fakeNetwork();
});

describe('info and items', () => {
  it('asks once, then answers from the cache until the answer expires', async () => {
    net.serves('localhost', () =>
      info(['urn:xmpp:carbons:2'], [{ category: 'server', type: 'im' }]),
    );
    const first = await net.disco.info('localhost');
    expect(first).toEqual({
      identities: [{ category: 'server', type: 'im' }],
      features: ['urn:xmpp:carbons:2'],
      forms: [],
    });
    expect(await net.disco.info('LOCALHOST')).toEqual(first);
    expect(net.asked).toEqual([{ to: 'localhost', ns: NS_INFO, node: undefined }]);

    net.now += DISCO_TTL_MS.info - 1;
    await net.disco.info('localhost');
    expect(net.asked).toHaveLength(1);
    net.now += 1;
    await net.disco.info('localhost');
    expect(net.asked).toHaveLength(2);
    await net.disco.info('localhost', undefined, { fresh: true });
    expect(net.asked).toHaveLength(3);
  });

  it('shares one IQ between concurrent asks for the same entity and node', async () => {
    let answer!: (el: Element) => void;
    net.serves('conference.localhost', (node) =>
      node ? 'item-not-found' : new Promise<Element>((resolve) => (answer = resolve)),
    );
    const asks = [net.disco.info('conference.localhost'), net.disco.info('conference.localhost')];
    const other = net.disco.info('conference.localhost', 'room-list');
    await Promise.resolve();
    answer(info(['http://jabber.org/protocol/muc']));
    const [a, b] = await Promise.all(asks);
    expect(a).toBe(b);
    expect(net.asked.filter((q) => q.node === undefined)).toHaveLength(1);
    // Another node of the same entity is another question.
    expect(await codeOf(other)).toBe('not-found');
    expect(net.asked).toHaveLength(2);
  });

  it('reads items of an entity and of a node', async () => {
    net.serves('pubsub.localhost', (node) =>
      node === 'blogs' ? items({ jid: 'pubsub.localhost', node: 'blog1' }) : items(),
    );
    expect(await net.disco.items('pubsub.localhost', 'blogs')).toEqual([
      { jid: 'pubsub.localhost', node: 'blog1' },
    ]);
    expect(net.asked).toEqual([{ to: 'pubsub.localhost', ns: NS_ITEMS, node: 'blogs' }]);
  });

  it('remembers a refusal briefly, as a coded error with its condition', async () => {
    const failure = await net.disco.info('nowhere.example').catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'not-found', condition: 'remote-server-not-found' });
    expect(await codeOf(net.disco.info('nowhere.example'))).toBe('not-found');
    expect(net.asked).toHaveLength(1);
    net.now += DISCO_TTL_MS.error;
    expect(await codeOf(net.disco.info('nowhere.example'))).toBe('not-found');
    expect(net.asked).toHaveLength(2);

    net.serves('bob@localhost/phone', () => 'service-unavailable');
    expect(await codeOf(net.disco.info('bob@localhost/phone'))).toBe('not-supported');
    net.serves('secret.localhost', () => 'forbidden');
    expect(await codeOf(net.disco.info('secret.localhost'))).toBe('rejected-by-server');
  });

  it('does not remember timeouts or a lost connection', async () => {
    let fail: unknown = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    net.serves('slow.localhost', () => {
      throw fail;
    });
    expect(await codeOf(net.disco.info('slow.localhost'))).toBe('timeout');
    fail = new XmppError('not-signed-in', 'not connected');
    expect(await codeOf(net.disco.info('slow.localhost'))).toBe('not-signed-in');
    net.serves('slow.localhost', () => info(['urn:x']));
    expect((await net.disco.info('slow.localhost')).features).toEqual(['urn:x']);
    expect(net.asked).toHaveLength(3);
  });

  it('refuses invalid JIDs and nodes with coded errors, without asking', async () => {
    expect(await codeOf(net.disco.info('not a jid@@'))).toBe('invalid-jid');
    expect(await codeOf(net.disco.items(''))).toBe('invalid-jid');
    expect(await codeOf(net.disco.info('localhost', ''))).toBe('invalid-params');
    expect(await codeOf(net.disco.info('localhost', 'n'.repeat(600)))).toBe('invalid-params');
    expect(net.asked).toEqual([]);
  });

  it('refuses an answer from another entity than the one asked', async () => {
    net.serves('conference.localhost', () => info(['urn:forged']));
    net.replyFrom = () => 'mallory@evil.example/x';
    expect(await codeOf(net.disco.info('conference.localhost'))).toBe('rejected-by-server');
    net.replyFrom = () => undefined;
    expect(await codeOf(net.disco.info('conference.localhost'))).toBe('rejected-by-server');
    // Our own account answers in its own name, with or without 'from'.
    net.serves(ACCOUNT, () => info(['urn:xmpp:mam:2']));
    expect((await net.disco.info(ACCOUNT)).features).toEqual(['urn:xmpp:mam:2']);
  });

  it('keeps a bounded number of answers, dropping the least recently used', async () => {
    for (let i = 0; i <= DISCO_CACHE_LIMITS.entries; i += 1) {
      net.serves(`s${i}.localhost`, () => info([]));
      await net.disco.info(`s${i}.localhost`);
    }
    const count = net.asked.length;
    await net.disco.info(`s${DISCO_CACHE_LIMITS.entries}.localhost`);
    expect(net.asked).toHaveLength(count);
    await net.disco.info('s0.localhost');
    expect(net.asked).toHaveLength(count + 1);
  });

  it('has() says whether a feature is listed, false when the entity cannot be asked', async () => {
    net.serves('localhost', () => info(['urn:xmpp:carbons:2']));
    expect(await net.disco.has('localhost', 'urn:xmpp:carbons:2')).toBe(true);
    expect(await net.disco.has('localhost', 'urn:xmpp:invisible:0')).toBe(false);
    expect(await net.disco.has('gone.localhost', 'urn:xmpp:carbons:2')).toBe(false);
    expect(await net.disco.has('bad jid@@', 'urn:xmpp:carbons:2')).toBe(false);
  });

  it('forget() and reset() make it ask again', async () => {
    net.serves('room@conference.localhost', () => info(['muc_open']));
    await net.disco.info('room@conference.localhost');
    net.disco.forget('room@conference.localhost');
    await net.disco.info('room@conference.localhost');
    net.disco.reset();
    await net.disco.info('room@conference.localhost');
    expect(net.asked).toHaveLength(3);
  });
});

describe('commands (XEP-0050)', () => {
  it('lists the commands the entity itself runs', async () => {
    net.serves('localhost', (node) =>
      node === NS_COMMANDS
        ? items(
            {
              jid: 'localhost',
              node: 'http://jabber.org/protocol/admin#get-online-users',
              name: 'Online',
            },
            { jid: 'localhost', node: 'ping' },
            { jid: 'localhost', name: 'no node' },
            // Another JID's command: what a user types would go to someone they never chose.
            { jid: 'collector.evil.example', node: 'register', name: 'Register your group' },
          )
        : 'item-not-found',
    );
    expect(await net.disco.commands('localhost')).toEqual([
      {
        jid: 'localhost',
        node: 'http://jabber.org/protocol/admin#get-online-users',
        name: 'Online',
      },
      { jid: 'localhost', node: 'ping' },
    ]);
    expect(net.asked).toEqual([{ to: 'localhost', ns: NS_ITEMS, node: NS_COMMANDS }]);
  });

  it('an entity without ad-hoc commands offers none; other failures stay errors', async () => {
    net.serves('bob@localhost/phone', () => 'service-unavailable');
    expect(await net.disco.commands('bob@localhost/phone')).toEqual([]);
    net.serves('carol@localhost/pc', () => 'item-not-found');
    expect(await net.disco.commands('carol@localhost/pc')).toEqual([]);
    net.serves('secret.localhost', () => 'forbidden');
    expect(await codeOf(net.disco.commands('secret.localhost'))).toBe('rejected-by-server');
  });
});

describe('findService', () => {
  beforeEach(() => {
    net.serves('localhost', () =>
      items(
        { jid: 'upload.localhost' },
        { jid: 'conference.localhost', name: 'Chatrooms' },
        { jid: 'broken.localhost' },
      ),
    );
    net.serves('upload.localhost', () => info([], [{ category: 'store', type: 'file' }]));
    net.serves('conference.localhost', () =>
      info(['http://jabber.org/protocol/muc'], [{ category: 'conference', type: 'text' }]),
    );
    net.serves('broken.localhost', () => 'internal-server-error');
  });

  it("finds the server's group-chat service by its identity", async () => {
    expect(await net.disco.findService({ category: 'conference', type: 'text' })).toBe(
      'conference.localhost',
    );
    const found = await net.disco.findServices({ category: 'store' });
    expect(found.map((s) => s.jid)).toEqual(['upload.localhost']);
    expect(await net.disco.findService({ category: 'conference', type: 'irc' })).toBeUndefined();
  });

  it('finds nothing on a server that lists no items', async () => {
    net.serves('localhost', () => 'feature-not-implemented');
    expect(await net.disco.findServices({ category: 'conference' })).toEqual([]);
  });
});
