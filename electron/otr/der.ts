/**
 * Just enough DER for DSA keys to cross between OTR's numbers (p, q, g, y, x) and OpenSSL's
 * encodings (SubjectPublicKeyInfo read, PKCS#8 read and written). Only these structures are read,
 * and only from OpenSSL or from our own output.
 */
import { fromBytes, toBytes } from './group';
import { OtrFormatError } from './wire';

/** 1.2.840.10040.4.1, id-dsa. */
const DSA_OID = Buffer.from([0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01]);

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes = toBytes(BigInt(n));
  return Buffer.concat([Buffer.from([0x80 | bytes.length]), bytes]);
}

const tlv = (tag: number, body: Buffer): Buffer =>
  Buffer.concat([Buffer.from([tag]), length(body.length), body]);

function derInteger(n: bigint): Buffer {
  let bytes = toBytes(n);
  if (bytes.length === 0 || (bytes[0]! & 0x80) !== 0)
    bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));

export interface DsaParams {
  readonly p: bigint;
  readonly q: bigint;
  readonly g: bigint;
}

/** PKCS#8 of a DSA private key. */
export function dsaPkcs8(key: DsaParams & { readonly x: bigint }): Buffer {
  const algorithm = sequence(
    DSA_OID,
    sequence(derInteger(key.p), derInteger(key.q), derInteger(key.g)),
  );
  return sequence(derInteger(0n), algorithm, tlv(0x04, derInteger(key.x)));
}

/** Reads DER elements one after the other. */
class DerReader {
  #at = 0;
  constructor(private readonly bytes: Buffer) {}

  get done(): boolean {
    return this.#at >= this.bytes.length;
  }

  next(expectedTag: number): Buffer {
    const tag = this.bytes[this.#at];
    if (tag !== expectedTag) throw new OtrFormatError('unexpected DER element');
    let len = this.bytes[this.#at + 1];
    if (len === undefined) throw new OtrFormatError('truncated DER');
    let at = this.#at + 2;
    if (len & 0x80) {
      const count = len & 0x7f;
      if (count === 0 || count > 4) throw new OtrFormatError('bad DER length');
      len = Number(fromBytes(this.bytes.subarray(at, at + count)));
      at += count;
    }
    if (at + len > this.bytes.length) throw new OtrFormatError('truncated DER');
    this.#at = at + len;
    return this.bytes.subarray(at, at + len);
  }

  integer(): bigint {
    return fromBytes(this.next(0x02));
  }
}

/** p, q, g and y of a DSA SubjectPublicKeyInfo. */
export function readDsaSpki(der: Buffer): DsaParams & { y: bigint } {
  const outer = new DerReader(new DerReader(der).next(0x30));
  const algorithm = new DerReader(outer.next(0x30));
  const oid = algorithm.next(0x06);
  if (!Buffer.concat([Buffer.from([0x06, oid.length]), oid]).equals(DSA_OID)) {
    throw new OtrFormatError('not a DSA key');
  }
  const params = new DerReader(algorithm.next(0x30));
  const p = params.integer();
  const q = params.integer();
  const g = params.integer();
  const bits = outer.next(0x03);
  const y = new DerReader(bits.subarray(1)).integer();
  return { p, q, g, y };
}

/** x of a DSA PKCS#8 private key. */
export function readDsaPkcs8(der: Buffer): DsaParams & { x: bigint } {
  const outer = new DerReader(new DerReader(der).next(0x30));
  outer.integer();
  const algorithm = new DerReader(outer.next(0x30));
  algorithm.next(0x06);
  const params = new DerReader(algorithm.next(0x30));
  const p = params.integer();
  const q = params.integer();
  const g = params.integer();
  const x = new DerReader(outer.next(0x04)).integer();
  return { p, q, g, x };
}
