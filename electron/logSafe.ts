/**
 * What of a value may reach the log. Logs are shared in bug reports, so they keep our own words
 * and codes, never text from outside: a server's or contact's error text (`<text/>` of a stanza,
 * stream or SASL error), a stanza, a message body. The rule, applied to every value a logger gets
 * after its message:
 * - our own errors (built with our words: XmppError, StorageError, CodedError, AdhocError,
 *   OtrFormatError) keep their message and stack;
 * - errors that came from outside (the XMPP error family, or anything carrying `text`, `element`
 *   or `application`) keep only their name, code and a condition XMPP defines;
 * - other errors (the runtime's: TypeError, system errors) keep their message and stack, since
 *   Node and V8 wrote them;
 * - a chain of causes is followed with the same rule; an XML element (a stanza) is not shown at
 *   all, other objects only by their code and condition.
 */
import { knownCondition } from './xmpp/conditions';

const OWN = new Set(['XmppError', 'StorageError', 'CodedError', 'AdhocError', 'OtrFormatError']);
const FOREIGN = new Set(['XMPPError', 'StanzaError', 'StreamError', 'SASLError']);
/** Properties by which @xmpp/error's family carries what the other side wrote. */
const OUTSIDE_TEXT = ['text', 'element', 'application'];
const MAX_CAUSES = 3;

interface Coded {
  readonly code?: unknown;
  readonly condition?: unknown;
}

/** ` [code] (condition)`, each part only when present and safe. */
function codes(value: Coded): string {
  const code = typeof value.code === 'string' || typeof value.code === 'number' ? value.code : '';
  const condition = knownCondition(value.condition);
  return `${code === '' ? '' : ` [${code}]`}${condition ? ` (${condition})` : ''}`;
}

function isForeign(error: Error): boolean {
  if (OWN.has(error.name)) return false;
  return FOREIGN.has(error.name) || OUTSIDE_TEXT.some((key) => key in error);
}

function isElement(value: object): boolean {
  const v = value as { name?: unknown; attrs?: unknown; children?: unknown };
  return typeof v.name === 'string' && typeof v.attrs === 'object' && Array.isArray(v.children);
}

function describeError(error: Error, depth: number): string {
  const tag = codes(error as Coded);
  // The stack starts with `name: message`; the code and condition go before it.
  const head = isForeign(error)
    ? `${error.name}${tag}, its text not logged`
    : `${tag ? `${tag.trimStart()} ` : ''}${error.stack ?? `${error.name}: ${error.message}`}`;
  const cause = (error as { cause?: unknown }).cause;
  if (cause === undefined || depth >= MAX_CAUSES) return head;
  return `${head}\n  caused by ${String(loggable(cause, depth + 1))}`;
}

/** The form of `value` that may be logged (see the rule above). */
export function loggable(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return describeError(value, depth);
  // Even its name and namespace are the sender's choice.
  if (isElement(value)) return '[an XML element, not logged]';
  return `[an object${codes(value as Coded)}, not logged]`;
}

/** A condition for a log line: one XMPP defines, or 'undefined-condition'. */
export const safeCondition = knownCondition;
