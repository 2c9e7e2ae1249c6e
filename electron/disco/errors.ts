/**
 * Failures of service discovery as callers get them: always an XmppError with a contract code.
 * An entity's own error answer is a DiscoRefusal, which the cache remembers briefly (the entity
 * does not offer what we asked); timeouts and lost connections are not remembered.
 */
import { knownCondition } from '../xmpp/conditions';
import { XmppError, toXmppError } from '../xmpp/errors';

const NOT_FOUND = new Set([
  'item-not-found',
  'remote-server-not-found',
  'recipient-unavailable',
  'gone',
]);
const NOT_SUPPORTED = new Set(['service-unavailable', 'feature-not-implemented']);

/** The asked entity answered with an error: it does not offer what we asked (for now). */
export class DiscoRefusal extends XmppError {}

/** Any failure as callers get it: a coded XmppError. */
export function discoError(error: unknown): XmppError {
  if (error instanceof XmppError) return error;
  const e = error as { name?: unknown; condition?: unknown } | null;
  if (e && typeof e === 'object' && e.name === 'StanzaError') {
    // Only a condition XMPP defines: it ends up in messages that may be logged.
    const condition = knownCondition(e.condition) ?? 'undefined-condition';
    const code = NOT_FOUND.has(condition)
      ? 'not-found'
      : NOT_SUPPORTED.has(condition)
        ? 'not-supported'
        : 'rejected-by-server';
    return new DiscoRefusal(code, `disco refused: ${condition}`, { condition });
  }
  return toXmppError(error);
}
