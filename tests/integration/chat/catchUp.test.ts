// Archive catch-up newest first against the real Prosody (mod_mam, 50 results a page): the
// newest page is stored before anything older, everything in the window arrives once, what was
// received live is not paged through again, and an interrupted catch-up is finished by the next.
// heidi, judy and ken are this file's alone (globalSetup): their archives hold only what it sends.
import type { Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import type { EventMessage, Message } from '../../../shared/contract';
import { NS } from '../../../shared/namespaces';
import { ChatService } from '../../../electron/chat/chatService';
import type { Storage } from '../../../electron/storage';
import type { XmppClient } from '../../../electron/xmpp/client';
import {
  allMessages,
  bare,
  bodyOf,
  connect,
  device,
  FEATURES,
  online,
  openStore,
  Recorder,
  token,
  xml,
} from './helpers';

const IVAN = bare('ivan');
const LENA = bare('lena');

/** Sends `count` numbered messages from ivan to `user`'s bare JID; returns their bodies. */
async function sendMany(sender: XmppClient, user: string, count: number, label: string) {
  const prefix = token(label);
  const bodies = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);
  for (const body of bodies) {
    await sender.entity.send(
      xml('message', { to: bare(user), type: 'chat' }, xml('body', {}, body)),
    );
  }
  return bodies;
}

/** Sends each body from ivan with its own origin-id, as a client that may re-send does. */
async function sendWithIds(sender: XmppClient, user: string, bodies: readonly string[]) {
  for (const body of bodies) {
    await sender.entity.send(
      xml(
        'message',
        { to: bare(user), type: 'chat', id: `${body}-try` },
        xml('body', {}, body),
        xml('origin-id', { xmlns: NS.sid, id: body }),
      ),
    );
  }
}

/**
 * Another device of `user` that takes every message while the one under test is away, so that
 * only the archive can bring them (nothing waits in offline storage).
 */
