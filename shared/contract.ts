/**
 * The one contract between renderer and main process. Every request (renderer → main) and event
 * (main → renderer) is declared here once, with runtime schemas; both transports (Electron IPC and
 * the browser host's WebSocket) and both sides derive their names and types from it.
 */
import * as v from 'valibot';
import type { ErrorInfo, Result } from './errors';

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));

/** Presence "show" values of RFC 6121, plus offline for contacts we have no presence from. */
export const PresenceShow = v.picklist(['available', 'chat', 'away', 'xa', 'dnd']);
export type PresenceShow = v.InferOutput<typeof PresenceShow>;

export const Presence = v.object({
  show: v.picklist(['available', 'chat', 'away', 'xa', 'dnd', 'offline']),
  status: v.optional(Text(1024)),
});
export type Presence = v.InferOutput<typeof Presence>;

export const ConnectionStatus = v.picklist(['connecting', 'online', 'offline']);
export type ConnectionStatus = v.InferOutput<typeof ConnectionStatus>;

const ErrorInfoSchema = v.custom<ErrorInfo>(
  (value) => typeof value === 'object' && value !== null && 'code' in value,
);

/** What the renderer may know about an account: never its password or pinned keys. */
export const AccountSnapshot = v.object({
  accountId: v.string(),
  jid: v.string(),
  /** Full JID once a resource is bound. */
  boundJid: v.optional(v.string()),
  status: ConnectionStatus,
  presence: Presence,
  error: v.optional(ErrorInfoSchema),
  /** Whether the connection is TLS-protected and how the certificate was accepted. */
  security: v.optional(
    v.object({ tls: v.boolean(), pinned: v.boolean(), fingerprint: v.optional(v.string()) }),
  ),
});
export type AccountSnapshot = v.InferOutput<typeof AccountSnapshot>;

export const Contact = v.object({
  jid: v.string(),
  name: v.optional(v.string()),
  groups: v.array(v.string()),
  subscription: v.picklist(['none', 'to', 'from', 'both', 'remove']),
  /** Set while our subscription request awaits an answer. */
  pending: v.boolean(),
  presence: Presence,
});
export type Contact = v.InferOutput<typeof Contact>;

export const TlsMode = v.picklist(['starttls', 'direct']);
export type TlsMode = v.InferOutput<typeof TlsMode>;

const AccountRef = v.object({ accountId: Text(3071) });

export const SignInParams = v.object({
  jid: Text(3071),
  password: v.pipe(v.string(), v.minLength(1), v.maxLength(1024)),
  /** Server host and port, for servers without DNS records (such as a local one). */
  host: v.optional(Text(253)),
  port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535))),
  tls: v.optional(TlsMode),
});
export type SignInParams = v.InferOutput<typeof SignInParams>;

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

interface RequestSpec {
  readonly params: v.GenericSchema;
  readonly result: v.GenericSchema;
}

/** Requests from renderer to main. Each answers with Result<result>. */
export const requests = {
  /** Version, transport and sign-in defaults. */
  'app.info': { params: v.object({}), result: AppInfo },
  /** Accounts the main process holds, for a renderer that (re)loads. */
  'account.list': { params: v.object({}), result: v.array(AccountSnapshot) },
  /** Connects and authenticates; resolves once online or fails with a coded error. */
  'account.signIn': { params: SignInParams, result: AccountSnapshot },
  /** Pins the offered certificate for the account and retries the pending sign-in. */
  'account.trustCertificate': {
    params: v.object({ accountId: Text(3071), fingerprint: Text(200) }),
    result: AccountSnapshot,
  },
  /** Connects an account again that went offline (its password is still held in main). */
  'account.reconnect': { params: AccountRef, result: AccountSnapshot },
  /** Closes the stream and forgets the session (and any pending sign-in). */
  'account.signOut': { params: AccountRef, result: v.null() },
  /** Sets our own presence. */
  'presence.set': {
    params: v.object({ accountId: Text(3071), show: PresenceShow, status: v.optional(Text(1024)) }),
    result: AccountSnapshot,
  },
  /** The account's roster with each contact's presence. */
  'roster.get': { params: AccountRef, result: v.array(Contact) },
} as const satisfies Record<string, RequestSpec>;

/** Events from main to renderer. */
export const events = {
  /** An account's connection status, presence or error changed. */
  'account.changed': AccountSnapshot,
  /** An account was signed out and forgotten. */
  'account.removed': AccountRef,
  /** The whole roster of an account (after sign-in or a roster push). */
  'roster.replaced': v.object({ accountId: v.string(), contacts: v.array(Contact) }),
  /** One contact's presence changed. */
  'contact.presence': v.object({ accountId: v.string(), jid: v.string(), presence: Presence }),
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
