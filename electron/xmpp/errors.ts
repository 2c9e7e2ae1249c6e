/**
 * Every failure of the XMPP connection core becomes an XmppError carrying one of the contract's
 * ErrorCodes, so the account service can answer the renderer without looking at library errors.
 */
import type { CertificateInfo, ErrorCode } from '../../shared/errors';
import { isErrorCode } from '../../shared/errors';
import { knownCondition } from './conditions';

export interface XmppErrorExtra {
  readonly certificate?: CertificateInfo;
  readonly condition?: string;
  readonly cause?: unknown;
}

export class XmppError extends Error {
  override readonly name = 'XmppError';
  readonly code: ErrorCode;
  /** Present with cert-untrusted and cert-changed. */
  readonly certificate?: CertificateInfo;
  /** Present with stream-error (RFC 6120 condition) and auth-failed (SASL condition). */
  readonly condition?: string;

  constructor(code: ErrorCode, message: string, extra: XmppErrorExtra = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.code = code;
    if (extra.certificate) this.certificate = extra.certificate;
    if (extra.condition !== undefined) this.condition = extra.condition;
  }
}

/** The socket went away while we still needed it. */
export const connectionClosed = (message = 'connection closed'): XmppError =>
  new XmppError('stream-error', message, { condition: 'connection-closed' });

// Node system errors (net, dns) by their `code`.
const SYSTEM_CODES: Readonly<Record<string, ErrorCode>> = {
  ECONNREFUSED: 'connection-refused',
  ENOTFOUND: 'host-unreachable',
  EHOSTUNREACH: 'host-unreachable',
  ENETUNREACH: 'host-unreachable',
  EHOSTDOWN: 'host-unreachable',
  EAI_AGAIN: 'host-unreachable',
  EAI_FAIL: 'host-unreachable',
  ETIMEDOUT: 'timeout',
};

// A reset or broken pipe means the peer dropped us, which the UI treats like a closed stream.
const CLOSED_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_DESTROYED']);

interface ErrorLike {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly condition?: unknown;
  readonly message?: unknown;
  readonly library?: unknown;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function fromSasl(condition: string | undefined, message: string, cause: unknown): XmppError {
  // The server demands TLS before auth: report it as what it is, not as a wrong password.
  if (condition === 'encryption-required') {
    return new XmppError('tls-required', message, { condition, cause });
  }
  return new XmppError('auth-failed', message, { ...(condition && { condition }), cause });
}

function isTlsError(code: string | undefined, library: string | undefined): boolean {
  if (library && /ssl|tls/i.test(library)) return true;
  return !!code && /^(ERR_SSL_|ERR_TLS_|ERR_OSSL_)/.test(code);
}

// @xmpp/error's family: the message repeats the <text/> the server or contact wrote.
const FOREIGN_NAMES = new Set(['XMPPError', 'StanzaError', 'StreamError', 'SASLError']);

function fromOutside(e: ErrorLike): boolean {
  if (typeof e.name === 'string' && FOREIGN_NAMES.has(e.name)) return true;
  return ['text', 'element', 'application'].some((key) => key in (e as object));
}

/** Maps anything thrown or emitted by the connection stack to an XmppError. */
export function toXmppError(error: unknown): XmppError {
  if (error instanceof XmppError) return error;
  if (typeof error !== 'object' || error === null) {
    return new XmppError('internal', String(error));
  }
  const e = error as ErrorLike;
  const name = str(e.name);
  const code = str(e.code);
  // Both are the other side's choice: a condition is kept only when XMPP defines it, and the
  // message of an error that carries the other side's text (@xmpp/error puts its <text/> there)
  // is replaced by our own words, so that an XmppError's message may always be logged.
  const condition = knownCondition(e.condition);
  const message = fromOutside(e)
    ? `${name ?? 'error'} from the other side${condition ? `: ${condition}` : ''}`
    : (str(e.message) ?? name ?? 'unknown error');

  // Another copy of this module (e.g. a second bundle) produced it: keep its code.
  if (name === 'XmppError' && isErrorCode(code)) {
    return new XmppError(code, message, { ...(condition && { condition }), cause: error });
  }
  if (name === 'SASLError') return fromSasl(condition, message, error);
  if (name === 'StreamError') {
    return new XmppError('stream-error', message, {
      condition: condition ?? 'undefined-condition',
      cause: error,
    });
  }
  if (name === 'TimeoutError') return new XmppError('timeout', message, { cause: error });
  // The server refused a request (RFC 6120 §8.3): the user should see which refusal (a policy,
  // a missing permission), not "internal error". Our own words carry it; the server's text may
  // carry personal data and is not copied into the message (which may be logged).
  if (name === 'StanzaError') {
    return new XmppError('rejected-by-server', `the server refused: ${condition ?? 'unknown'}`, {
      condition: condition ?? 'undefined-condition',
      cause: error,
    });
  }
  if (code && SYSTEM_CODES[code])
    return new XmppError(SYSTEM_CODES[code], message, { cause: error });
  if (code && CLOSED_CODES.has(code)) {
    return new XmppError('stream-error', message, { condition: 'connection-closed', cause: error });
  }
  if (isTlsError(code, str(e.library)))
    return new XmppError('tls-failed', message, { cause: error });
  return new XmppError('internal', message, {
    ...(condition && { condition }),
    cause: error,
  });
}
