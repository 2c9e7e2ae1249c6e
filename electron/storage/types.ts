/**
 * What the storage layer offers the services. SQLite (better-sqlite3, WAL) behind it; every write
 * is committed before the call returns, so a message is on disk before we acknowledge it
 * (XEP-0198) and an outgoing message is in the outbox before it goes on the wire.
 */
import type {
  Conversation,
  ConversationKind,
  HistoryPage,
  Message,
  MessageState,
  Preferences,
  SearchHit,
  SearchParams,
} from '../../shared/contract';
import type { ErrorInfo } from '../../shared/errors';

/** A message to store. `id` is ours (and the origin-id of what we send). */
export interface NewMessage extends Omit<Message, 'editedAt' | 'error'> {
  /**
   * XEP-0359 stanza-id (or archive id) stamped by `archive`, the archive that holds the message:
   * our own account's bare JID for one-to-one messages, the room's for group chat. Unique within
   * that archive only. Both or neither.
   */
  readonly stanzaId?: string;
  readonly archive?: string;
  /** XEP-0359 origin-id the sender chose; ours equals `id`. */
  readonly originId?: string;
  /** The XMPP message id attribute (receipts and corrections refer to it). */
  readonly xmppId?: string;
  /** For an older archive page: keep it before what is stored already (see SeqPlacement). */
  readonly placement?: SeqPlacement;
  /** For an archive result: right before the result after it in the archive (ArchiveOrder). */
  readonly order?: ArchiveOrder;
}

/**
 * The archive's order as a catch-up stores its results, newest first (each page's results are
 * handed over in reverse, see archivePage.ts). Archive stamps have whole seconds and the
 * server's clock, while a message that came live is dated to the millisecond it reached us,
 * seconds late after a stalled link: a hole filled from the archive after a lost session would
 * otherwise sort before messages that the archive holds before it, and the sender's order would
 * be broken. The archive's order is the truth: a result goes a millisecond before its successor
 * in the archive (as stored) when that is dated from the result's stamp to a minute later, after
 * whatever that millisecond holds (one stream's messages have distinct times, DistinctTimes, so
 * a hole's messages each get one of the milliseconds between its neighbours, and the history
 * view, which orders by time, shows them where they belong). A whole-second stamp with no such
 * successor is dated at that second's end: everything stored of that second that the archive
 * holds is older (newer entries are the successor and later), but never at or after `notAfter`;
 * the walk's newest result is not before `notBefore` either. The store sets `successor` after
 * each result; one object serves one walk of consecutive pages.
 */
export interface ArchiveOrder {
  successor?: { readonly seq: number; readonly sentAt: number } | undefined;
  /**
   * The archive id of the walk's successor when it starts below stored history (a gap left
   * behind): the store looks it up for the first result.
   */
  successorId?: string | undefined;
  /**
   * When the walk's newest page was asked for (epoch ms): its newest entry is older, and what
   * came live after it is newer.
   */
  readonly notAfter?: number;
  /**
   * The newest time stored when that page was asked for: its newest entry is newer than all of
   * it (cleared once used).
   */
  notBefore?: number | undefined;
}

/**
 * Where the messages of one older archive page go in a conversation's order. Archive stamps
 * have whole seconds, so a busy second's messages share one sent time and are ordered by arrival
 * (seq). Catch-up fetches pages newest first: an older page arrives after a newer one and must
 * still sort before it. Each of its messages gets a seq below every row that was stored in that
 * millisecond before the page began, ascending in archive order; `size` (the page's maximum)
 * leaves room for the whole page, which may be committed in several batches. The store fills
 * `next` (millisecond slot → next seq to use); one object serves one page.
 */
export interface SeqPlacement {
  readonly size: number;
  readonly next: Map<number, number>;
}

export interface MessagePatch {
  readonly state?: MessageState;
  readonly error?: ErrorInfo | null;
  readonly body?: string;
  readonly editedAt?: number;
  /** With archive: the archive id of one of our own messages, learnt from the archive. */
  readonly stanzaId?: string;
  readonly archive?: string;
}

/** A correction (XEP-0308) the user asked for, waiting in the outbox until the server has it. */
export interface OutboxCorrection {
  /** Its own id: the XMPP id of the correction stanza. */
  readonly id: string;
  readonly accountId: string;
  readonly kind: ConversationKind;
  readonly peer: string;
  /** Our id of the message it corrects (its XMPP id, which the <replace/> names). */
  readonly messageId: string;
  readonly body: string;
  readonly createdAt: number;
}

/**
 * Older history still to fetch from an archive, newest first: everything older than `before`
 * (an archive id) back to `notBefore` (epoch ms) or to history already stored.
 */
export interface ArchiveGap {
  readonly before: string;
  readonly notBefore: number;
}

/** What insert() did with a message. */
export interface Insertion {
  readonly message: Message;
  readonly inserted: boolean;
  /**
   * Not inserted, and not stored under this entry of this archive either: the same message
   * (by origin-id or id) stored as it was sent from here, or under another entry (a message
   * re-sent after a lost session is archived again, later than the first copy). Either way it
   * says nothing about where in the archive a walk has come (catch-up stop markers, catchUp.ts).
   */
  readonly elsewhere?: true;
}

