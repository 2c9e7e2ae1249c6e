/**
 * What an OTR message is, from the text of a chat message (Protocol v3, "Unencoded messages",
 * "Encoded messages", "Fragmentation"), and the encoded messages to and from their bytes.
 *
 * A query is recognised only at the start of a message (where OTR clients put it, before their
 * explanation): "?OTRv3?" pasted inside a sentence is text, and starts nothing.
 */
import { Reader, Writer, OtrFormatError } from './wire';

export const PROTOCOL_VERSION = 3;

export const MessageType = {
  DhCommit: 0x02,
  Data: 0x03,
  DhKey: 0x0a,
  RevealSignature: 0x11,
  Signature: 0x12,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];
type Of<K extends keyof typeof MessageType> = (typeof MessageType)[K];

/** Data message flag: a message we cannot read is ignored without telling anyone. */
export const IGNORE_UNREADABLE = 0x01;

/** The smallest valid instance tag (below it, tags are reserved). */
export const MIN_INSTANCE_TAG = 0x100;

interface Header {
  readonly sender: number;
  readonly receiver: number;
}

/** The fields of a data message its MAC covers. */
export interface DataFields extends Header {
  readonly flags: number;
  readonly senderKeyId: number;
  readonly recipientKeyId: number;
  readonly nextDh: bigint;
  readonly ctr: Buffer;
  readonly encrypted: Buffer;
}

export type Encoded = Header &
  (
    | { readonly type: Of<'DhCommit'>; readonly encryptedGx: Buffer; readonly hashedGx: Buffer }
    | { readonly type: Of<'DhKey'>; readonly gy: bigint }
    | {
        readonly type: Of<'RevealSignature'>;
        readonly revealedKey: Buffer;
        readonly encryptedSignature: Buffer;
        readonly mac: Buffer;
      }
    | {
        readonly type: Of<'Signature'>;
        readonly encryptedSignature: Buffer;
        readonly mac: Buffer;
      }
    | (DataFields & {
        readonly type: Of<'Data'>;
        readonly mac: Buffer;
        readonly oldMacKeys: Buffer;
        /** The bytes the MAC covers: from the version to the end of the encrypted message. */
        readonly authenticated: Buffer;
      })
  );

/** The binary form of an encoded message (for a data message, without its MAC and what follows). */
function head(type: MessageType, header: Header): Writer {
  return new Writer().short(PROTOCOL_VERSION).byte(type).int(header.sender).int(header.receiver);
}

export function encode(message: Encoded): Buffer {
  const w = head(message.type, message);
  switch (message.type) {
    case MessageType.DhCommit:
      return w.data(message.encryptedGx).data(message.hashedGx).bytes();
    case MessageType.DhKey:
      return w.mpi(message.gy).bytes();
    case MessageType.RevealSignature:
      return w.data(message.revealedKey).data(message.encryptedSignature).raw(message.mac).bytes();
    case MessageType.Signature:
      return w.data(message.encryptedSignature).raw(message.mac).bytes();
    case MessageType.Data:
      return Buffer.concat([
        message.authenticated,
        new Writer().raw(message.mac).data(message.oldMacKeys).bytes(),
      ]);
  }
}

/** The part of a data message its MAC covers. */
export function dataMessageBody(fields: DataFields): Buffer {
  return head(MessageType.Data, fields)
    .byte(fields.flags)
    .int(fields.senderKeyId)
    .int(fields.recipientKeyId)
    .mpi(fields.nextDh)
    .raw(fields.ctr)
    .data(fields.encrypted)
    .bytes();
}

/** Reads an encoded message; throws OtrFormatError when malformed. */
export function decode(
  bytes: Buffer,
): Encoded | { readonly type: 'other-version'; version: number } {
  const r = new Reader(bytes);
  const version = r.short();
  if (version !== PROTOCOL_VERSION) return { type: 'other-version', version };
  const type = r.byte() as MessageType;
  const header = { sender: r.int(), receiver: r.int() };
  let message: Encoded;
  switch (type) {
    case MessageType.DhCommit:
      message = { ...header, type, encryptedGx: r.data(), hashedGx: r.data() };
      break;
    case MessageType.DhKey:
      message = { ...header, type, gy: r.mpi() };
      break;
    case MessageType.RevealSignature:
      message = {
        ...header,
        type,
        revealedKey: r.data(),
        encryptedSignature: r.data(),
        mac: r.raw(20),
      };
      break;
    case MessageType.Signature:
      message = { ...header, type, encryptedSignature: r.data(), mac: r.raw(20) };
      break;
    case MessageType.Data: {
      const flags = r.byte();
      const senderKeyId = r.int();
      const recipientKeyId = r.int();
      const nextDh = r.mpi();
      const ctr = r.raw(8);
      const encrypted = r.data();
      const authenticated = bytes.subarray(0, r.offset);
      message = {
        ...header,
        type,
        flags,
        senderKeyId,
        recipientKeyId,
        nextDh,
        ctr,
        encrypted,
        authenticated,
        mac: r.raw(20),
        oldMacKeys: r.data(),
      };
      break;
    }
    default:
      throw new OtrFormatError('unknown message type');
  }
  r.end();
  return message;
}

