/**
 * The one contract between renderer and main process. Every request (renderer → main) and event
 * (main → renderer) is declared here once, with runtime schemas; both transports (Electron IPC and
 * the browser host's WebSocket) and both sides derive their names and types from it. The schemas
 * themselves live in shared/schemas/ by domain.
 *
 * Everything that crosses is checked against them where it leaves and where it enters: params in
 * the main process (electron/ipc/dispatch.ts); results and events in the main process before
 * sending (dispatch.ts, electron/ipc/checkedEmit.ts) and in the renderer on receipt
 * (renderer/transport/check.ts), both through shared/contractCheck.ts.
 */
import * as v from 'valibot';
import type { Result } from './errors';
import {
  AccountSnapshot,
  OwnPresence,
  Passphrase,
  Presence,
  SecretsStatus,
  SignInParams,
  UpdateAccountParams,
} from './schemas/account';
import {
  ArchiveProgress,
  Conversation,
  ConversationRef,
  ChatState,
  HistoryPage,
  HistoryParams,
  Message,
  Preferences,
  SearchHit,
  SearchParams,
  SendMessageParams,
} from './schemas/chat';
import { AccountRef, JidText, Text, type RequestSpec } from './schemas/common';
import { otrEvents, otrRequests } from './otrContract';
import { realnameEvents, realnameRequests } from './realnameContract';
import { roomEvents, roomRequests } from './roomContract';
import {
  AddContactParams,
  Contact,
  SubscriptionRequest,
  UpdateContactParams,
} from './schemas/roster';

export * from './schemas/account';
export * from './schemas/chat';
export * from './schemas/roster';
export * from './schemas/room';
export * from './schemas/roomCreation';
export * from './schemas/otr';
export * from './schemas/realname';
export type { DataForm, FormValues } from './dataforms';

export const AppInfo = v.object({
  version: v.string(),
  transport: v.picklist(['electron', 'browser']),
  /** System locale, for picking the UI language on first start. */
  locale: v.string(),
  /** Prefill for the sign-in form (the local demo server in development). */
  defaults: v.object({
    jid: v.optional(v.string()),
    host: v.optional(v.string()),
    port: v.optional(v.number()),
  }),
});
export type AppInfo = v.InferOutput<typeof AppInfo>;

export type { RequestSpec } from './schemas/common';

const ContactRef = v.object({ accountId: JidText, jid: JidText });

/** Requests from renderer to main. Each answers with Result<result>. */
export const requests = {
  /** Version, transport and sign-in defaults. */
  'app.info': { params: v.object({}), result: AppInfo },

  /** Accounts the main process holds, saved or pending, for a renderer that (re)loads. */
  'account.list': { params: v.object({}), result: v.array(AccountSnapshot) },
  /**
   * Connects and authenticates a new or existing account; resolves once online or fails with a
   * coded error. The account (settings and encrypted password) is saved once it gets online.
   */
  'account.signIn': { params: SignInParams, result: AccountSnapshot },
  /** Pins the offered certificate for the account and retries the pending connection. */
  'account.trustCertificate': {
    params: v.object({ accountId: JidText, fingerprint: Text(200) }),
    result: AccountSnapshot,
  },
  /** Changes a saved account's settings or password; reconnects it when enabled. */
  'account.update': { params: UpdateAccountParams, result: AccountSnapshot },
  /** Turns an account on (connects) or off (disconnects; it stays saved). */
  'account.setEnabled': {
    params: v.object({ accountId: JidText, enabled: v.boolean() }),
    result: AccountSnapshot,
  },
  /** The user has seen that the account's certificate changed (AccountSnapshot.certificateChange). */
  'account.certificateChangeSeen': { params: AccountRef, result: AccountSnapshot },
  /** Connects now an account that is offline, instead of waiting for the next retry. */
  'account.reconnect': { params: AccountRef, result: AccountSnapshot },
  /** Disconnects and forgets an account: settings, password and pins (history is kept). */
  'account.remove': { params: AccountRef, result: v.null() },
  /** Sets our own presence. */
  'presence.set': {
    params: v.object({ accountId: JidText, ...OwnPresence.entries }),
    result: AccountSnapshot,
  },

  /** How secrets are stored, and whether a passphrase must be entered or chosen. */
  'secrets.status': { params: v.object({}), result: SecretsStatus },
  /** Unlocks (or, the first time, sets) the passphrase; then saved accounts connect. */
  'secrets.unlock': { params: v.object({ passphrase: Passphrase }), result: SecretsStatus },

  /** The account's roster with each contact's presence. */
  'roster.get': { params: AccountRef, result: v.array(Contact) },
  /** Adds a contact to the roster and asks to see their presence. */
  'contact.add': { params: AddContactParams, result: v.null() },
  /** Renames a contact or changes its groups. */
  'contact.update': { params: UpdateContactParams, result: v.null() },
  /** Removes a contact (and both subscriptions). */
  'contact.remove': { params: ContactRef, result: v.null() },
  /** Incoming subscription requests still unanswered, of all accounts. */
  'subscription.list': { params: v.object({}), result: v.array(SubscriptionRequest) },
  /** Accepts (and asks back) or denies an incoming subscription request. */
  'subscription.answer': {
    params: v.object({ accountId: JidText, jid: JidText, accept: v.boolean() }),
    result: v.null(),
  },

  /** Conversations of all accounts, most recent first, with unread counts. */
  'chat.conversations': { params: v.object({}), result: v.array(Conversation) },
  /** A page of a conversation's history. */
  'chat.history': { params: HistoryParams, result: HistoryPage },
  /** Stores the message in the outbox and sends it; the result is the stored (pending) message. */
  'chat.send': { params: SendMessageParams, result: Message },
  /** Sends a failed message again. */
  'chat.retry': { params: v.object({ accountId: JidText, id: Text(200) }), result: Message },
  /** Marks a conversation read. */
  'chat.markRead': { params: ConversationRef, result: v.null() },
  /** Our chat state in a conversation (XEP-0085): typing, paused, gone... */
  'chat.setState': {
    params: v.object({ ...ConversationRef.entries, state: ChatState }),
    result: v.null(),
  },
  /** App-wide preferences (archive catch-up window). */
  'prefs.get': { params: v.object({}), result: Preferences },
  /** Changes preferences; answers with all of them as saved. */
  'prefs.set': { params: v.partial(Preferences), result: Preferences },
  /** Full-text search across all accounts (or one account or conversation). */
  'search.messages': { params: SearchParams, result: v.array(SearchHit) },
  ...roomRequests,
  ...otrRequests,
  ...realnameRequests,
  /**
   * Opens an http(s) link in the system browser after the renderer asked the user. Where the
   * host cannot (the browser host), answers not-supported and the page opens it itself.
   */
  'link.open': { params: v.object({ url: Text(8192) }), result: v.null() },
} as const satisfies Record<string, RequestSpec>;