async function phone(user: string) {
  const client = await connect(user, token('phone'));
  const got = new Set<string>();
  client.entity.on('stanza', (s: Element) => {
    const body = bodyOf(s);
    if (body) got.add(body);
  });
  await online(client);
  return {
    async received(bodies: readonly string[]) {
      const deadline = Date.now() + 20_000;
      while (!bodies.every((b) => got.has(b))) {
        if (Date.now() > deadline) throw new Error('the phone did not get every message');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

interface Session {
  readonly client: XmppClient;
  readonly chat: ChatService;
  readonly recorder: Recorder;
  /**
   * The MAM queries this session sent: their RSM `before` ('' for the newest page), after
   * `with <jid> ` for one conversation's.
   */
  readonly queries: string[];
  readonly detach: () => void;
}

/**
 * Signs `user` in on `storage`, counting archive queries; `onQuery` runs before each is sent
 * (and the query waits for the promise it may return).
 */
async function signIn(
  user: string,
  storage: Storage,
  onQuery?: (n: number, session: Session) => void | Promise<void>,
  /** The same app as an earlier session (a reconnection), not a restarted one. */
  same?: Pick<Session, 'chat' | 'recorder'>,
): Promise<Session> {
  const client = await connect(user);
  const recorder = same?.recorder ?? new Recorder();
  const chat = same?.chat ?? new ChatService({ store: storage.messages, emit: recorder.emit });
  const queries: string[] = [];
  const request = client.iqCaller.request.bind(client.iqCaller);
  let session: Session | undefined;
  client.iqCaller.request = (stanza: Element, timeout?: number) => {
    const query = stanza.getChild('query', NS.mam);
    const rsm = query?.getChild('set', NS.rsm);
    if (query && rsm) {
      const peer = query
        .getChild('x', NS.dataForms)
        ?.getChildren('field')
        .find((f) => f.attrs.var === 'with')
        ?.getChildText('value');
      queries.push(`${peer ? `with ${peer} ` : ''}${rsm.getChildText('before') ?? '-'}`);
      const hold = onQuery?.(queries.length, session!);
      if (hold) return hold.then(() => request(stanza, timeout));
    }
    return request(stanza, timeout);
  };
  const detach = chat.attach(bare(user), client, {
    boundJid: client.entity.jid!.toString(),
    features: FEATURES,
    resumed: false,
  });
  session = { client, chat, recorder, queries, detach };
  await online(client);
  return session;
}

type Upserted = Extract<EventMessage, { event: 'message.upserted' }>;
const upserted = (recorder: Recorder, bodies: readonly string[]) =>
  recorder.events.filter(
    (e): e is Upserted => e.event === 'message.upserted' && bodies.includes(e.payload.body),
  );
const progress = (recorder: Recorder) =>
  recorder.events.flatMap((e) => (e.event === 'archive.progress' ? [e.payload] : []));

function storedOnce(storage: Storage, user: string, bodies: readonly string[]): Message[] {
  const stored = allMessages(storage, bare(user), IVAN).filter((m) => bodies.includes(m.body));
  expect(stored.map((m) => m.body).sort()).toEqual([...bodies].sort());
  return stored;
}

describe('archive catch-up, newest first', () => {
  it('stores the newest page before anything older, and every message once', async () => {
    const ivan = await connect('ivan', token('writer'));
    const heidiPhone = await phone('heidi');
    const bodies = await sendMany(ivan, 'heidi', 260, 'away');
    await heidiPhone.received(bodies);

    const { storage } = openStore();
    const session = await signIn('heidi', storage);
    const newest = bodies.at(-1)!;
    await session.recorder.message((m) => m.body === newest);
    await session.chat.whenCaughtUp(bare('heidi'));

    const events = upserted(session.recorder, bodies);
    // The newest page (Prosody's 50) came first, as one page, newest message included.
    expect(new Set(events.slice(0, 50).map((e) => e.payload.body))).toEqual(
      new Set(bodies.slice(-50)),
    );
    expect(events).toHaveLength(260);
    const stored = storedOnce(storage, 'heidi', bodies);
    // First catch-up: the newest page is unread, older history is filed as read.
    const stateOf = (body: string) => stored.find((m) => m.body === body)?.state;
    expect([stateOf(newest), stateOf(bodies[210]!)]).toEqual(['received', 'received']);
    expect([stateOf(bodies[209]!), stateOf(bodies[0]!)]).toEqual(['read', 'read']);
    // Newest page, then four older pages (the last one says complete).
    expect(session.queries).toHaveLength(6);
    expect(session.queries[0]).toBe('');
    expect(storage.messages.archiveGaps(bare('heidi'), bare('heidi'))).toEqual([]);
    const phases = progress(session.recorder).map((p) => p.phase);
    expect([...new Set(phases)]).toEqual(['newest', 'older', 'done']);
    expect(progress(session.recorder).at(-1)).toMatchObject({ phase: 'done', fetched: 260 });
  });

  it('fetches an opened conversation’s newest page ahead of older history', async () => {
    const ivan = await connect('ivan', token('writer'));
    const lena = await connect('lena', token('writer'));
    const heidiPhone = await phone('heidi');
    // lena wrote long ago, ivan a lot since: her messages are far from the newest page.
    const hers = await sendMany(lena, 'heidi', 3, 'from-lena');
    const his = await sendMany(ivan, 'heidi', 150, 'from-ivan');
    await heidiPhone.received([...hers, ...his]);

    const { storage } = openStore();
    const session = await signIn('heidi', storage);
    await session.chat.whenSynced(bare('heidi'));
    const opened = session.chat.history({ accountId: bare('heidi'), peer: LENA });
    expect(opened.ok).toBe(true);
    await session.recorder.message((m) => m.body === hers.at(-1));
    await session.chat.whenCaughtUp(bare('heidi'));
    // Right after the newest page; then the walk goes on through everything older.
    expect(session.queries.slice(0, 2)).toEqual(['', `with ${LENA} `]);
    storedOnce(storage, 'heidi', his);
    const fromLena = allMessages(storage, bare('heidi'), LENA).map((m) => m.body);
    expect(fromLena.filter((body) => hers.includes(body))).toEqual(hers);
    expect(storage.messages.archiveGaps(bare('heidi'), bare('heidi'))).toEqual([]);
  });

  it('does not page again through messages received live', async () => {
    const ivan = await connect('ivan', token('writer'));
    const { storage } = openStore();
    const judy = await device('judy', { storage });
    const bodies = await sendMany(ivan, 'judy', 120, 'live');
    await judy.recorder.message((m) => m.body === bodies.at(-1));
    await judy.chat.whenCaughtUp(bare('judy'));
    storedOnce(storage, 'judy', bodies);
    judy.detach();
    await judy.client.stop();

    const again = await signIn('judy', storage);
    await again.chat.whenCaughtUp(bare('judy'));
    // One page: it holds messages stored already, so the catch-up is over.
    expect(again.queries).toEqual(['']);
    expect(progress(again.recorder).at(-1)).toMatchObject({ phase: 'done', fetched: 50 });
    expect(upserted(again.recorder, bodies)).toEqual([]);
    storedOnce(storage, 'judy', bodies);
  });

  it('fills a hole under the messages the new session received live before its first page', async () => {
    // The old session dies with messages unacknowledged; the server drops them since its archive
    // has them (Prosody does). Here the phone takes them instead: the archive alone brings them.
    const ivan = await connect('ivan', token('writer'));
    const { storage } = openStore();
    const first = await signIn('hana', storage);
    const before = await sendMany(ivan, 'hana', 30, 'before');
    await first.recorder.message((m) => m.body === before.at(-1));
    await first.chat.whenCaughtUp(bare('hana'));
    first.detach();
    await first.client.stop();
    const hanaPhone = await phone('hana');
    const hole = await sendMany(ivan, 'hana', 20, 'hole');
    await hanaPhone.received(hole);

    // More messages than the newest page holds arrive live before that page is asked for.
    let live: string[] = [];
    const again = await signIn('hana', storage, async (n, session) => {
      if (n !== 1) return;
      live = await sendMany(ivan, 'hana', 60, 'live');
      await session.recorder.message((m) => m.body === live.at(-1));
    });
    await again.chat.whenCaughtUp(bare('hana'));
    // Walked on past the live ones, filled the hole, and stopped at the old session's messages.
    storedOnce(storage, 'hana', [...before, ...hole, ...live]);
    expect(again.queries).toHaveLength(2);
  });

  it('fills a hole under an earlier session whose catch-up was cut off before its first page', async () => {
    const ivan = await connect('ivan', token('writer'));
    const { storage } = openStore();
    const first = await signIn('hedy', storage);
    const before = await sendMany(ivan, 'hedy', 30, 'before');
    await first.recorder.message((m) => m.body === before.at(-1));
    await first.chat.whenCaughtUp(bare('hedy'));
    first.detach();
    await first.client.stop();
    const hedyPhone = await phone('hedy');
    const hole = await sendMany(ivan, 'hedy', 20, 'hole');
    await hedyPhone.received(hole);

    // A new session gets more live messages than a page holds, then its connection is lost
    // before its first archive query goes out: no page stored, so no gap left behind.
    let live: string[] = [];
    const second = await signIn(
      'hedy',
      storage,
      async (n, session) => {
        if (n !== 1) return;
        live = await sendMany(ivan, 'hedy', 60, 'live');
        await session.recorder.message((m) => m.body === live.at(-1));
        session.detach();
        await session.client.stop();
      },
      first,
    );
    await second.chat.whenCaughtUp(bare('hedy'));
    expect(storage.messages.archiveGaps(bare('hedy'), bare('hedy'))).toEqual([]);

    // The next session of the same app meets the earlier session's live messages first: they
    // prove nothing about what lies under them, so it walks on through the hole.
    const third = await signIn('hedy', storage, undefined, second);
    await third.chat.whenCaughtUp(bare('hedy'));
    storedOnce(storage, 'hedy', [...before, ...hole, ...live]);
    expect(third.queries).toHaveLength(2);
  });

  it('walks past messages re-sent after a lost session, which the archive holds twice', async () => {
    const ivan = await connect('ivan', token('writer'));
    const { storage } = openStore();
    const first = await signIn('hilde', storage);
    const prefix = token('before');
    const before = Array.from({ length: 60 }, (_, i) => `${prefix}-${i}`);
    await sendWithIds(ivan, 'hilde', before);
    await first.recorder.message((m) => m.body === before.at(-1));
    await first.chat.whenCaughtUp(bare('hilde'));
    first.detach();
    await first.client.stop();
    const hildePhone = await phone('hilde');
    const hole = await sendMany(ivan, 'hilde', 20, 'hole');
    await hildePhone.received(hole);
    // The sender lost its session and sends again what it could not know arrived: the archive
    // now has a second, newer copy of each, above the hole.
    await sendWithIds(ivan, 'hilde', before);
    await hildePhone.received(before);

    // A newest page of copies of stored messages is no sign that the catch-up is over.
    const again = await signIn('hilde', storage);
    await again.chat.whenCaughtUp(bare('hilde'));
    storedOnce(storage, 'hilde', [...before, ...hole]);
    expect(again.queries).toHaveLength(2);
  });

  it('walks past our own messages, which it cannot place in the archive', async () => {
    const ivan = await connect('ivan', token('writer'));
    const { storage } = openStore();
    const first = await signIn('holly', storage);
    const before = await sendMany(ivan, 'holly', 30, 'before');
    await first.recorder.message((m) => m.body === before.at(-1));
    await first.chat.whenCaughtUp(bare('holly'));
    first.detach();
    await first.client.stop();
    const hollyPhone = await phone('holly');
    const hole = await sendMany(ivan, 'holly', 20, 'hole');
    await hollyPhone.received(hole);

    // Back, she writes more than a page before the catch-up's first query, which never goes:
    // the app quits. Her messages are stored as sent, with no archive id, above the hole.
    const prefix = token('mine');
    const mine = Array.from({ length: 60 }, (_, i) => `${prefix}-${i}`);
    await signIn('holly', storage, async (n, session) => {
      if (n !== 1) return;
      for (const body of mine) session.chat.send({ accountId: bare('holly'), peer: IVAN, body });
      await session.recorder.message((m) => m.body === mine.at(-1) && m.state !== 'pending');
      session.detach();
      await session.client.stop();
    });

    // Started again (nothing remembered of that session): a page of her own messages is no
    // sign of having reached what was stored before.
    const again = await signIn('holly', storage);
    await again.chat.whenCaughtUp(bare('holly'));
    storedOnce(storage, 'holly', [...before, ...hole, ...mine]);
    expect(again.queries).toHaveLength(2);
  });

  it('does not walk again where an earlier session of the same app walked', async () => {
    const ivan = await connect('ivan', token('writer'));
    const hughPhone = await phone('hugh');
    const old = await sendMany(ivan, 'hugh', 200, 'old');
    await hughPhone.received(old);

    // More live messages than a page holds arrive before the first query; the walk goes one
    // page further, then the connection is lost while the third query waits.
    const { storage } = openStore();
    let live: string[] = [];
    const first = await signIn('hugh', storage, async (n, session) => {
      if (n === 1) {
        live = await sendMany(ivan, 'hugh', 60, 'live');
        await session.recorder.message((m) => m.body === live.at(-1));
      }
      if (n === 3) {
        session.detach();
        await session.client.stop();
      }
    });
    await first.chat.whenCaughtUp(bare('hugh'));
    const [gap] = storage.messages.archiveGaps(bare('hugh'), bare('hugh'));
    expect(gap).toBeDefined();

    // Still owed, so the first session's live messages prove nothing... except where that
    // session's walk already went: the next one stops there and takes up the gap.
    const second = await signIn('hugh', storage, undefined, first);
    await second.chat.whenCaughtUp(bare('hugh'));
    expect(second.queries.slice(0, 2)).toEqual(['', gap!.before]);
    storedOnce(storage, 'hugh', [...old, ...live]);
  });

  it('finishes an interrupted catch-up at the next sign-in, after its own newest page', async () => {
    const ivan = await connect('ivan', token('writer'));
    const kenPhone = await phone('ken');
    const old = await sendMany(ivan, 'ken', 260, 'before-quit');
    await kenPhone.received(old);

    // Quits while the third page (the second older one) is on its way.
    const { storage } = openStore();
    const first = await signIn('ken', storage, (n, session) => {
      if (n === 3) session.detach();
    });
    await first.recorder.waitFor(
      (e) => e.event === 'archive.progress' && e.payload.phase === 'failed',
      'the interrupted catch-up',
    );
    const gaps = storage.messages.archiveGaps(bare('ken'), bare('ken'));
    expect(gaps).toHaveLength(1);
    expect(allMessages(storage, bare('ken'), IVAN)).toHaveLength(100);
    await first.client.stop();

    const fresh = await sendMany(ivan, 'ken', 5, 'while-away');
    await kenPhone.received(fresh);
    const second = await signIn('ken', storage);
    await second.chat.whenCaughtUp(bare('ken'));
    // Its own newest page first (it meets stored history), then the gap the first one left.
    expect(second.queries.slice(0, 2)).toEqual(['', gaps[0]!.before]);
    const stored = storedOnce(storage, 'ken', [...old, ...fresh]);
    expect(storage.messages.archiveGaps(bare('ken'), bare('ken'))).toEqual([]);
    const stateOf = (body: string) => stored.find((m) => m.body === body)?.state;
    expect(fresh.map(stateOf)).toEqual(fresh.map(() => 'received'));
    expect(stateOf(old[0]!)).toBe('read');
  });
});
