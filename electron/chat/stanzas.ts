/**
 * Pure parsing and building of one-to-one message stanzas: bodies, receipts (XEP-0184), chat
 * states (XEP-0085), stable ids (XEP-0359), corrections (XEP-0308), delays (XEP-0203) and errors.
 * No I/O and no trust decisions beyond what a single stanza can tell; the service decides the rest.
 */
import xml, { type Element } from '@xmpp/xml';
import { MAX_BODY_CHARS, type ChatState } from '../../shared/schemas/chat';
import type { ErrorCode } from '../../shared/errors';
import { toBare } from '../../shared/jid';

export const NS_RECEIPTS = 'urn:xmpp:receipts';
export const NS_CHATSTATES = 'http://jabber.org/protocol/chatstates';
export const NS_SID = 'urn:xmpp:sid:0';
export const NS_CORRECT = 'urn:xmpp:message-correct:0';
export const NS_DELAY = 'urn:xmpp:delay';
export const NS_HINTS = 'urn:xmpp:hints';
const NS_STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';

/** Appended to a body we cut, so the reader knows there was more. */
export const TRUNCATION_MARKER = '\n[…]';

const CHAT_STATES: readonly ChatState[] = ['active', 'composing', 'paused', 'inactive', 'gone'];

/** What one <message/> says, before any decision about who may say it. */
export interface ParsedMessage {
  readonly from: string;
  /** Bare form of `from`; the account's own bare JID when the stanza had no from. */
  readonly fromBare: string;
  readonly to: string;
  readonly toBare: string;
  readonly type: string;
  readonly id?: string;
  readonly body?: string;
  /** The body was longer than MAX_BODY_CHARS and was cut. */
  readonly truncated: boolean;
  readonly originId?: string;
  /**
   * A stanza-id claiming to be stamped by our own server (by === own bare JID; the last of them);
   * others are ignored. Only worth trusting when the server stamps (it supports MAM/XEP-0359).
   */
  readonly stanzaId?: string;
  /** XEP-0203 delay stamp, epoch ms. */
  readonly delayedAt?: number;
  readonly receiptRequested: boolean;
  /** Id of the message that this receipt acknowledges. */
  readonly receiptFor?: string;
  readonly chatState?: ChatState;
  /** Id of the message this one corrects. */
  readonly replaces?: string;
  /** Present on type='error'. */
  readonly error?: { readonly code: ErrorCode; readonly condition: string };
}

/** Cuts a body to MAX_BODY_CHARS code units without splitting a surrogate pair. */
export function clampBody(body: string): { body: string; truncated: boolean } {
  if (body.length <= MAX_BODY_CHARS) return { body, truncated: false };
  let end = MAX_BODY_CHARS;
  const code = body.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return { body: body.slice(0, end) + TRUNCATION_MARKER, truncated: true };
}