/** "?OTR:" + base64 + "." */
export const frame = (bytes: Buffer): string => `?OTR:${bytes.toString('base64')}.`;

const WHITESPACE_BASE = ' \t  \t\t\t\t \t \t \t  ';
const WHITESPACE_VERSIONS: Record<string, number> = {
  ' \t \t  \t ': 1,
  '  \t\t  \t ': 2,
  '  \t\t  \t\t': 3,
};

/** What a chat message's text is to OTR. */
export type Classified =
  | { readonly kind: 'plain'; readonly text: string; readonly tagVersions?: ReadonlySet<number> }
  | { readonly kind: 'query'; readonly versions: ReadonlySet<number> }
  | { readonly kind: 'error'; readonly text: string }
  | { readonly kind: 'encoded'; readonly base64: string }
  | {
      readonly kind: 'fragment';
      readonly sender: number;
      readonly receiver: number;
      readonly k: number;
      readonly n: number;
      readonly piece: string;
    }
  /** Something of OTR that is not version 3 (a v1/v2 fragment or message). */
  | { readonly kind: 'unsupported' };

const QUERY = /^\s*\?OTR(\?)?(?:v([^?\s]*)\?)?/;
const FRAGMENT_V3 = /^\?OTR\|([0-9a-fA-F]{1,8})\|([0-9a-fA-F]{1,8}),(\d{1,5}),(\d{1,5}),([^,]+),$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function classify(text: string): Classified {
  const trimmed = text.trim();
  if (trimmed.startsWith('?OTR|')) {
    const m = FRAGMENT_V3.exec(trimmed);
    if (!m) return { kind: 'plain', text };
    return {
      kind: 'fragment',
      sender: Number.parseInt(m[1]!, 16),
      receiver: Number.parseInt(m[2]!, 16),
      k: Number(m[3]),
      n: Number(m[4]),
      piece: m[5]!,
    };
  }
  if (trimmed.startsWith('?OTR,')) return { kind: 'unsupported' };
  if (trimmed.startsWith('?OTR:')) {
    const end = trimmed.indexOf('.', 5);
    const base64 = trimmed.slice(5, end === -1 ? undefined : end);
    if (end === -1 || !BASE64.test(base64)) return { kind: 'plain', text };
    return { kind: 'encoded', base64 };
  }
  if (trimmed.startsWith('?OTR Error:')) {
    return { kind: 'error', text: trimmed.slice('?OTR Error:'.length).trim() };
  }
  const query = QUERY.exec(text);
  if (query && (query[1] !== undefined || query[2] !== undefined)) {
    const versions = new Set<number>();
    if (query[1] !== undefined) versions.add(1);
    for (const c of query[2] ?? '') if (c >= '1' && c <= '9') versions.add(Number(c));
    return { kind: 'query', versions };
  }
  const at = text.indexOf(WHITESPACE_BASE);
  if (at !== -1) {
    const versions = new Set<number>();
    let end = at + WHITESPACE_BASE.length;
    for (;;) {
      const chunk = text.slice(end, end + 8);
      const version = WHITESPACE_VERSIONS[chunk];
      if (chunk.length < 8 || !/^[ \t]{8}$/.test(chunk)) break;
      if (version !== undefined) versions.add(version);
      end += 8;
    }
    if (end > at + WHITESPACE_BASE.length) {
      return { kind: 'plain', text: text.slice(0, at) + text.slice(end), tagVersions: versions };
    }
  }
  return { kind: 'plain', text };
}

/** Whether a plaintext carries an OTR whitespace tag (an offer to talk privately). */
export const hasWhitespaceTag = (text: string): boolean => text.includes(WHITESPACE_BASE);

/** Our query: version 3 only. */
export const QUERY_MESSAGE = '?OTRv3?';

/** The whitespace tag offering version 3. */
export const WHITESPACE_TAG_V3 = `${WHITESPACE_BASE}  \t\t  \t\t`;

/** Splits a framed message into v3 fragments of at most `max` characters each. */
export function fragment(framed: string, max: number, sender: number, receiver: number): string[] {
  const overhead = `?OTR|${hex(sender)}|${hex(receiver)},00000,00000,,`.length;
  const room = max - overhead;
  if (framed.length <= max || room < 1) return [framed];
  const pieces: string[] = [];
  for (let i = 0; i < framed.length; i += room) pieces.push(framed.slice(i, i + room));
  if (pieces.length > 65535) throw new RangeError('too many fragments');
  return pieces.map(
    (piece, i) =>
      `?OTR|${hex(sender)}|${hex(receiver)},${pad5(i + 1)},${pad5(pieces.length)},${piece},`,
  );
}

const hex = (n: number) => (n >>> 0).toString(16);
const pad5 = (n: number) => String(n).padStart(5, '0');
