/**
 * Pure parsing and building of one-to-one message stanzas: bodies, receipts (XEP-0184), chat
 * states (XEP-0085), stable ids (XEP-0359), corrections (XEP-0308), delays (XEP-0203) and errors.
 * No I/O and no trust decisions: stanza-ids and delays are read as the claims they are (who
 * stamped them, as written); trust.ts decides which of them to believe.
 */
import xml, { type Element } from '@xmpp/xml';
import { MAX_BODY_CHARS, type ChatState } from '../../shared/schemas/chat';
import type { ErrorCode } from '../../shared/errors';
import { toBare } from '../../shared/jid';
import { NS } from '../../shared/namespaces';

/** Appended to a body we cut, so the reader knows there was more. */
export const TRUNCATION_MARKER = '\n[…]';

const CHAT_STATES: readonly ChatState[] = ['active', 'composing', 'paused', 'inactive', 'gone'];

/** A XEP-0359 stanza-id as written: `by` is whoever claims to have stamped it, verbatim. */
export interface StanzaIdClaim {
  readonly by: string;
  readonly id: string;
}

/** A XEP-0203 delay as written: `from` is whoever claims to have delayed it, verbatim. */
export interface DelayClaim {
  readonly from?: string;
  readonly stamp: number;
}

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
  /** Every stanza-id in document order (servers append theirs, so later ones are newer). */
  readonly stanzaIds: readonly StanzaIdClaim[];
  /** Every delay in document order (Prosody appends its own to offline messages). */
  readonly delays: readonly DelayClaim[];
  /**
   * Carries <x xmlns='muc#user'/>: sent through a room (XEP-0045 §7.5), so a private message
   * from an occupant when it comes from a full JID.
   */
  readonly mucUser: boolean;
  readonly receiptRequested: boolean;
  /** Id of the message that this receipt acknowledges. */
  readonly receiptFor?: string;
  readonly chatState?: ChatState;
  /** Id of the message this one corrects. */
  readonly replaces?: string;
  /**
   * Carries an invitation to a room (mediated, XEP-0045 §7.8.2, or direct, XEP-0249): the room
   * service handles it as a request to the user; it is no chat message.
   */
  readonly invitation: boolean;
  /** A room's subject (XEP-0045 §8.1), cut like a body; '' clears it. */
  readonly subject?: string;
  /**
   * Status codes a room sends when its configuration changed (XEP-0045 §10.2.1: 104, and 170
   * to 174 for logging and anonymity, which decide what occupants can learn of us).
   */
  readonly roomConfigChanged: boolean;
  /** Present on type='error'. */
  readonly error?: { readonly code: ErrorCode; readonly condition: string };
}

const CONFIG_STATUS = new Set([104, 170, 171, 172, 173, 174]);

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
        typeof c !== 'string' && c.attrs.xmlns === NS.stanzas && c.name !== 'text',
    )?.name ?? 'undefined-condition';
  const text = error?.getChildText('text', NS.stanzas) ?? '';
  return { code: errorCodeOf(condition, text), condition };
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 && value.length <= 1024 ? value : undefined;

/** The delays among an element's children (a message, or a <forwarded/> wrapper). */
export function parseDelays(parent: Element | undefined): DelayClaim[] {
  if (!parent) return [];
  return parent.getChildren('delay', NS.delay).flatMap((el) => {
    const stamp = parseStamp(el.attrs.stamp);
    if (stamp === undefined) return [];
    const from = text(el.attrs.from);
    return [{ stamp, ...(from !== undefined && { from }) }];
  });
}

function parseStanzaIds(stanza: Element): StanzaIdClaim[] {
  return stanza.getChildren('stanza-id', NS.sid).flatMap((el) => {
    const id = text(el.attrs.id);
    const by = el.attrs.by;
    return id !== undefined && typeof by === 'string' ? [{ by, id }] : [];
  });
}

