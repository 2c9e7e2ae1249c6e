/**
 * The app's main-process services composed as electron/services/compose.ts does (storage, secrets,
 * pins, chat, rooms, accounts), pointed at the ejabberd that globalSetup runs. One `App` is one device.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import type { EmitEvent, EventMessage, Message } from '../../../shared/contract';
import { ChatService } from '../../../electron/chat/chatService';
import { RoomService } from '../../../electron/muc/roomService';
import { createSecretBox } from '../../../electron/secrets';
import { AccountsService } from '../../../electron/services/accounts';
import { attachAll } from '../../../electron/services/sessionDeps';
import { openPinStore } from '../../../electron/services/pinStore';
import { openStorage, type Storage } from '../../../electron/storage';
import { until } from '../accountsHelpers';
import { checkContractEvent } from '../contractEvents';

export const server = inject('ejabberd');
export const bare = (user: string) => `${user}@${server.domain}`;

let unique = 0;
/** A token that no earlier test (or run against the same server) has used. */
export const token = (label: string) => `${label}-${Date.now().toString(36)}-${(unique += 1)}`;

export interface App {
  readonly events: EventMessage[];
  /** Replaced by restart(). */
  storage: Storage;
  chat: ChatService;
  rooms: RoomService;
  accounts: AccountsService;
  /** Signs in, trusting the certificate the server shows (the user's "Trust" in the prompt). */
  signIn(user: string, password?: string): ReturnType<AccountsService['signIn']>;
  /** Waits for an event that matches (earlier ones count). */
  event<E extends EventMessage['event']>(
    name: E,
    test: (payload: Extract<EventMessage, { event: E }>['payload']) => boolean,
    what: string,
  ): Promise<Extract<EventMessage, { event: E }>['payload']>;
  /** Waits for a stored-and-emitted message that matches. */
  message(test: (m: Message) => boolean, what: string): Promise<Message>;
  /** Quits and starts again on the same data folder; saved accounts reconnect by themselves. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export function openApp(): App {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hutong-ejabberd-it-'));
  const events: EventMessage[] = [];
  const emit: EmitEvent = (event, payload) => {
    checkContractEvent(event, payload);
    events.push({ event, payload } as EventMessage);
  };
  const compose = () => {
    const storage = openStorage(path.join(dir, 'hutong.sqlite'));
    let rooms: RoomService | undefined;
    const chat = new ChatService({
      store: storage.messages,
      emit,
      isRoom: (accountId, jid) => rooms?.isRoom(accountId, jid) ?? false,
    });
    const roomService = new RoomService({
      emit,
      rooms: storage.rooms,
      messages: storage.messages,
      chat,
    });
    rooms = roomService;
    const accounts = new AccountsService({
      emit,
      pins: openPinStore(dir),
      store: storage.accounts,
      secrets: createSecretBox({ dataDir: dir }),
      chat: attachAll(chat, roomService),
      // Retries in tests come at once; the backoff itself is unit-tested.
      random: () => 0,
    });
    return { storage, chat, rooms: roomService, accounts };
  };
  const event: App['event'] = (name, test, what) =>
    until(() => {
      const found = events.find((e) => e.event === name && test(e.payload as never));
      return found?.payload as never;
    }, what);
  const quit = async () => {
    await app.accounts.dispose();
    await app.rooms.dispose();
    app.storage.close();
  };
  const app: App = {
    events,
    ...compose(),
    async signIn(user, password = server.users[user]!) {
      const params = { jid: bare(user), password, host: server.host, port: server.c2sPort };
      const first = await app.accounts.signIn(params);
      if (first.ok || first.error.code !== 'cert-untrusted') return first;
      return app.accounts.trustCertificate(bare(user), first.error.certificate!.fingerprint);
    },
    event,
    message: (test, what) => event('message.upserted', test, what),
    async restart() {
      await quit();
      events.length = 0;
      Object.assign(app, compose());
      await app.accounts.start();
    },
    async close() {
      await quit();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return app;
}

/** Every stored message of a conversation, oldest first. */
export function stored(app: App, account: string, peer: string): Message[] {
  return app.storage.messages.page(account, peer, { limit: 500 }).messages;
}
