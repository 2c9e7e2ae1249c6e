/**
 * The keys OTR derives from a Diffie-Hellman secret s (Protocol v3, "Computing AES keys, MAC keys,
 * and the secure session id"), AES-128 in counter mode, and the HMACs it uses.
 */
import { createCipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Writer } from './wire';

/** s as a minimal MPI: what every derivation hashes. */
export const secbytes = (s: bigint): Buffer => new Writer().mpi(s).bytes();

const h2 = (b: number, secret: Buffer): Buffer =>
  createHash('sha256')
    .update(Buffer.from([b]))
    .update(secret)
    .digest();

const h1 = (b: number, secret: Buffer): Buffer =>
  createHash('sha1')
    .update(Buffer.from([b]))
    .update(secret)
    .digest();

/** The AKE's keys: session id, c and c' (AES), m1, m2, m1', m2' (SHA256-HMAC). */
export interface AkeKeys {
  readonly ssid: Buffer;
  readonly c: Buffer;
  readonly cPrime: Buffer;
  readonly m1: Buffer;
  readonly m2: Buffer;
  readonly m1Prime: Buffer;
  readonly m2Prime: Buffer;
  /** The extra symmetric key of this AKE's secret (h2(0xFF)). */
  readonly extra: Buffer;
}

export function akeKeys(s: bigint): AkeKeys {
  const secret = secbytes(s);
  const c = h2(0x01, secret);
  return {
    ssid: h2(0x00, secret).subarray(0, 8),
    c: c.subarray(0, 16),
    cPrime: c.subarray(16, 32),
    m1: h2(0x02, secret),
    m2: h2(0x03, secret),
    m1Prime: h2(0x04, secret),
    m2Prime: h2(0x05, secret),
    extra: h2(0xff, secret),
  };
}

/** The keys of one pairing of our D-H key with theirs, for data messages. */
export interface DataKeys {
  readonly sendAes: Buffer;
  readonly sendMac: Buffer;
  readonly recvAes: Buffer;
  readonly recvMac: Buffer;
  /** The extra symmetric key (TLV 8) for messages under this pairing. */
  readonly extra: Buffer;
}

/** Whoever has the numerically greater public key is the "high" end (sends with 0x01). */
export function dataKeys(ourPublic: bigint, theirPublic: bigint, s: bigint): DataKeys {
  const secret = secbytes(s);
  const high = ourPublic > theirPublic;
  const sendAes = h1(high ? 0x01 : 0x02, secret).subarray(0, 16);
  const recvAes = h1(high ? 0x02 : 0x01, secret).subarray(0, 16);
  return {
    sendAes,
    sendMac: createHash('sha1').update(sendAes).digest(),
    recvAes,
    recvMac: createHash('sha1').update(recvAes).digest(),
    extra: h2(0xff, secret),
  };
}

/** AES-128-CTR with the 16-byte initial counter `top` (8 bytes) followed by eight zeros. */
export function aesCtr(key: Buffer, top: Buffer, data: Buffer): Buffer {
  const iv = Buffer.concat([top, Buffer.alloc(16 - top.length)]);
  const cipher = createCipheriv('aes-128-ctr', key, iv);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

export const hmacSha256 = (key: Buffer, ...data: Buffer[]): Buffer => {
  const mac = createHmac('sha256', key);
  for (const d of data) mac.update(d);
  return mac.digest();
};

/** SHA256-HMAC-160: the first 20 bytes. */
export const hmacSha256_160 = (key: Buffer, data: Buffer): Buffer =>
  hmacSha256(key, data).subarray(0, 20);

export const hmacSha1 = (key: Buffer, data: Buffer): Buffer =>
  createHmac('sha1', key).update(data).digest();

/** Constant-time comparison of two MACs (false when the lengths differ). */
export const sameMac = (a: Buffer, b: Buffer): boolean =>
  a.length === b.length && timingSafeEqual(a, b);
