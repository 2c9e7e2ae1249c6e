/**
 * Shared setup for the chat integration tests: real connections to the test Prosody, a real
 * SQLite store per device in a temporary folder, and an event recorder to await events on.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import xml, { type Element } from '@xmpp/xml';
import { afterAll, afterEach, inject } from 'vitest';
import type { EmitEvent, EventMessage, ServerFeatures } from '../../../shared/contract';
import { parseAccountJid } from '../../../shared/jid';
import { NS } from '../../../shared/namespaces';
import { ChatService } from '../../../electron/chat/chatService';
import { openStorage, type Storage } from '../../../electron/storage';
import { createXmppClient, type XmppClient } from '../../../electron/xmpp/client';
import { checkContractEvent } from '../contractEvents';

export const server = inject('xmpp');
const ca = readFileSync(server.caPath);
export const FEATURES: ServerFeatures = {
  server: [NS.carbons],
  account: [NS.mam],
  streamManagement: true,
};

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hutong-chat-it-'));
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
/** Runs after the test, before what was set up earlier is cleaned up. */
export const onCleanup = (cleanup: () => unknown) => cleanups.push(cleanup);

export const bare = (user: string) => `${user}@${server.domain}`;
let unique = 0;
/** A token that no earlier test (or run against the same server) has used. */
export const token = (label: string) => `${label}-${Date.now().toString(36)}-${(unique += 1)}`;

/** Records emitted events and lets a test await the first one that matches. */
export class Recorder {
  readonly events: EventMessage[] = [];
  readonly #waiters = new Set<{
    test: (e: EventMessage) => boolean;
    done: (e: EventMessage) => void;
  }>();
  readonly emit: EmitEvent = (event, payload) => {
    checkContractEvent(event, payload);
    const message = { event, payload } as EventMessage;
    this.events.push(message);
    for (const waiter of [...this.#waiters]) {
      if (waiter.test(message)) {
        this.#waiters.delete(waiter);
        waiter.done(message);
      }
    }
  };

  waitFor(test: (e: EventMessage) => boolean, label = 'event', timeoutMs = 10_000) {
    const seen = this.events.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise<EventMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`timed out waiting for ${label}`));
      }, timeoutMs);
      const waiter = {
        test,
        done: (e: EventMessage) => {
          clearTimeout(timer);
          resolve(e);
        },
      };
      this.#waiters.add(waiter);
    });
  }

  /** Waits for a message.upserted event whose message matches. */
  message(
    test: (m: Extract<EventMessage, { event: 'message.upserted' }>['payload']) => boolean,
    timeoutMs = 10_000,
  ) {
    return this.waitFor(
      (e) => e.event === 'message.upserted' && test(e.payload),
      'message.upserted',
      timeoutMs,
    ).then((e) => (e as Extract<EventMessage, { event: 'message.upserted' }>).payload);
  }
}

/** A started client for `user`, stopped after the test. */
export async function connect(user: string, resource?: string): Promise<XmppClient> {
  const jid = parseAccountJid(bare(user))!;
  const client = createXmppClient({
    jid,
    password: server.users[user]!,
    host: server.host,
    port: server.c2sPort,
    tls: 'starttls',
    ca,
    ...(resource && { resource }),
  });
  cleanups.push(() => client.stop());
  await client.start();
  return client;
}

/** Initial presence: without it, messages to the bare JID do not reach this resource. */
export const online = (client: XmppClient) => client.entity.send(xml('presence'));

export function openStore(name = token('db')): { storage: Storage; file: string } {
  const file = path.join(tmp, name, 'hutong.sqlite');
  const storage = openStorage(file);
  cleanups.push(() => storage.close());
  return { storage, file };
}

export interface Device {
  readonly user: string;
  readonly client: XmppClient;
  readonly chat: ChatService;
  readonly storage: Storage;
  readonly recorder: Recorder;
  readonly detach: () => void;
}

/**
 * A signed-in device: client, store, chat service attached (before the initial presence, so
 * nothing delivered on presence can slip past), then online.
 */
export async function device(
  user: string,
  options: { resource?: string; features?: Partial<ServerFeatures>; storage?: Storage } = {},
): Promise<Device> {
  const client = await connect(user, options.resource);
  const storage = options.storage ?? openStore().storage;
  // Cleanups run in reverse: the client stops (its last acks handled) before the store closes.
  cleanups.push(() => client.stop());
  const recorder = new Recorder();
  const chat = new ChatService({ store: storage.messages, emit: recorder.emit });
  const detach = chat.attach(bare(user), client, {
    boundJid: client.entity.jid!.toString(),
    features: { ...FEATURES, ...options.features },
    resumed: false,
  });
  cleanups.push(detach);
  await online(client);
  await chat.whenSynced(bare(user));
  return { user, client, chat, storage, recorder, detach };
}

/** Every stored message of a conversation, oldest first. */
export function allMessages(storage: Storage, account: string, peer: string) {
  const page = storage.messages.page(account, peer, { limit: 500 });
  return page.messages;
}

/** Resolves with the first stanza the client receives that matches. */
export function nextStanza(client: XmppClient, test: (s: Element) => boolean, timeoutMs = 10_000) {
  return new Promise<Element>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.entity.removeListener('stanza', on);
      reject(new Error('timed out waiting for a stanza'));
    }, timeoutMs);
    const on = (stanza: Element) => {
      if (!test(stanza)) return;
      clearTimeout(timer);
      client.entity.removeListener('stanza', on);
      resolve(stanza);
    };
    client.entity.on('stanza', on);
  });
}

export const bodyOf = (stanza: Element) => stanza.getChildText('body');
export { xml };
