// Shared by the archive catch-up tests (catchUp.test.ts, catchUpHoles.test.ts): ivan writes,
// a phone takes what the device under test must get from the archive alone, and signIn counts
// and can hold the MAM queries of a session of the device under test.
import type { Element } from '@xmpp/xml';
import { expect } from 'vitest';
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
  FEATURES,
  online,
  openStore,
  Recorder,
  token,
  xml,
} from './helpers';

export const IVAN = bare('ivan');
export const LENA = bare('lena');

/** Sends `count` numbered messages from ivan to `user`'s bare JID; returns their bodies. */
export async function sendMany(sender: XmppClient, user: string, count: number, label: string) {
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
export async function sendWithIds(sender: XmppClient, user: string, bodies: readonly string[]) {
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
export async function phone(user: string) {
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

/**
 * History `user` was away for: ivan writes `count` numbered messages that another device takes,
 * so that only the archive holds them for the device under test.
 */
export async function awayHistory(user: string, count: number, label: string) {
  const ivan = await connect('ivan', token('writer'));
  const userPhone = await phone(user);
  const bodies = await sendMany(ivan, user, count, label);
  await userPhone.received(bodies);
  return { ivan, phone: userPhone, bodies };
}

export interface Session {
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
export async function signIn(
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

export type Upserted = Extract<EventMessage, { event: 'message.upserted' }>;
export const upserted = (recorder: Recorder, bodies: readonly string[]) =>
  recorder.events.filter(
    (e): e is Upserted => e.event === 'message.upserted' && bodies.includes(e.payload.body),
  );
export const progress = (recorder: Recorder) =>
  recorder.events.flatMap((e) => (e.event === 'archive.progress' ? [e.payload] : []));

export function storedOnce(storage: Storage, user: string, bodies: readonly string[]): Message[] {
  const stored = allMessages(storage, bare(user), IVAN).filter((m) => bodies.includes(m.body));
  expect(stored.map((m) => m.body).sort()).toEqual([...bodies].sort());
  return stored;
}

/**
 * The start of a hole: a first session of `user`, on a new store, stores `before` (what `send`
 * has ivan send: 30 numbered messages unless given) and catches up, then goes away; meanwhile
 * another device takes 20 more (`hole`), which only the archive can bring back. The server
 * drops a dead session's unacknowledged messages when its archive has them (Prosody does): the
 * phone stands for that here.
 */
export async function holeAfterFirstSession(
  user: string,
  send: (ivan: XmppClient) => Promise<string[]> = (ivan) => sendMany(ivan, user, 30, 'before'),
) {
  const ivan = await connect('ivan', token('writer'));
  const { storage } = openStore();
  const first = await signIn(user, storage);
  const before = await send(ivan);
  await first.recorder.message((m) => m.body === before.at(-1));
  await first.chat.whenCaughtUp(bare(user));
  first.detach();
  await first.client.stop();
  const userPhone = await phone(user);
  const hole = await sendMany(ivan, user, 20, 'hole');
  await userPhone.received(hole);
  return { ivan, storage, first, before, hole, phone: userPhone };
}
