/**
 * What the storage layer offers the services. SQLite (better-sqlite3, WAL) behind it; every write
 * is committed before the call returns, so a message is on disk before we acknowledge it
 * (XEP-0198) and an outgoing message is in the outbox before it goes on the wire.
 */
import type {
  Conversation,
  HistoryPage,
  Message,
  MessageState,
  SearchHit,
  SearchParams,
} from '../../shared/contract';
import type { ErrorInfo } from '../../shared/errors';

/** A message to store. `id` is ours (and the origin-id of what we send). */
export interface NewMessage extends Omit<Message, 'editedAt' | 'error'> {
  /** XEP-0359 stanza-id stamped by our own server (only when `by` is our bare JID). */
  readonly stanzaId?: string;
  /** XEP-0359 origin-id the sender chose; ours equals `id`. */
  readonly originId?: string;
  /** The XMPP message id attribute (receipts and corrections refer to it). */
  readonly xmppId?: string;
}

export interface MessagePatch {
  readonly state?: MessageState;
  readonly error?: ErrorInfo | null;
  readonly body?: string;
  readonly editedAt?: number;
  readonly stanzaId?: string;
}

export interface MessageStore {
  /**
   * Stores a message unless the same one is already there: same account and peer with the same
   * origin-id, or same account with the same stanza-id. Returns the stored row either way.
   */
  insert(message: NewMessage): { message: Message; inserted: boolean };
  update(id: string, patch: MessagePatch): Message | undefined;
  get(id: string): Message | undefined;
  /** The message a receipt or correction refers to: by XMPP id (or origin-id) within a peer. */
  findByXmppId(accountId: string, peer: string, xmppId: string): Message | undefined;
  page(
    accountId: string,
    peer: string,
    options: { before?: string; around?: string; limit: number },
  ): HistoryPage;
  /** The outbox: outgoing messages not yet acknowledged by the server, oldest first. */
  outbox(accountId: string): Message[];
  conversations(): Conversation[];
  conversation(accountId: string, peer: string): Conversation;
  /** Marks incoming messages read; returns how many changed. */
  markRead(accountId: string, peer: string): number;
  search(params: SearchParams): SearchHit[];
  /** The newest archive (MAM) id seen per account, to catch up from after being offline. */
  archiveCursor(accountId: string): string | undefined;
  setArchiveCursor(accountId: string, stanzaId: string): void;
}

/** Additions to MessageStore that openStorage's store also has (kept apart so fakes stay small). */
export interface MessageStoreExtras {
  /** Stores many messages in one transaction (one disk sync): for archive (MAM) catch-up. */
  insertMany(messages: readonly NewMessage[]): { message: Message; inserted: boolean }[];
}

/** A stored account: settings as JSON, the password sealed by the secret box. */
export interface StoredAccount {
  readonly accountId: string;
  readonly jid: string;
  readonly settings: import('../../shared/contract').AccountSettings;
  readonly enabled: boolean;
  readonly presence: import('../../shared/contract').OwnPresence;
  readonly sealedPassword: Buffer;
  /** XEP-0237 roster version and the cached roster it belongs to (both or neither). */
  readonly rosterVersion?: string;
  readonly roster?: readonly Omit<import('../../shared/contract').Contact, 'presence'>[];
}

export interface AccountStore {
  list(): StoredAccount[];
  get(accountId: string): StoredAccount | undefined;
  /** Inserts or replaces the whole row. */
  save(account: StoredAccount): void;
  remove(accountId: string): void;
}
