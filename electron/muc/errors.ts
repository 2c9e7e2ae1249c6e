/**
 * A room's or group-chat service's refusal as the renderer gets it: a contract code it can
 * localize, with the XMPP condition for the details. The room's own text is left out: it is
 * shown only where the user expects the room's words (refusal texts on the room itself).
 */
import type { ErrorInfo } from '../../shared/errors';
import { knownCondition } from '../xmpp/conditions';
import { toXmppError } from '../xmpp/errors';

const NOT_ALLOWED = new Set(['forbidden', 'not-allowed', 'not-authorized']);
const NOT_FOUND = new Set(['item-not-found', 'remote-server-not-found', 'gone']);
const NOT_SUPPORTED = new Set(['feature-not-implemented', 'service-unavailable']);

export function mucFailure(error: unknown): ErrorInfo {
  const e = error as { name?: unknown; condition?: unknown } | null;
  if (e && typeof e === 'object' && e.name === 'StanzaError') {
    // Only a condition XMPP defines: it ends up in messages that may be logged.
    const condition = knownCondition(e.condition) ?? 'undefined-condition';
    const code = NOT_ALLOWED.has(condition)
      ? 'not-allowed'
      : NOT_FOUND.has(condition)
        ? 'not-found'
        : NOT_SUPPORTED.has(condition)
          ? 'not-supported'
          : condition === 'conflict'
            ? 'already-exists'
            : 'rejected-by-server';
    return { code, message: `the room answered ${condition}`, condition };
  }
  const failure = toXmppError(error);
  return {
    code: failure.code,
    message: failure.message,
    ...(failure.condition && { condition: failure.condition }),
  };
}
