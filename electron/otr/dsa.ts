/**
 * OTR's long-term keys: DSA with a 1024-bit p and 160-bit q, as libotr makes them. The public key
 * travels as PUBKEY (type 0x0000, then p, q, g, y as MPIs); its fingerprint is the SHA-1 of that
 * encoding without the type. A signature is r and s, 20 bytes each.
 *
 * What is signed is a 32-byte SHA-256 HMAC that must not be hashed again, and libotr (through
 * libgcrypt) and potr take it as an integer, that is h mod q. Node can only sign what it hashes
 * first (DSA through crypto.sign hashes with SHA-256), so signing and verifying are the DSA
 * equations here, with OpenSSL doing the exponentiations (constant time for the secret k).
 */
import {
  createPrivateKey,
  createPublicKey,
  createHash,
  generateKeyPair,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { dsaPkcs8, readDsaPkcs8, readDsaSpki, type DsaParams } from './der';
import { humanOtrFingerprint } from '../../shared/otrFingerprint';
import { fromBytes, invert, powMod, toBytes, toFixedBytes } from './group';
import { OtrFormatError, Reader, Writer } from './wire';

const PUBKEY_DSA = 0x0000;
/** Bytes of r and of s: the length of q. */
const SIG_HALF = 20;

export interface DsaPublic extends DsaParams {
  readonly y: bigint;
}

/** A peer's (or our) public key, as OTR encodes and fingerprints it. */
export class OtrPublicKey {
  /** The PUBKEY encoding (type and four MPIs). */
  readonly encoded: Buffer;
  /** SHA-1 over the encoding without its two type bytes: 20 bytes. */
  readonly fingerprint: Buffer;

  constructor(readonly params: DsaPublic) {
    if (params.q >> 160n !== 0n || params.q >> 159n === 0n) {
      throw new OtrFormatError('q must be 160 bits');
    }
    this.encoded = new Writer()
      .short(PUBKEY_DSA)
      .mpi(params.p)
      .mpi(params.q)
      .mpi(params.g)
      .mpi(params.y)
      .bytes();
    this.fingerprint = createHash('sha1').update(this.encoded.subarray(2)).digest();
    const { p, q, g, y } = params;
    // A key that cannot verify anything honestly: refused rather than "verifying" garbage.
    if (g <= 1n || g >= p || y <= 1n || y >= p || (p - 1n) % q !== 0n) {
      throw new OtrFormatError('not a usable DSA key');
    }
    this.#pBytes = toBytes(p);
  }

  readonly #pBytes: Buffer;

  /** Reads a PUBKEY; throws OtrFormatError for another type or a key that is not usable. */
  static read(reader: Reader): OtrPublicKey {
    if (reader.short() !== PUBKEY_DSA) throw new OtrFormatError('unknown public key type');
    const p = reader.mpi();
    const q = reader.mpi();
    const g = reader.mpi();
    const y = reader.mpi();
    if (p >> 2048n !== 0n) throw new OtrFormatError('p too large');
    return new OtrPublicKey({ p, q, g, y });
  }

  /** Verifies r || s over the 32-byte `hash`. */
  verify(hash: Buffer, signature: Buffer): boolean {
    if (signature.length !== 2 * SIG_HALF) return false;
    const r = fromBytes(signature.subarray(0, SIG_HALF));
    const s = fromBytes(signature.subarray(SIG_HALF));
    const { p, q, g, y } = this.params;
    if (r === 0n || s === 0n || r >= q || s >= q) return false;
    const w = invert(s, q);
    const h = fromBytes(hash) % q;
    const v =
      ((powMod(g, (h * w) % q, p, this.#pBytes) * powMod(y, (r * w) % q, p, this.#pBytes)) % p) % q;
    return v === r;
  }
}

/** Our key pair. */
export class OtrPrivateKey {
  readonly publicKey: OtrPublicKey;

  readonly #x: bigint;

  private constructor(
    readonly privateKey: KeyObject,
    params: DsaPublic,
  ) {
    this.publicKey = new OtrPublicKey(params);
    this.#x = readDsaPkcs8(privateKey.export({ format: 'der', type: 'pkcs8' })).x;
  }

  /** A new key, made on OpenSSL's thread pool so that the caller's thread is not blocked. */
  static generate(): Promise<OtrPrivateKey> {
    return new Promise((resolve, reject) =>
      generateKeyPair('dsa', { modulusLength: 1024, divisorLength: 160 }, (error, pub, priv) => {
        if (error) return reject(error);
        const params = readDsaSpki(pub.export({ format: 'der', type: 'spki' }));
        resolve(new OtrPrivateKey(priv, params));
      }),
    );
  }

  /** From its PKCS#8 encoding (as stored). */
  static fromPkcs8(der: Buffer): OtrPrivateKey {
    const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    const params = readDsaSpki(createPublicKey(key).export({ format: 'der', type: 'spki' }));
    return new OtrPrivateKey(key, params);
  }

  /** From the numbers of a libotr key file (p, q, g, y, x). */
  static fromNumbers(numbers: DsaPublic & { readonly x: bigint }): OtrPrivateKey {
    const key = createPrivateKey({ key: dsaPkcs8(numbers), format: 'der', type: 'pkcs8' });
    return new OtrPrivateKey(key, numbers);
  }

  /** PKCS#8, for storing (encrypted at rest by the caller). */
  toPkcs8(): Buffer {
    return this.privateKey.export({ format: 'der', type: 'pkcs8' });
  }

  /** The secret exponent, for exporting to a libotr key file. */
  secretExponent(): bigint {
    return this.#x;
  }

  /**
   * r || s over the 32-byte `hash`. k is drawn from `random` with 64 bits to spare, so that
   * reducing it mod q leaves no usable bias.
   */
  sign(hash: Buffer, random: (n: number) => Buffer = randomBytes): Buffer {
    const { p, q, g } = this.publicKey.params;
    const h = fromBytes(hash) % q;
    for (;;) {
      const k = (fromBytes(random(SIG_HALF + 8)) % (q - 1n)) + 1n;
      const r = powMod(g, k, p) % q;
      const s = (invert(k, q) * (h + this.#x * r)) % q;
      if (r !== 0n && s !== 0n) {
        return Buffer.concat([toFixedBytes(r, SIG_HALF), toFixedBytes(s, SIG_HALF)]);
      }
    }
  }
}

/** The human form: five groups of eight upper-case hex digits. */
export const humanFingerprint = (fingerprint: Buffer): string =>
  humanOtrFingerprint(fingerprint.toString('hex'));
