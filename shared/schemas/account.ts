/** Accounts, their settings (never secrets), presence and the secret store's state. */
import * as v from 'valibot';
import { ErrorInfoSchema, JidText, NonEmpty, Port, Text, Timestamp } from './common';

/** Presence "show" values of RFC 6121 a contact can have, plus offline. */
export const Presence = v.object({
  show: v.picklist(['available', 'chat', 'away', 'xa', 'dnd', 'offline']),
  status: v.optional(Text(1024)),
});
export type Presence = v.InferOutput<typeof Presence>;

/** Our own presence; invisible (XEP-0186) only where the server supports it. */
export const PresenceShow = v.picklist(['available', 'chat', 'away', 'xa', 'dnd', 'invisible']);
export type PresenceShow = v.InferOutput<typeof PresenceShow>;

export const OwnPresence = v.object({ show: PresenceShow, status: v.optional(Text(1024)) });
export type OwnPresence = v.InferOutput<typeof OwnPresence>;

/** disabled: the user turned the account off; offline: it failed or waits to retry. */
export const ConnectionStatus = v.picklist(['connecting', 'online', 'offline', 'disabled']);
export type ConnectionStatus = v.InferOutput<typeof ConnectionStatus>;

export const TlsMode = v.picklist(['starttls', 'direct']);
export type TlsMode = v.InferOutput<typeof TlsMode>;

/**
 * How an account reaches its server. SOCKS5 always lets the proxy resolve host names (socks5h).
 * torOnly refuses any direct connection and any local DNS lookup (no SRV through the system).
 */
export const ProxySettings = v.variant('type', [
  v.object({ type: v.literal('none') }),
  v.object({
    type: v.literal('socks5'),
    host: NonEmpty(253),
    port: Port,
    torOnly: v.boolean(),
  }),
]);
export type ProxySettings = v.InferOutput<typeof ProxySettings>;

/** What Tor's own SOCKS port is on a desktop by default. */
export const TOR_PRESET: ProxySettings = {
  type: 'socks5',
  host: '127.0.0.1',
  port: 9050,
  torOnly: true,
};

/** An account's stored settings: everything but the password. */
export const AccountSettings = v.object({
  /** Server host and port, for servers without DNS records (such as a local one). */
  host: v.optional(Text(253)),
  port: v.optional(Port),
  tls: TlsMode,
  proxy: ProxySettings,
  /** A name the user gives the account, shown beside its contacts. */
  label: v.optional(Text(100)),
  /**
   * Accept only the pinned certificate, even one a public CA vouches for (a CA can be made to
   * issue one for any server). Absent: on for Tor-only accounts (see strictPinning below).
   */
  strictPinning: v.optional(v.boolean()),
});
export type AccountSettings = v.InferOutput<typeof AccountSettings>;

/**
 * What the account's server and the account itself offer, as service discovery (XEP-0030) lists
 * it: feature namespaces (see shared/namespaces.ts), checked where a capability matters.
 */
export const ServerFeatures = v.object({
  /** disco#info features of the server (the account's domain): carbons, invisibility... */
  server: v.array(v.string()),
  /** disco#info features of the account's own bare JID: its archive (MAM), PEP... */
  account: v.array(v.string()),
  /** Whether this stream negotiated stream management (XEP-0198). */
  streamManagement: v.boolean(),
});
export type ServerFeatures = v.InferOutput<typeof ServerFeatures>;

/**
 * What the renderer may know about an account: never its password or pinned keys.
 * accountId is the account's bare JID, lowercased.
 */
export const AccountSnapshot = v.object({
  accountId: v.string(),
  jid: v.string(),
  /** Full JID once a resource is bound. */
  boundJid: v.optional(v.string()),
  status: ConnectionStatus,
  /** Stored accounts reconnect on start; false while a first sign-in is still pending. */
  saved: v.boolean(),
  settings: AccountSettings,
  presence: OwnPresence,
  error: v.optional(ErrorInfoSchema),
  /** When the next automatic retry happens (epoch ms), while offline and retrying. */
  retryAt: v.optional(Timestamp),
  features: v.optional(ServerFeatures),
  /** Whether the connection is TLS-protected and how the certificate was accepted. */
  security: v.optional(
    v.object({
      tls: v.boolean(),
      pinned: v.boolean(),
      fingerprint: v.optional(v.string()),
      proxied: v.boolean(),
    }),
  ),
  /**
   * The server's certificate differs from the one pinned before and was accepted because a public
   * CA vouches for it (strict pinning off); shown until the user has seen it.
   */
  certificateChange: v.optional(
    v.object({ previous: v.string(), current: v.string(), at: Timestamp }),
  ),
});
export type AccountSnapshot = v.InferOutput<typeof AccountSnapshot>;

/** Whether the account accepts only its pinned certificate: as set, else on for Tor-only. */
export const strictPinning = (settings: Pick<AccountSettings, 'strictPinning' | 'proxy'>) =>
  settings.strictPinning ?? (settings.proxy.type === 'socks5' && settings.proxy.torOnly);

const Password = v.pipe(v.string(), v.minLength(1), v.maxLength(1024));

export const SignInParams = v.object({
  jid: JidText,
  password: Password,
  host: v.optional(Text(253)),
  port: v.optional(Port),
  tls: v.optional(TlsMode),
  proxy: v.optional(ProxySettings),
  label: v.optional(Text(100)),
  strictPinning: v.optional(v.boolean()),
});
export type SignInParams = v.InferOutput<typeof SignInParams>;

export const UpdateAccountParams = v.object({
  accountId: JidText,
  /** A new password; omitted keeps the stored one. */
  password: v.optional(Password),
  host: v.optional(Text(253)),
  port: v.optional(Port),
  tls: v.optional(TlsMode),
  proxy: v.optional(ProxySettings),
  label: v.optional(Text(100)),
  /** Strict certificate pinning on or off; omitted keeps the setting as it is. */
  strictPinning: v.optional(v.boolean()),
});
export type UpdateAccountParams = v.InferOutput<typeof UpdateAccountParams>;

/**
 * How secrets are kept at rest. os: the OS keychain (Electron safeStorage); keyfile: a random key
 * in a file only the user can read (browser host); passphrase: a key derived from the user's
 * passphrase, used where the OS would only offer a hard-coded key.
 */
export const SecretsStatus = v.object({
  mode: v.picklist(['os', 'keyfile', 'passphrase']),
  /** True until the passphrase is entered (passphrase mode only). */
  locked: v.boolean(),
  /** False when passphrase mode has no passphrase yet and one must be chosen. */
  initialized: v.boolean(),
});
export type SecretsStatus = v.InferOutput<typeof SecretsStatus>;

export const Passphrase = v.pipe(v.string(), v.minLength(8), v.maxLength(1024));
