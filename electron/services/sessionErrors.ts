/** How a session's failures are told to the renderer and which of them a retry cannot fix. */
import type { ErrorInfo } from '../../shared/errors';
import { toXmppError } from '../xmpp/errors';

/** Failures that another try cannot fix without the user. */
const NO_RETRY = new Set([
  'auth-failed',
  'cert-untrusted',
  'cert-changed',
  'tls-required',
  'proxy-required',
  'invalid-jid',
]);
const NO_RETRY_CONDITIONS = new Set(['conflict', 'host-unknown', 'not-authorized']);

export function errorInfo(error: unknown): ErrorInfo {
  const e = toXmppError(error);
  return {
    code: e.code,
    message: e.message,
    ...(e.certificate ? { certificate: e.certificate } : {}),
    ...(e.condition ? { condition: e.condition } : {}),
  };
}

/** True when retrying on our own cannot help: the user must act (password, certificate...). */
export const isPermanent = (error: ErrorInfo): boolean =>
  NO_RETRY.has(error.code) ||
  (error.condition !== undefined && NO_RETRY_CONDITIONS.has(error.condition));