/**
 * Parses a <message/>; null when it is not one or is malformed (unparseable addresses).
 * `ownBare` fills a missing from/to (the server speaking for our account).
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
  const receipt = stanza.getChild('received', NS.receipts);
  const state = stanza.children.find(
    (c): c is Element =>
      typeof c !== 'string' &&
      c.attrs.xmlns === NS.chatStates &&
      (CHAT_STATES as readonly string[]).includes(c.name),
  );
  const type = String(stanza.attrs.type ?? 'normal');
  const subject = stanza.getChild('subject');
  const parsed: ParsedMessage = {
    from,
    fromBare,
    to,
    toBare: toBareJid,
    type,
    truncated: clamped?.truncated ?? false,
    stanzaIds: parseStanzaIds(stanza),
    delays: parseDelays(stanza),
    mucUser: stanza.getChild('x', NS.mucUser) !== undefined,
    roomConfigChanged:
      stanza
        .getChild('x', NS.mucUser)
        ?.getChildren('status')
        .some((s) => CONFIG_STATUS.has(Number(s.attrs.code))) ?? false,
    invitation:
      stanza.getChild('x', NS.mucUser)?.getChild('invite') !== undefined ||
      stanza.getChild('x', NS.directInvite) !== undefined,
    receiptRequested: stanza.getChild('request', NS.receipts) !== undefined,
    ...(text(stanza.attrs.id) && { id: text(stanza.attrs.id) }),
    ...(clamped && { body: clamped.body }),
    ...(text(stanza.getChild('origin-id', NS.sid)?.attrs.id) && {
      originId: text(stanza.getChild('origin-id', NS.sid)?.attrs.id),
    }),
    ...(text(receipt?.attrs.id) && { receiptFor: text(receipt?.attrs.id) }),
    ...(state && { chatState: state.name as ChatState }),
    ...(text(stanza.getChild('replace', NS.correct)?.attrs.id) && {
      replaces: text(stanza.getChild('replace', NS.correct)?.attrs.id),
    }),
    ...(subject !== undefined && { subject: clampBody(subject.text()).body }),
    ...(type === 'error' && { error: parseError(stanza) }),
  };
  return parsed;
}

/** Marks a stanza to an occupant as private through the room (XEP-0045 §7.5). */
const throughRoom = (occupant: boolean | undefined) =>
  occupant ? [xml('x', { xmlns: NS.mucUser })] : [];

/**
 * An outgoing chat message: receipt request, origin-id equal to the id, active state; to an
 * occupant (a private message through a room) also the muc#user marker.
 */
export function buildChatMessage(options: {
  id: string;
  to: string;
  body: string;
  replaces?: string;
  occupant?: boolean;
}): Element {
  return xml(
    'message',
    { type: 'chat', id: options.id, to: options.to },
    xml('body', {}, options.body),
    xml('request', { xmlns: NS.receipts }),
    xml('origin-id', { xmlns: NS.sid, id: options.id }),
    xml('active', { xmlns: NS.chatStates }),
    ...(options.replaces ? [xml('replace', { xmlns: NS.correct, id: options.replaces })] : []),
    ...throughRoom(options.occupant),
  );
}

/** The XEP-0184 answer to a message that asked for a receipt; goes to the sender's full JID. */
export function buildReceipt(options: { id: string; to: string; receivedId: string }): Element {
  return xml(
    'message',
    { id: options.id, to: options.to },
    xml('received', { xmlns: NS.receipts, id: options.receivedId }),
  );
}

/** A standalone chat state notification; not worth archiving or storing offline. */
export function buildChatState(options: {
  id: string;
  to: string;
  state: ChatState;
  occupant?: boolean;
}): Element {
  return xml(
    'message',
    { type: 'chat', id: options.id, to: options.to },
    xml(options.state, { xmlns: NS.chatStates }),
    xml('no-store', { xmlns: NS.hints }),
    ...throughRoom(options.occupant),
  );
}
