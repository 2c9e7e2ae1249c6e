/**
 * Error codes that cross the contract. The main process answers with one of these; the renderer
 * maps each code to localized text (renderer/i18n), so messages here are for logs only.
 */
export const ERROR_CODES = [
  'invalid-params',
  'unknown-request',
  'invalid-jid',
  'auth-failed',
  'host-unreachable',
  'connection-refused',
  'timeout',
  'cert-untrusted',
  'cert-changed',
  'tls-required',
  'tls-failed',
  'stream-error',
  'xml-policy',
  'stanza-too-large',
  'not-signed-in',
  'not-found',
  'not-supported',
  'already-exists',
  'proxy-failed',
  'proxy-required',
  'secrets-locked',
  'wrong-passphrase',
  /** The saved password could not be opened (secrets changed mode or were damaged). */
  'password-needed',
  'storage-failed',
  'message-too-large',
  'recipient-unavailable',
  'rejected-by-server',
  /** A room refused us (banned, members only, full...); `condition` says which (room refusal). */
  'room-refused',
  /** The server says our rights do not allow it (a moderation or configuration request). */
  'not-allowed',
  /** The group-chat service requires a real-name registration before this (issue 9). */
  'realname-required',
  /** A new group could not be set up as asked; it was removed again (nothing half-made). */
  'room-setup-failed',
  /** A submission without consent, or whose consent names other fields or another service. */
  'consent-required',
  /** The saved identity profile is never filled in for a Tor-only account. */
  'tor-only-identity',
  /** The registration service no longer knows this command session (expired or unknown). */
  'session-expired',
  /** The registration service is not there or not answering (stopped, gone mid-command). */
  'service-unavailable',
  /** A form larger than a registration form can sensibly be (fields, options, text). */
  'form-too-large',
  /** The group service states no real-name policy: there is nothing to register. */
  'no-policy',
  /** The service's form asks for more than the saved profile holds: register it by hand. */
  'needs-input',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Details about a server certificate the user may choose to trust. */
export interface CertificateInfo {
  readonly fingerprint: string;
  readonly subject: string;
  readonly issuer: string;
  readonly validFrom: string;
  readonly validTo: string;
  /** Why verification failed, e.g. "self-signed" or "hostname-mismatch". */
  readonly reason: string;
  /** With cert-changed: the fingerprint pinned before, for comparing the two. */
  readonly previousFingerprint?: string;
}

/** The error half of every result envelope. */
export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
  /** Present with cert-untrusted and cert-changed. */
  readonly certificate?: CertificateInfo;
  /** With stream-error and rejected-by-server: the RFC 6120 condition, e.g. "policy-violation"; with room-refused, the room refusal. */
  readonly condition?: string;
}

/** Result envelope: Electron IPC drops properties of thrown errors, so errors travel as values. */
export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorInfo };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (
  code: ErrorCode,
  message: string,
  extra: Partial<Omit<ErrorInfo, 'code' | 'message'>> = {},
): Result<never> => ({ ok: false, error: { code, message, ...extra } });

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
