// The disco service over a fake network of entities: caching with expiry, one IQ for concurrent
// asks, refusals remembered briefly, bounded caches, entity capabilities shared only when they
// verify, commands, service lookup by identity, and coded errors for everything that fails.
import StanzaError from '@xmpp/middleware/lib/StanzaError.js';
import xml, { type Element } from '@xmpp/xml';
import { beforeEach, describe, expect, it } from 'vitest';
import { capsHash, verificationString } from '../../../electron/disco/caps';
import { DISCO_CACHE_LIMITS, DISCO_TTL_MS, DiscoService } from '../../../electron/disco';
import { parseInfoRaw } from '../../../electron/disco/parse';
import { XmppError } from '../../../electron/xmpp/errors';

const NS_INFO = 'http://jabber.org/protocol/disco#info';
const NS_ITEMS = 'http://jabber.org/protocol/disco#items';
const NS_CAPS = 'http://jabber.org/protocol/caps';
const NS_COMMANDS = 'http://jabber.org/protocol/commands';
const ACCOUNT = 'alice@localhost';

interface Asked {
  readonly to: string;
  readonly ns: string;
  readonly node: string | undefined;
}
/** What an entity answers: a query element, or a stanza error condition. */
type Answer = (
  node: string | undefined,
  ns: string,
) => Element | string | Promise<Element | string>;

let now: number;
let asked: Asked[];
let entities: Map<string, Answer>;
/** The `from` a reply carries; by default the JID asked. */
let replyFrom: (to: string) => string | undefined;
let disco: DiscoService;

function stanzaError(condition: string): StanzaError {
  return StanzaError.fromElement(
    xml(
      'error',
      { type: 'cancel' },
      xml(condition, { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }),
    ),
  );
}

beforeEach(() => {
  now = 1_000_000;
  asked = [];
  entities = new Map();
  replyFrom = (to) => to;
  disco = new DiscoService({
    account: ACCOUNT,
    now: () => now,
    request: async (payload, to) => {
      const ns = payload.attrs.xmlns as string;
      const node = payload.attrs.node as string | undefined;
      asked.push({ to, ns, node });
      const answer = entities.get(to);
      const reply = answer ? await answer(node, ns) : 'remote-server-not-found';
      if (typeof reply === 'string') throw stanzaError(reply);
      const from = replyFrom(to);
      return xml('iq', { type: 'result', id: 'x', ...(from !== undefined && { from }) }, reply);
    },
  });
});

const info = (features: string[], identities: Record<string, string>[] = []) =>
  xml(
    'query',
    { xmlns: NS_INFO },
    ...identities.map((attrs) => xml('identity', attrs)),
    ...features.map((name) => xml('feature', { var: name })),
  );
const items = (...list: Record<string, string>[]) =>
  xml('query', { xmlns: NS_ITEMS }, ...list.map((attrs) => xml('item', attrs)));
const serves = (jid: string, answer: Answer) => entities.set(jid, answer);
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof XmppError ? error.code : `uncoded ${String(error)}`),
  );

