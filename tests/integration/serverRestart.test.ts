// The server restarts under two signed-in accounts: both go offline with a reason, retry on
// their own, and come back; a message written while the server was down waits in the outbox
// and arrives exactly once. Runs its own Prosody, so the shared one is never restarted.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmitEvent, EventMessage, Message } from '../../shared/contract';
import { ChatService } from '../../electron/chat/chatService';
import { createSecretBox } from '../../electron/secrets';
import { AccountsService } from '../../electron/services/accounts';
import { openPinStore } from '../../electron/services/pinStore';
import { openStorage, type Storage } from '../../electron/storage';
import type { ProsodyInstance } from '../../server/scripts/prosody.mjs';
import { until } from './accountsHelpers';
import { checkContractEvent } from './contractEvents';
import { startPairServer } from './pairServer';

let tmp: string;
let server: ProsodyInstance;
let storage: Storage;
let accounts: AccountsService;
let chat: ChatService;
const events: EventMessage[] = [];
const emit: EmitEvent = (event, payload) => {
  checkContractEvent(event, payload);
  events.push({ event, payload } as EventMessage);
};
const start = () => startPairServer(tmp, server);

const statusOf = (accountId: string) => accounts.list().find((a) => a.accountId === accountId);
const stored = (accountId: string, peer: string): Message[] => {
  const page = chat.history({ accountId, peer, limit: 100 });
  return page.ok ? page.value.messages : [];
};

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hutong-restart-'));
  server = await start();
  storage = openStorage(path.join(tmp, 'hutong.sqlite'));
  chat = new ChatService({ store: storage.messages, emit });
  accounts = new AccountsService({
    emit,
    pins: openPinStore(tmp),
    store: storage.accounts,
    secrets: createSecretBox({ dataDir: tmp }),
    chat,
    ca: readFileSync(server.caPath!, 'utf8'),
    random: () => 0,
  });
  for (const user of ['alice', 'bob']) {
    const result = await accounts.signIn({
      jid: `${user}@localhost`,
      password: `${user}-pw`,
      host: server.host,
      port: server.c2sPort,
    });
    expect(result).toMatchObject({ ok: true, value: { status: 'online' } });
  }
}, 60_000);

afterAll(async () => {
  await accounts.dispose();
  storage.close();
  await server.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('server restart', () => {
  it('retries with backoff while the server is down and delivers the outbox once it is back', async () => {
    await server.stop();
    await until(
      () => (statusOf('alice@localhost')?.status === 'offline' ? true : undefined),
      'alice offline',
    );
    const offline = statusOf('alice@localhost')!;
    expect(offline.error?.code).toBeDefined();
    expect(offline.retryAt).toBeGreaterThan(0);

    const sent = chat.send({
      accountId: 'alice@localhost',
      peer: 'bob@localhost',
      body: '服务器重启了吗?',
    });
    expect(sent).toMatchObject({ ok: true, value: { state: 'pending' } });

    server = await start();
    await until(
      () =>
        statusOf('alice@localhost')?.status === 'online' &&
        statusOf('bob@localhost')?.status === 'online'
          ? true
          : undefined,
      'both accounts back online by themselves',
      20_000,
    );
    await until(
      () => stored('bob@localhost', 'alice@localhost').find((m) => m.body === '服务器重启了吗?'),
      'the outbox message at bob',
      20_000,
    );
    await until(
      () =>
        stored('alice@localhost', 'bob@localhost').find(
          (m) => m.body === '服务器重启了吗?' && m.state === 'delivered',
        ),
      'delivered at alice',
    );
    const atBob = stored('bob@localhost', 'alice@localhost').filter(
      (m) => m.body === '服务器重启了吗?',
    );
    expect(atBob).toHaveLength(1);
    const atAlice = stored('alice@localhost', 'bob@localhost');
    expect(atAlice).toHaveLength(1);
  });
});