export interface MessageStore {
  /**
   * Stores a message unless the same one is already there: same account and peer with the same
   * origin-id, or the same stanza-id in the same archive. Returns the stored row either way.
   */
  insert(message: NewMessage): Insertion;
  /**
   * Undefined for an unknown id. A stanza-id another message of the account's archive holds
   * already is refused (invalid-params), as is a stanza-id without its archive.
   */
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
  /** When the account's newest stored message was sent (epoch ms); undefined when it has none. */
  newestSentAt(accountId: string): number | undefined;
  /** Marks incoming messages read; returns how many changed. */
  markRead(accountId: string, peer: string): number;
  search(params: SearchParams): SearchHit[];
  /** Whether a message with this stanza-id from this archive is stored (live ones included). */
  hasStanzaId(accountId: string, archive: string, stanzaId: string): boolean;
  /** The stanza-id of the newest stored message of an archive (live ones included). */
  newestStanzaId(accountId: string, archive: string): string | undefined;
  /**
   * Older history still to fetch from an archive, newest gap first: the most recently opened
   * first, a replacement keeping the place of the gap it replaced (see archiveGaps.ts).
   */
  archiveGaps(accountId: string, archive: string): ArchiveGap[];
  /** Records a gap, or replaces the one that started at `replaces` (its `before`). */
  setArchiveGap(accountId: string, archive: string, gap: ArchiveGap, replaces?: string): void;
  /** Forgets a gap (filled, or past the window). */
  removeArchiveGap(accountId: string, archive: string, before: string): void;
  /**
   * Stores a correction in the outbox (and the new text in the message, in one transaction).
   * Undefined, and nothing stored, unless it names one of our own outgoing messages in that
   * account and peer.
   */
  addCorrection(correction: OutboxCorrection): Message | undefined;
  /** Corrections of the account still waiting for the server, oldest first. */
  corrections(accountId: string): OutboxCorrection[];
  /** The server has it: remove it from the outbox. */
  removeCorrection(id: string): void;
  /** Stored values over DEFAULT_PREFERENCES. */
  preferences(): Preferences;
  /** Numbers are clamped into range; unknown keys and non-numbers are refused (invalid-params). */
  setPreferences(patch: Partial<Preferences>): Preferences;
}

/** Additions to MessageStore that openStorage's store also has (kept apart so fakes stay small). */
export interface MessageStoreExtras {
  /** Stores many messages in one transaction (one disk sync): for archive (MAM) catch-up. */
  insertMany(messages: readonly NewMessage[]): Insertion[];
  /**
   * Upgrades the full-text entries of up to `maxRows` more messages written before the index
   * held pairs of CJK characters (migration 4); true while some remain. Searches are correct
   * throughout, and fast for CJK phrases once it is done.
   */
  upgradeIndex(maxRows: number): boolean;
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

/** A room an account is in (or was last in), kept across restarts. */
export interface StoredRoom {
  readonly accountId: string;
  readonly room: string;
  /** The nickname the room last confirmed (or the one asked for, before it did). */
  readonly nick: string;
  readonly name?: string;
  /** Entered again when the account comes online. */
  readonly autojoin: boolean;
}

export interface RoomStore {
  list(accountId: string): StoredRoom[];
  /** Inserts or replaces the room's row. */
  save(room: StoredRoom): void;
  remove(accountId: string, room: string): void;
}

export type OtrTrust = 'unverified' | 'verified' | 'smp';
export type OtrPolicyName = 'never' | 'manual' | 'opportunistic' | 'always';

export interface OtrKeyRow {
  readonly accountId: string;
  /** PKCS#8 DER of the DSA key, base64, sealed by the secrets store. */
  readonly sealedKey: Buffer;
  /** Hex, 40 characters. */
  readonly fingerprint: string;
  readonly instanceTag: number;
  readonly createdAt: number;
}

export interface OtrTrustRow {
  readonly contact: string;
  readonly fingerprint: string;
  readonly trust: OtrTrust;
  readonly firstSeen: number;
}

export interface OtrStore {
  key(accountId: string): OtrKeyRow | undefined;
  /** Saves the account's key; an existing row keeps its instance tag. */
  saveKey(row: OtrKeyRow): void;
  /** The fingerprints known for `contact` (every contact's when undefined), oldest first. */
  trust(accountId: string, contact?: string): OtrTrustRow[];
  /** Records a fingerprint as seen (unverified) unless already known. */
  seen(accountId: string, contact: string, fingerprint: string, at: number): void;
  setTrust(
    accountId: string,
    contact: string,
    fingerprint: string,
    trust: OtrTrust,
    at: number,
  ): void;
  forget(accountId: string, contact: string, fingerprint: string): void;
  /** The policy set for a contact, or for the account when contact is ''; undefined if none. */
  policy(accountId: string, contact: string): OtrPolicyName | undefined;
  /** Sets it, or removes it (undefined: the contact follows the account, the account the default). */
  setPolicy(accountId: string, contact: string, policy: OtrPolicyName | undefined): void;
  /** Whether the user chose to keep private conversations with `contact` on disk. */
  keepsHistory(accountId: string, contact: string): boolean;
  setKeepsHistory(accountId: string, contact: string, keep: boolean): void;
}

export interface AccountStore {
  list(): StoredAccount[];
  get(accountId: string): StoredAccount | undefined;
  /** Inserts or replaces the whole row. */
  save(account: StoredAccount): void;
  remove(accountId: string): void;
}
