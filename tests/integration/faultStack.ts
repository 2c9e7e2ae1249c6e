/**
 * One signed-in Hutong for the fault-injection test: its own profile folder, storage, secrets,
 * pins, chat and accounts services (as one desktop would have them), an account that reaches the
 * server through its own fault proxy, and a read-only view of its database to count and order
 * what it stored without going through the services under test.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { EmitEvent, Message } from '../../shared/contract';
import { ChatService } from '../../electron/chat/chatService';
import { createSecretBox } from '../../electron/secrets';
import { AccountsService } from '../../electron/services/accounts';
import { openPinStore } from '../../electron/services/pinStore';
import { openStorage, type Storage } from '../../electron/storage';

/** A stored message of a conversation, as the database holds it (history order: seq). */
export interface StoredRow {
  readonly direction: 'in' | 'out';
  readonly body: string;
  readonly state: Message['state'];
  readonly origin_id: string | null;
  readonly via: Message['via'];
  readonly sent_at: number;
}

export interface Stack {
  readonly user: string;
  readonly jid: string;
  readonly accounts: AccountsService;
  readonly chat: ChatService;
  /** Ids of our messages the server has confirmed (sent) or the peer received (delivered). */
  readonly confirmed: Set<string>;
  /** Ids of our messages that ended failed, with their error code. */
  readonly failed: Map<string, string>;
  status(): string | undefined;
  /** Every message of the conversation with `peer`, in history order. */
  rows(peer: string): StoredRow[];
  /** How many messages from `peer` are stored. */
  received(peer: string): number;
  dispose(): Promise<void>;
}

export async function openStack(options: {
  readonly dir: string;
  readonly user: string;
  readonly password: string;
  readonly domain: string;
  readonly proxyPort: number;
  readonly ca: string;
}): Promise<Stack> {
  const { dir, user, domain } = options;
  mkdirSync(dir, { recursive: true });
  const jid = `${user}@${domain}`;
  const confirmed = new Set<string>();
  const failed = new Map<string, string>();
  const emit: EmitEvent = (event, payload) => {
    if (event !== 'message.upserted') return;
    const message = payload as Message;
    if (message.direction !== 'out') return;
    if (message.state === 'sent' || message.state === 'delivered') confirmed.add(message.id);
    if (message.state === 'failed') failed.set(message.id, message.error?.code ?? '?');
  };
  const file = path.join(dir, 'hutong.sqlite');
  const storage: Storage = openStorage(file);
  const chat = new ChatService({ store: storage.messages, emit });
  const accounts = new AccountsService({
    emit,
    pins: openPinStore(dir),
    store: storage.accounts,
    secrets: createSecretBox({ dataDir: dir }),
    chat,
    ca: options.ca,
    // No jitter: a retry 100 ms after each loss. The faults come every second or two, and
    // growing delays would spend the test waiting rather than failing (backoff has its own tests).
    random: () => 0,
  });
  const signedIn = await accounts.signIn({
    jid,
    password: options.password,
    host: '127.0.0.1',
    port: options.proxyPort,
  });
  if (!signedIn.ok) throw new Error(`${jid}: sign-in failed: ${signedIn.error.code}`);

  const db = new Database(file, { readonly: true, fileMustExist: true });
  const rowsOf = db.prepare<[string, string], StoredRow>(
    'SELECT direction, body, state, origin_id, via, sent_at FROM messages WHERE account_id = ? AND peer = ? ORDER BY seq',
  );
  const countIn = db.prepare<[string, string], { n: number }>(
    "SELECT count(*) AS n FROM messages WHERE account_id = ? AND peer = ? AND direction = 'in'",
  );
  return {
    user,
    jid,
    accounts,
    chat,
    confirmed,
    failed,
    status: () => accounts.list().find((a) => a.accountId === jid)?.status,
    rows: (peer) => rowsOf.all(jid, peer),
    received: (peer) => countIn.get(jid, peer)!.n,
    async dispose() {
      await accounts.dispose();
      db.close();
      storage.close();
    },
  };
}