describe('info and items', () => {
  it('asks once, then answers from the cache until the answer expires', async () => {
    serves('localhost', () => info(['urn:xmpp:carbons:2'], [{ category: 'server', type: 'im' }]));
    const first = await disco.info('localhost');
    expect(first).toEqual({
      identities: [{ category: 'server', type: 'im' }],
      features: ['urn:xmpp:carbons:2'],
      forms: [],
    });
    expect(await disco.info('LOCALHOST')).toEqual(first);
    expect(asked).toEqual([{ to: 'localhost', ns: NS_INFO, node: undefined }]);

    now += DISCO_TTL_MS.info - 1;
    await disco.info('localhost');
    expect(asked).toHaveLength(1);
    now += 1;
    await disco.info('localhost');
    expect(asked).toHaveLength(2);
    await disco.info('localhost', undefined, { fresh: true });
    expect(asked).toHaveLength(3);
  });

  it('shares one IQ between concurrent asks for the same entity and node', async () => {
    let answer!: (el: Element) => void;
    serves('conference.localhost', (node) =>
      node ? 'item-not-found' : new Promise<Element>((resolve) => (answer = resolve)),
    );
    const asks = [disco.info('conference.localhost'), disco.info('conference.localhost')];
    const other = disco.info('conference.localhost', 'room-list');
    await Promise.resolve();
    answer(info(['http://jabber.org/protocol/muc']));
    const [a, b] = await Promise.all(asks);
    expect(a).toBe(b);
    expect(asked.filter((q) => q.node === undefined)).toHaveLength(1);
    // Another node of the same entity is another question.
    expect(await codeOf(other)).toBe('not-found');
    expect(asked).toHaveLength(2);
  });

  it('reads items of an entity and of a node', async () => {
    serves('pubsub.localhost', (node) =>
      node === 'blogs' ? items({ jid: 'pubsub.localhost', node: 'blog1' }) : items(),
    );
    expect(await disco.items('pubsub.localhost', 'blogs')).toEqual([
      { jid: 'pubsub.localhost', node: 'blog1' },
    ]);
    expect(asked).toEqual([{ to: 'pubsub.localhost', ns: NS_ITEMS, node: 'blogs' }]);
  });

  it('remembers a refusal briefly, as a coded error with its condition', async () => {
    const failure = await disco.info('nowhere.example').catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'not-found', condition: 'remote-server-not-found' });
    expect(await codeOf(disco.info('nowhere.example'))).toBe('not-found');
    expect(asked).toHaveLength(1);
    now += DISCO_TTL_MS.error;
    expect(await codeOf(disco.info('nowhere.example'))).toBe('not-found');
    expect(asked).toHaveLength(2);

    serves('bob@localhost/phone', () => 'service-unavailable');
    expect(await codeOf(disco.info('bob@localhost/phone'))).toBe('not-supported');
    serves('secret.localhost', () => 'forbidden');
    expect(await codeOf(disco.info('secret.localhost'))).toBe('rejected-by-server');
  });

  it('does not remember timeouts or a lost connection', async () => {
    let fail: unknown = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    serves('slow.localhost', () => {
      throw fail;
    });
    expect(await codeOf(disco.info('slow.localhost'))).toBe('timeout');
    fail = new XmppError('not-signed-in', 'not connected');
    expect(await codeOf(disco.info('slow.localhost'))).toBe('not-signed-in');
    serves('slow.localhost', () => info(['urn:x']));
    expect((await disco.info('slow.localhost')).features).toEqual(['urn:x']);
    expect(asked).toHaveLength(3);
  });

  it('refuses invalid JIDs and nodes with coded errors, without asking', async () => {
    expect(await codeOf(disco.info('not a jid@@'))).toBe('invalid-jid');
    expect(await codeOf(disco.items(''))).toBe('invalid-jid');
    expect(await codeOf(disco.info('localhost', ''))).toBe('invalid-params');
    expect(await codeOf(disco.info('localhost', 'n'.repeat(600)))).toBe('invalid-params');
    expect(asked).toEqual([]);
  });

  it('refuses an answer from another entity than the one asked', async () => {
    serves('conference.localhost', () => info(['urn:forged']));
    replyFrom = () => 'mallory@evil.example/x';
    expect(await codeOf(disco.info('conference.localhost'))).toBe('rejected-by-server');
    replyFrom = () => undefined;
    expect(await codeOf(disco.info('conference.localhost'))).toBe('rejected-by-server');
    // Our own account answers in its own name, with or without 'from'.
    serves(ACCOUNT, () => info(['urn:xmpp:mam:2']));
    expect((await disco.info(ACCOUNT)).features).toEqual(['urn:xmpp:mam:2']);
  });

  it('keeps a bounded number of answers, dropping the least recently used', async () => {
    for (let i = 0; i <= DISCO_CACHE_LIMITS.entries; i += 1) {
      serves(`s${i}.localhost`, () => info([]));
      await disco.info(`s${i}.localhost`);
    }
    const count = asked.length;
    await disco.info(`s${DISCO_CACHE_LIMITS.entries}.localhost`);
    expect(asked).toHaveLength(count);
    await disco.info('s0.localhost');
    expect(asked).toHaveLength(count + 1);
  });

  it('has() says whether a feature is listed, false when the entity cannot be asked', async () => {
    serves('localhost', () => info(['urn:xmpp:carbons:2']));
    expect(await disco.has('localhost', 'urn:xmpp:carbons:2')).toBe(true);
    expect(await disco.has('localhost', 'urn:xmpp:invisible:0')).toBe(false);
    expect(await disco.has('gone.localhost', 'urn:xmpp:carbons:2')).toBe(false);
    expect(await disco.has('bad jid@@', 'urn:xmpp:carbons:2')).toBe(false);
  });

  it('forget() and reset() make it ask again', async () => {
    serves('room@conference.localhost', () => info(['muc_open']));
    await disco.info('room@conference.localhost');
    disco.forget('room@conference.localhost');
    await disco.info('room@conference.localhost');
    disco.reset();
    await disco.info('room@conference.localhost');
    expect(asked).toHaveLength(3);
  });
});

