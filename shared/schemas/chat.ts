/** One-to-one messages, conversations and search results. */
import * as v from 'valibot';
import { ErrorInfoSchema, JidText, NonEmpty, Text, Timestamp } from './common';

/** Longest message body we send or show; longer incoming bodies are cut with a marker. */
export const MAX_BODY_CHARS = 20_000;

/**
 * Outgoing: pending (in the outbox) → sent (the server acknowledged it) → delivered (XEP-0184
 * receipt); failed with an error. Incoming: received, then read once the user has seen it.
 */
export const MessageState = v.picklist([
  'pending',
  'sent',
  'delivered',
  'failed',
  'received',
  'read',
]);
export type MessageState = v.InferOutput<typeof MessageState>;

/**
 * The kinds of conversation: one-to-one with a contact (peer is their bare JID), a group chat
 * (peer is the room's bare JID), and a private conversation with one occupant through a room
 * (peer is the occupant JID room@service/nick, kept apart from roster contacts).
 */
export const ConversationKind = v.picklist(['chat', 'room', 'occupant']);
export type ConversationKind = v.InferOutput<typeof ConversationKind>;

/** Who wrote an incoming message, as much as its conversation needs and knows. */
export const Sender = v.object({
  /** The full JID it came from: a contact's device, or the occupant JID in a room. */
  jid: v.optional(v.string()),
  /** The occupant's nickname in a room (rooms and private conversations through one). */
  nick: v.optional(v.string()),
  /** The occupant's real bare JID, when the room reveals it. */
  realJid: v.optional(v.string()),
});
export type Sender = v.InferOutput<typeof Sender>;

export const Message = v.object({
  /** Our own id (also the XEP-0359 origin-id of messages we send). */
  id: v.string(),
  accountId: v.string(),
  kind: ConversationKind,
  /** The conversation: a contact's or a room's bare JID, or an occupant JID (see kind). */
  peer: v.string(),
  /** Who wrote it, for incoming messages; absent on ours. */
  sender: v.optional(Sender),
  direction: v.picklist(['in', 'out']),
  /** Plain text, always rendered as text. */
  body: v.string(),
  /** When it was sent (the delay stamp for archived or offline messages). */
  sentAt: Timestamp,
  state: MessageState,
  error: v.optional(ErrorInfoSchema),
  /** Set when the text was corrected (XEP-0308); the body is the latest version. */
  editedAt: v.optional(Timestamp),
  /** How it reached us: live, a carbon of another device of ours, or the archive. */
  via: v.picklist(['live', 'carbon', 'archive']),
  /** Encrypted end to end (OTR): notifications never show its text. */
  private: v.boolean(),
});
export type Message = v.InferOutput<typeof Message>;

export const Conversation = v.object({
  accountId: v.string(),
  kind: ConversationKind,
  peer: v.string(),
  lastMessage: v.optional(Message),
  unread: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type Conversation = v.InferOutput<typeof Conversation>;

export const ChatState = v.picklist(['active', 'composing', 'paused', 'inactive', 'gone']);
export type ChatState = v.InferOutput<typeof ChatState>;

export const SendMessageParams = v.object({
  accountId: JidText,
  /** One-to-one when absent. */
  kind: v.optional(ConversationKind),
  peer: JidText,
  body: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_BODY_CHARS)),
  /** Corrects our own earlier message with this id (XEP-0308). */
  correctionOf: v.optional(Text(200)),
});
export type SendMessageParams = v.InferOutput<typeof SendMessageParams>;

export const HistoryParams = v.object({
  accountId: JidText,
  /** One-to-one when absent. */
  kind: v.optional(ConversationKind),
  peer: JidText,
  /** Opaque cursor from a previous page: return messages older than it. */
  before: v.optional(Text(200)),
  /** Return a page centred on this message (a search hit). */
  around: v.optional(Text(200)),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500))),
  /**
   * Loaded ahead of being opened (a recent conversation): the conversation's archive catch-up
   * is not moved ahead of the others', as it is when the user opens one.
   */
  background: v.optional(v.boolean()),
});
export type HistoryParams = v.InferOutput<typeof HistoryParams>;

export const HistoryPage = v.object({
  /** Oldest first. */
  messages: v.array(Message),
  /** Pass as `before` for the next older page; absent at the start of history. */
  olderCursor: v.optional(v.string()),
  /** Present with `around` when newer messages exist after the page. */
  hasNewer: v.boolean(),
});
export type HistoryPage = v.InferOutput<typeof HistoryPage>;

export const SearchParams = v.object({
  query: NonEmpty(500),
  accountId: v.optional(JidText),
  /** With peer: which kind of conversation it names (one-to-one when absent). */
  kind: v.optional(ConversationKind),
  peer: v.optional(JidText),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200))),
});
export type SearchParams = v.InferOutput<typeof SearchParams>;

/** A search result: the message and where in its text the query matched (for highlighting). */
export const SearchHit = v.object({
  message: Message,
  /** [start, end) character ranges in message.body. */
  matches: v.array(v.tuple([v.number(), v.number()])),
});
export type SearchHit = v.InferOutput<typeof SearchHit>;

/** A conversation as requests name it; kind is one-to-one when absent. */
export const ConversationRef = v.object({
  accountId: JidText,
  kind: v.optional(ConversationKind),
  peer: JidText,
});
export type ConversationRef = v.InferOutput<typeof ConversationRef>;

/** App-wide preferences kept by the main process (they shape what it does while offline too). */
export const Preferences = v.object({
  /** How far back archive catch-up fills in history, in days. */
  archiveWindowDays: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3650)),
});
export type Preferences = v.InferOutput<typeof Preferences>;
export const DEFAULT_PREFERENCES: Preferences = { archiveWindowDays: 7 };

/** Where an archive's catch-up stands: newest page first, then older history in the background. */
export const ArchiveProgress = v.object({
  accountId: v.string(),
  /** The archive's JID: the account's own bare JID, or a room's. */
  archive: v.string(),
  phase: v.picklist(['newest', 'older', 'done', 'failed']),
  /** Messages fetched by this catch-up so far. */
  fetched: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** The oldest time reached so far (epoch ms), while filling in older history. */
  reachedAt: v.optional(Timestamp),
});
export type ArchiveProgress = v.InferOutput<typeof ArchiveProgress>;
