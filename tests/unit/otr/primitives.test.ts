// OTR's building blocks: the group arithmetic (OpenSSL's exponentiation checked against plain
// BigInt), the wire types with their bounds checks, and DSA keys whose signatures follow
// libotr's convention (the 32-byte hash taken as an integer mod q), checked against the DSA
// equation computed here by hand.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { OtrPrivateKey, OtrPublicKey, humanFingerprint } from '../../../electron/otr/dsa';
import {
  P,
  Q,
  fromBytes,
  invert,
  isGroupElement,
  mod,
  powP,
  toBytes,
  toFixedBytes,
} from '../../../electron/otr/group';
import { OtrFormatError, Reader, Writer } from '../../../electron/otr/wire';

/** Square-and-multiply on BigInt: slow, obviously right. */
function powSlow(base: bigint, exponent: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

describe('the OTR group', () => {
  it('exponentiates as plain arithmetic does, for any base', () => {
    for (let i = 0; i < 5; i += 1) {
      const base = fromBytes(randomBytes(192)) % P;
      const exponent = fromBytes(randomBytes(40));
      expect(powP(base, exponent)).toBe(powSlow(base, exponent, P));
    }
    // Outside the subgroup of order q (OpenSSL 3 refuses such a "peer key"): p - 2 is not a
    // square mod p, since -1 is not and 2 is.
    expect(powP(P - 2n, 3n)).toBe(powSlow(P - 2n, 3n, P));
    expect(powP(P - 2n, Q)).toBe(P - 1n);
    expect(powP(P - 2n, 2n * Q)).toBe(1n);
    expect(powP(2n, 0n)).toBe(1n);
    expect(powP(5n, P - 1n)).toBe(1n);
    // A result with leading zero bytes keeps its value.
    const small = powP(2n, 10n);
    expect(small).toBe(1024n);
  });

  it('inverts, encodes integers, and refuses 0, 1 and p-1 as elements', () => {
    const x = fromBytes(randomBytes(100));
    expect((x * invert(x)) % P).toBe(1n);
    expect((x * invert(x, Q)) % Q).toBe(1n);
    expect(toBytes(0n)).toHaveLength(0);
    expect(toBytes(0x0100n)).toEqual(Buffer.from([1, 0]));
    expect(toFixedBytes(1n, 4)).toEqual(Buffer.from([0, 0, 0, 1]));
    expect(() => toFixedBytes(1n << 40n, 4)).toThrow(RangeError);
    expect([0n, 1n, P - 1n, P].map(isGroupElement)).toEqual([false, false, false, false]);
    expect([2n, P - 2n].map(isGroupElement)).toEqual([true, true]);
  });
});

describe('the wire types', () => {
  it('write and read back BYTE, SHORT, INT, MPI, DATA and fixed bytes', () => {
    const bytes = new Writer()
      .byte(7)
      .short(0xbeef)
      .int(0xdeadbeef)
      .mpi(0x012345n)
      .mpi(0n)
      .data(Buffer.from('hi'))
      .raw(Buffer.alloc(8, 1))
      .bytes();
    // The MPI is minimal: three bytes, no leading zero.
    expect(bytes.subarray(7, 14)).toEqual(Buffer.from([0, 0, 0, 3, 0x01, 0x23, 0x45]));
    const r = new Reader(bytes);
    expect([r.byte(), r.short(), r.int(), r.mpi(), r.mpi()]).toEqual([
      7,
      0xbeef,
      0xdeadbeef,
      0x012345n,
      0n,
    ]);
    expect(r.data().toString()).toBe('hi');
    expect(r.raw(8)).toEqual(Buffer.alloc(8, 1));
    expect(() => r.end()).not.toThrow();
  });

  it('refuses truncated fields, absurd lengths and trailing bytes', () => {
    expect(() => new Reader(Buffer.from([0, 0, 0, 5, 1])).data()).toThrow(OtrFormatError);
    expect(() => new Reader(Buffer.from([0xff, 0xff, 0xff, 0xff])).data()).toThrow(OtrFormatError);
    expect(() => new Reader(Buffer.from([1])).short()).toThrow(OtrFormatError);
    const r = new Reader(Buffer.from([1, 2]));
    r.byte();
    expect(() => r.end()).toThrow(OtrFormatError);
  });
});

describe('DSA keys', () => {
  let key: OtrPrivateKey;
  beforeAll(async () => {
    key = await OtrPrivateKey.generate();
  });

  it('are 1024/160-bit, with a fingerprint over the encoding without its type', () => {
    const { p, q } = key.publicKey.params;
    expect(p.toString(2)).toHaveLength(1024);
    expect(q.toString(2)).toHaveLength(160);
    expect(key.publicKey.encoded.subarray(0, 2)).toEqual(Buffer.from([0, 0]));
    expect(key.publicKey.fingerprint).toHaveLength(20);
    expect(humanFingerprint(key.publicKey.fingerprint)).toMatch(/^([0-9A-F]{8} ){4}[0-9A-F]{8}$/);
    // Read back from its encoding: the same key.
    const again = OtrPublicKey.read(new Reader(key.publicKey.encoded));
    expect(again.fingerprint).toEqual(key.publicKey.fingerprint);
  });

  it('sign a 32-byte hash as h mod q, as libotr does, and verify only what was signed', () => {
    const hash = randomBytes(32);
    const signature = key.sign(hash);
    expect(signature).toHaveLength(40);
    expect(key.publicKey.verify(hash, signature)).toBe(true);

    // The DSA equation by hand, with h = the hash as an integer reduced mod q.
    const { p, q, g, y } = key.publicKey.params;
    const r = fromBytes(signature.subarray(0, 20));
    const s = fromBytes(signature.subarray(20));
    const w = invert(s, q);
    const h = fromBytes(hash) % q;
    const v = ((powSlow(g, (h * w) % q, p) * powSlow(y, (r * w) % q, p)) % p) % q;
    expect(v).toBe(r);

    const other = Buffer.from(hash);
    other[0]! ^= 1;
    expect(key.publicKey.verify(other, signature)).toBe(false);
    const bad = Buffer.from(signature);
    bad[39]! ^= 1;
    expect(key.publicKey.verify(hash, bad)).toBe(false);
    expect(key.publicKey.verify(hash, signature.subarray(0, 39))).toBe(false);
  });

  it('survive storage (PKCS#8) and libotr numbers', () => {
    const stored = OtrPrivateKey.fromPkcs8(key.toPkcs8());
    expect(stored.publicKey.fingerprint).toEqual(key.publicKey.fingerprint);
    const numbers = { ...key.publicKey.params, x: key.secretExponent() };
    const imported = OtrPrivateKey.fromNumbers(numbers);
    const hash = randomBytes(32);
    expect(key.publicKey.verify(hash, imported.sign(hash))).toBe(true);
  });

  it('refuse public keys that are not DSA or not 160-bit q', () => {
    const w = new Writer().short(1).mpi(5n).bytes();
    expect(() => OtrPublicKey.read(new Reader(w))).toThrow(OtrFormatError);
    const { p, g, y } = key.publicKey.params;
    expect(() => new OtrPublicKey({ p, q: 7n, g, y })).toThrow(OtrFormatError);
  });
});