describe('commands (XEP-0050)', () => {
  it('lists the commands the entity itself runs', async () => {
    serves('localhost', (node) =>
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
    expect(await disco.commands('localhost')).toEqual([
      {
        jid: 'localhost',
        node: 'http://jabber.org/protocol/admin#get-online-users',
        name: 'Online',
      },
      { jid: 'localhost', node: 'ping' },
    ]);
    expect(asked).toEqual([{ to: 'localhost', ns: NS_ITEMS, node: NS_COMMANDS }]);
  });

  it('an entity without ad-hoc commands offers none; other failures stay errors', async () => {
    serves('bob@localhost/phone', () => 'service-unavailable');
    expect(await disco.commands('bob@localhost/phone')).toEqual([]);
    serves('carol@localhost/pc', () => 'item-not-found');
    expect(await disco.commands('carol@localhost/pc')).toEqual([]);
    serves('secret.localhost', () => 'forbidden');
    expect(await codeOf(disco.commands('secret.localhost'))).toBe('rejected-by-server');
  });
});

describe('findService', () => {
  beforeEach(() => {
    serves('localhost', () =>
      items(
        { jid: 'upload.localhost' },
        { jid: 'conference.localhost', name: 'Chatrooms' },
        { jid: 'broken.localhost' },
      ),
    );
    serves('upload.localhost', () => info([], [{ category: 'store', type: 'file' }]));
    serves('conference.localhost', () =>
      info(['http://jabber.org/protocol/muc'], [{ category: 'conference', type: 'text' }]),
    );
    serves('broken.localhost', () => 'internal-server-error');
  });

  it("finds the server's group-chat service by its identity", async () => {
    expect(await disco.findService({ category: 'conference', type: 'text' })).toBe(
      'conference.localhost',
    );
    const found = await disco.findServices({ category: 'store' });
    expect(found.map((s) => s.jid)).toEqual(['upload.localhost']);
    expect(await disco.findService({ category: 'conference', type: 'irc' })).toBeUndefined();
  });

  it('finds nothing on a server that lists no items', async () => {
    serves('localhost', () => 'feature-not-implemented');
    expect(await disco.findServices({ category: 'conference' })).toEqual([]);
  });
});

describe('entity capabilities (XEP-0115)', () => {
  const clientInfo = (features: string[]) =>
    info(features, [{ category: 'client', type: 'pc', name: 'Tester' }]);
  const verOf = (features: string[]) =>
    capsHash('sha-1', verificationString(parseInfoRaw(clientInfo(features)))!)!;
  const presence = (from: string, ver: string, node = 'https://hutong.example') =>
    xml('presence', { from }, xml('c', { xmlns: NS_CAPS, hash: 'sha-1', node, ver }));
  const FEATURES = [NS_INFO, 'urn:xmpp:receipts'];

  it('asks one entity at node#ver and shares the verified answer with every entity', async () => {
    const ver = verOf(FEATURES);
    serves('bob@localhost/phone', () => clientInfo(FEATURES));
    disco.notePresence(presence('bob@localhost/phone', ver));
    disco.notePresence(presence('carol@localhost/pc', ver, 'https://other.example'));
    expect((await disco.info('bob@localhost/phone')).features).toEqual(FEATURES);
    expect(asked).toEqual([
      { to: 'bob@localhost/phone', ns: NS_INFO, node: `https://hutong.example#${ver}` },
    ]);
    expect((await disco.info('carol@localhost/pc')).features).toEqual(FEATURES);
    expect(asked).toHaveLength(1);
    expect(disco.capsOf('carol@localhost/pc')).toEqual({
      hash: 'sha-1',
      node: 'https://other.example',
      ver,
    });
  });

  it('keeps a lying answer for the liar alone', async () => {
    const ver = verOf(FEATURES);
    // Mallory announces the ver of an honest client but answers with other features.
    serves('mallory@evil.example/x', () => clientInfo([...FEATURES, 'urn:xmpp:jingle:1']));
    disco.notePresence(presence('mallory@evil.example/x', ver));
    expect((await disco.info('mallory@evil.example/x')).features).toContain('urn:xmpp:jingle:1');
    serves('bob@localhost/phone', () => clientInfo(FEATURES));
    disco.notePresence(presence('bob@localhost/phone', ver));
    expect((await disco.info('bob@localhost/phone')).features).toEqual(FEATURES);
    expect(asked.map((q) => q.to)).toEqual(['mallory@evil.example/x', 'bob@localhost/phone']);
  });

  it('entities announcing a ver being asked wait for that answer instead of asking', async () => {
    const ver = verOf(FEATURES);
    let answer!: (el: Element) => void;
    serves('bob@localhost/phone', () => new Promise<Element>((resolve) => (answer = resolve)));
    disco.notePresence(presence('bob@localhost/phone', ver));
    disco.notePresence(presence('carol@localhost/pc', ver));
    const both = Promise.all([disco.info('bob@localhost/phone'), disco.info('carol@localhost/pc')]);
    await Promise.resolve();
    answer(clientInfo(FEATURES));
    const [bob, carol] = await both;
    expect(carol).toEqual(bob);
    expect(asked).toHaveLength(1);
  });

  it('asks again when an entity announces new caps, forgets them when it leaves', async () => {
    let features = FEATURES;
    serves('bob@localhost/phone', () => clientInfo(features));
    disco.notePresence(presence('bob@localhost/phone', verOf(features)));
    await disco.info('bob@localhost/phone');
    features = [...FEATURES, 'urn:xmpp:jingle:1'];
    disco.notePresence(presence('bob@localhost/phone', verOf(features)));
    expect((await disco.info('bob@localhost/phone')).features).toEqual(features);
    expect(asked).toHaveLength(2);

    disco.notePresence(xml('presence', { from: 'bob@localhost/phone', type: 'unavailable' }));
    expect(disco.capsOf('bob@localhost/phone')).toBeUndefined();
    // Other presence types and stanzas without a sender say nothing about caps.
    disco.notePresence(presence('bob@localhost/phone', verOf(FEATURES)));
    disco.notePresence(xml('presence', { from: 'bob@localhost/phone', type: 'subscribe' }));
    disco.notePresence(xml('presence', {}, xml('c', { xmlns: NS_CAPS })));
    expect(disco.capsOf('bob@localhost/phone')?.ver).toBe(verOf(FEATURES));
  });

  it('keeps verified answers across a new session; entities announce their caps again', async () => {
    const ver = verOf(FEATURES);
    serves('bob@localhost/phone', () => clientInfo(FEATURES));
    disco.notePresence(presence('bob@localhost/phone', ver));
    await disco.info('bob@localhost/phone');
    disco.reset();
    expect(disco.capsOf('bob@localhost/phone')).toBeUndefined();
    disco.notePresence(presence('carol@localhost/pc', ver));
    expect((await disco.info('carol@localhost/pc')).features).toEqual(FEATURES);
    expect(asked).toHaveLength(1);
  });
});