/** Parses an XEP-0082 timestamp; undefined when it is not one. */
export function parseStamp(stamp: unknown): number | undefined {
  if (typeof stamp !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(stamp)) return;
  const ms = Date.parse(stamp);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** Maps a message error's defined condition to the code the UI shows. */
export function errorCodeOf(condition: string, text: string): ErrorCode {
  switch (condition) {
    case 'service-unavailable':
    case 'recipient-unavailable':
    case 'item-not-found':
    case 'remote-server-not-found':
    case 'remote-server-timeout':
    case 'gone':
      return 'recipient-unavailable';
    case 'policy-violation':
    case 'not-acceptable':
    case 'resource-constraint':
      return /too (large|long|big)|size|length/i.test(text)
        ? 'message-too-large'
        : 'rejected-by-server';
    default:
      return 'rejected-by-server';
  }
}

function parseError(stanza: Element): { code: ErrorCode; condition: string } {
  const error = stanza.getChild('error');
  const condition =
    error?.children.find(
      (c): c is Element =>
        typeof c !== 'string' && c.attrs.xmlns === NS_STANZAS && c.name !== 'text',
    )?.name ?? 'undefined-condition';
  const text = error?.getChildText('text', NS_STANZAS) ?? '';
  return { code: errorCodeOf(condition, text), condition };
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 && value.length <= 1024 ? value : undefined;

/**
 * Parses a <message/>; null when it is not one or is malformed (unparseable addresses).
 * `ownBare` fills a missing from/to (the server speaking for our account) and decides which
 * stanza-id to trust.
 */
export function parseMessage(stanza: Element, ownBare: string): ParsedMessage | null {
  if (stanza.name !== 'message') return null;
  const from = String(stanza.attrs.from ?? ownBare);
  const to = String(stanza.attrs.to ?? ownBare);
  const fromBare = toBare(from);
  const toBareJid = toBare(to);
  if (!fromBare || !toBareJid) return null;

  const rawBody = stanza.getChild('body');
  const clamped = rawBody ? clampBody(rawBody.text()) : undefined;
  // Servers append their stamp; Prosody 0.12 does not strip a forged one that claims our JID,
  // so when several claim it, the last one is the server's.
  const stanzaId = stanza
    .getChildren('stanza-id', NS_SID)
    .filter((el) => toBare(String(el.attrs.by ?? '')) === ownBare)
    .at(-1);
  const delay = stanza.getChild('delay', NS_DELAY);
  const receipt = stanza.getChild('received', NS_RECEIPTS);
  const state = stanza.children.find(
    (c): c is Element =>
      typeof c !== 'string' &&
      c.attrs.xmlns === NS_CHATSTATES &&
      (CHAT_STATES as readonly string[]).includes(c.name),
  );
  const type = String(stanza.attrs.type ?? 'normal');
  const parsed: ParsedMessage = {
    from,
    fromBare,
    to,
    toBare: toBareJid,
    type,
    truncated: clamped?.truncated ?? false,
    receiptRequested: stanza.getChild('request', NS_RECEIPTS) !== undefined,
    ...(text(stanza.attrs.id) && { id: text(stanza.attrs.id) }),
    ...(clamped && { body: clamped.body }),
    ...(text(stanza.getChild('origin-id', NS_SID)?.attrs.id) && {
      originId: text(stanza.getChild('origin-id', NS_SID)?.attrs.id),
    }),
    ...(text(stanzaId?.attrs.id) && { stanzaId: text(stanzaId?.attrs.id) }),
    ...(parseStamp(delay?.attrs.stamp) !== undefined && {
      delayedAt: parseStamp(delay?.attrs.stamp),
    }),
    ...(text(receipt?.attrs.id) && { receiptFor: text(receipt?.attrs.id) }),
    ...(state && { chatState: state.name as ChatState }),
    ...(text(stanza.getChild('replace', NS_CORRECT)?.attrs.id) && {
      replaces: text(stanza.getChild('replace', NS_CORRECT)?.attrs.id),
    }),
    ...(type === 'error' && { error: parseError(stanza) }),
  };
  return parsed;
}

/** An outgoing chat message: receipt request, origin-id equal to the id, active state. */
export function buildChatMessage(options: {
  id: string;
  to: string;
  body: string;
  replaces?: string;
}): Element {
  return xml(
    'message',
    { type: 'chat', id: options.id, to: options.to },
    xml('body', {}, options.body),
    xml('request', { xmlns: NS_RECEIPTS }),
    xml('origin-id', { xmlns: NS_SID, id: options.id }),
    xml('active', { xmlns: NS_CHATSTATES }),
    ...(options.replaces ? [xml('replace', { xmlns: NS_CORRECT, id: options.replaces })] : []),
  );
}

/** The XEP-0184 answer to a message that asked for a receipt; goes to the sender's full JID. */
export function buildReceipt(options: { id: string; to: string; receivedId: string }): Element {
  return xml(
    'message',
    { id: options.id, to: options.to },
    xml('received', { xmlns: NS_RECEIPTS, id: options.receivedId }),
  );
}

/** A standalone chat state notification; not worth archiving or storing offline. */
export function buildChatState(options: { id: string; to: string; state: ChatState }): Element {
  return xml(
    'message',
    { type: 'chat', id: options.id, to: options.to },
    xml(options.state, { xmlns: NS_CHATSTATES }),
    xml('no-store', { xmlns: NS_HINTS }),
  );
}