/** Events from main to renderer. */
export const events = {
  /** An account's connection status, presence, settings or error changed. */
  'account.changed': AccountSnapshot,
  /** An account was removed (or a pending sign-in was abandoned). */
  'account.removed': AccountRef,
  /** The secret store was unlocked or changed mode. */
  'secrets.changed': SecretsStatus,
  /** The whole roster of an account (after sign-in or a roster push). */
  'roster.replaced': v.object({ accountId: v.string(), contacts: v.array(Contact) }),
  /** One contact's presence changed. */
  'contact.presence': v.object({ accountId: v.string(), jid: v.string(), presence: Presence }),
  /** The unanswered incoming subscription requests of all accounts. */
  'subscriptions.replaced': v.object({ requests: v.array(SubscriptionRequest) }),
  /** A message was stored or changed (state, correction). */
  'message.upserted': Message,
  /** A conversation's last message or unread count changed. */
  'conversation.changed': Conversation,
  /** The other party's chat state (typing...). */
  'chat.state': v.object({
    accountId: v.string(),
    kind: v.optional(v.picklist(['chat', 'room', 'occupant'])),
    peer: v.string(),
    /** In a room: who is typing. */
    nick: v.optional(v.string()),
    state: ChatState,
  }),
  /** How an archive's catch-up is going (newest page, older history, done). */
  'archive.progress': ArchiveProgress,
  ...roomEvents,
  /** Preferences changed (from another window, or as saved). */
  'prefs.changed': Preferences,
  ...otrEvents,
  ...realnameEvents,
} as const satisfies Record<string, v.GenericSchema>;

export type RequestName = keyof typeof requests;
export type EventName = keyof typeof events;
export type RequestParams<N extends RequestName> = v.InferOutput<(typeof requests)[N]['params']>;
export type RequestResult<N extends RequestName> = v.InferOutput<(typeof requests)[N]['result']>;
export type EventPayload<N extends EventName> = v.InferOutput<(typeof events)[N]>;

export const REQUEST_NAMES = Object.keys(requests) as RequestName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}

/** One event as it travels over a transport; a union discriminated on `event`. */
export type EventMessage<N extends EventName = EventName> = {
  [K in N]: { readonly event: K; readonly payload: EventPayload<K> };
}[N];

/**
 * What a transport offers the renderer. Electron's preload and the WebSocket client both implement
 * it, so the renderer cannot tell which one it has.
 */
export interface HutongApi {
  request<N extends RequestName>(
    name: N,
    params: RequestParams<N>,
  ): Promise<Result<RequestResult<N>>>;
  /** Subscribes to all events; returns the unsubscribe function. */
  onEvent(listener: (message: EventMessage) => void): () => void;
}

/** Handlers the main process implements, one per request. */
export type RequestHandlers = {
  [N in RequestName]: (params: RequestParams<N>) => Promise<Result<RequestResult<N>>>;
};

/** Emits one event to every connected renderer. */
export type EmitEvent = <N extends EventName>(event: N, payload: EventPayload<N>) => void;
