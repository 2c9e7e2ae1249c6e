/**
 * libotr's files, so that a Pidgin user keeps their identity and what they verified:
 *  - otr.private_key: an S-expression (libgcrypt's "advanced" form) with, per account and
 *    protocol, a DSA key (p, q, g, y, x);
 *  - otr.fingerprints: one line per known key, tab-separated: contact, account, protocol, the
 *    fingerprint in hex, and the trust ("" unverified, "verified", "smp").
 * Reading never throws on a bad entry: it is skipped (and counted), the rest is kept.
 */
import { OtrFormatError } from './wire';
import { fromBytes, toBytes } from './group';

type Sexp = string | Buffer | Sexp[];

/** Tokens of libgcrypt's advanced S-expression form (and its canonical length-prefixed one). */
function parseSexp(text: string): Sexp[] {
  let at = 0;
  const fail = (why: string): never => {
    throw new OtrFormatError(`key file: ${why}`);
  };
  const skip = () => {
    while (at < text.length && /\s/.test(text[at]!)) at += 1;
  };
  const item = (): Sexp => {
    skip();
    const c = text[at];
    if (c === undefined) return fail('unexpected end');
    if (c === '(') {
      at += 1;
      const list: Sexp[] = [];
      for (;;) {
        skip();
        if (text[at] === ')') {
          at += 1;
          return list;
        }
        if (at >= text.length) return fail('unclosed list');
        list.push(item());
      }
    }
    if (c === '"') {
      let out = '';
      at += 1;
      while (at < text.length && text[at] !== '"') {
        if (text[at] === '\\') {
          at += 1;
          const e = text[at];
          out += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : (e ?? '');
        } else out += text[at];
        at += 1;
      }
      if (text[at] !== '"') return fail('unclosed string');
      at += 1;
      return out;
    }
    if (c === '#' || c === '|') {
      const end = text.indexOf(c, at + 1);
      if (end === -1) return fail('unclosed value');
      const body = text.slice(at + 1, end).replace(/\s/g, '');
      at = end + 1;
      return Buffer.from(body, c === '#' ? 'hex' : 'base64');
    }
    const length = /^(\d+):/.exec(text.slice(at, at + 12));
    if (length) {
      at += length[0].length;
      const n = Number(length[1]);
      const out = Buffer.from(text.slice(at, at + n), 'latin1');
      at += n;
      return out;
    }
    const token = /^[^\s()"#|]+/.exec(text.slice(at));
    if (!token) return fail(`unexpected "${c}"`);
    at += token[0].length;
    return token[0];
  };
  const out: Sexp[] = [];
  for (skip(); at < text.length; skip()) out.push(item());
  return out;
}

const asText = (s: Sexp | undefined): string | undefined =>
  typeof s === 'string' ? s : Buffer.isBuffer(s) ? s.toString('utf8') : undefined;

/** The value of the sublist named `name` in `list` (its second element). */
function field(list: Sexp[], name: string): Sexp | undefined {
  for (const s of list) if (Array.isArray(s) && asText(s[0]) === name) return s[1];
  return undefined;
}

function sublist(list: Sexp[], name: string): Sexp[] | undefined {
  for (const s of list) if (Array.isArray(s) && asText(s[0]) === name) return s;
  return undefined;
}

export interface DsaNumbers {
  readonly p: bigint;
  readonly q: bigint;
  readonly g: bigint;
  readonly y: bigint;
  readonly x: bigint;
}

export interface PrivateKeyEntry {
  readonly account: string;
  readonly protocol: string;
  readonly key: DsaNumbers;
}

export function readPrivateKeys(text: string): { keys: PrivateKeyEntry[]; skipped: number } {
  const root = parseSexp(text).find((s) => Array.isArray(s) && asText(s[0]) === 'privkeys');
  if (!Array.isArray(root)) throw new OtrFormatError('key file: no privkeys');
  const keys: PrivateKeyEntry[] = [];
  let skipped = 0;
  for (const entry of root.slice(1)) {
    if (!Array.isArray(entry) || asText(entry[0]) !== 'account') continue;
    const account = asText(field(entry, 'name'));
    const protocol = asText(field(entry, 'protocol'));
    const dsa = sublist(sublist(entry, 'private-key') ?? [], 'dsa');
    const number = (name: string) => {
      const v = dsa && field(dsa, name);
      return Buffer.isBuffer(v) ? fromBytes(v) : undefined;
    };
    const [p, q, g, y, x] = ['p', 'q', 'g', 'y', 'x'].map(number);
    if (!account || !protocol || !p || !q || !g || !y || !x) {
      skipped += 1;
      continue;
    }
    keys.push({ account, protocol, key: { p, q, g, y, x } });
  }
  return { keys, skipped };
}

/** A quoted S-expression string. */
const quoted = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** libgcrypt writes a number as hex, with a leading 00 when its top bit is set. */
function hexNumber(n: bigint): string {
  let bytes = toBytes(n);
  if (bytes.length === 0 || bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return `#${bytes.toString('hex').toUpperCase()}#`;
}

export function writePrivateKeys(entries: readonly PrivateKeyEntry[]): string {
  const accounts = entries.map(({ account, protocol, key }) =>
    [
      ' (account',
      `(name ${quoted(account)})`,
      `(protocol ${/^[A-Za-z0-9_-]+$/.test(protocol) ? protocol : quoted(protocol)})`,
      '(private-key ',
      ' (dsa ',
      ...(['p', 'q', 'g', 'y', 'x'] as const).map((k) => `  (${k} ${hexNumber(key[k])})`),
      '  )',
      ' )',
      ' )',
    ].join('\n'),
  );
  return `(privkeys\n${accounts.join('\n')}\n)\n`;
}

export type Trust = '' | 'verified' | 'smp';

export interface FingerprintEntry {
  readonly contact: string;
  readonly account: string;
  readonly protocol: string;
  /** 20 bytes. */
  readonly fingerprint: Buffer;
  /** '' when unverified; pidgin-otr writes "verified" (compared by hand) or "smp". */
  readonly trust: string;
}

export function readFingerprints(text: string): { entries: FingerprintEntry[]; skipped: number } {
  const entries: FingerprintEntry[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [contact, account, protocol, hex, trust = ''] = line.replace(/\r$/, '').split('\t');
    if (!contact || !account || !protocol || !hex || !/^[0-9a-fA-F]{40}$/.test(hex)) {
      skipped += 1;
      continue;
    }
    entries.push({ contact, account, protocol, fingerprint: Buffer.from(hex, 'hex'), trust });
  }
  return { entries, skipped };
}

export function writeFingerprints(entries: readonly FingerprintEntry[]): string {
  return entries
    .map((e) =>
      [e.contact, e.account, e.protocol, e.fingerprint.toString('hex'), e.trust]
        .map((f) => f.replace(/[\t\n]/g, ' '))
        .join('\t'),
    )
    .map((line) => `${line}\n`)
    .join('');
}
