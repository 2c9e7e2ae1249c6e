/**
 * The authenticated key exchange of OTR v3 (a SIGMA variant: D-H Commit, D-H Key, Reveal
 * Signature, Signature) as a state machine with no I/O: `start()` and `receive()` return the
 * message to send, and `receive()` says when the exchange is complete and with whom. Randomness
 * is injected. Anything malformed, unverifiable or unexpected in the current state is ignored,
 * as the protocol asks (an attacker can always drop messages; it must not be able to do more).
 */
import { createHash } from 'node:crypto';
import { OtrPrivateKey, OtrPublicKey } from './dsa';
import { G, fromBytes, isGroupElement, powP } from './group';
import { aesCtr, akeKeys, hmacSha256, hmacSha256_160, sameMac, type AkeKeys } from './keys';
import { MessageType, type Encoded } from './messages';
import { OtrFormatError, Reader, Writer } from './wire';

export type AuthState = 'none' | 'awaiting-dhkey' | 'awaiting-revealsig' | 'awaiting-sig';

/** Bytes of a D-H private exponent: 320 bits, as the protocol asks at least. */
export const DH_EXPONENT_BYTES = 40;
/** The key id of the D-H key each side uses in the AKE. */
export const AKE_KEY_ID = 1;

export interface DhPair {
  readonly x: bigint;
  readonly gx: bigint;
}

export function newDhPair(random: (n: number) => Buffer): DhPair {
  const x = fromBytes(random(DH_EXPONENT_BYTES));
  return { x, gx: powP(G, x) };
}

export interface AkeContext {
  readonly key: OtrPrivateKey;
  /** Our instance tag. */
  readonly instance: number;
  readonly random: (n: number) => Buffer;
}

/** A completed exchange: who the peer is and the keys the session starts from. */
export interface Established {
  readonly theirInstance: number;
  readonly theirKey: OtrPublicKey;
  readonly ourDh: DhPair;
  readonly ourKeyId: number;
  readonly theirDh: bigint;
  readonly theirKeyId: number;
  readonly ssid: Buffer;
  /** We sent the Reveal Signature (we began): the first half of the ssid is ours to read out. */
  readonly initiated: boolean;
}

export interface AkeResult {
  readonly reply?: Encoded;
  readonly established?: Established;
}

const mpi = (n: bigint) => new Writer().mpi(n).bytes();

export class Ake {
  state: AuthState = 'none';
  #theirInstance = 0;
  /** Our D-H key of this exchange (x as Bob, y as Alice). */
  #dh: DhPair | undefined;
  /** As Bob: the AES key hiding g^x in our commit, and that commit (to send again). */
  #r: Buffer | undefined;
  #commit: Encoded | undefined;
  /** As Bob: the g^y we answered with a Reveal Signature, and that message. */
  #theirGy: bigint | undefined;
  #revealSignature: Encoded | undefined;
  /** As Alice: the commit we answered, and our D-H Key message. */
  #theirCommit: { encryptedGx: Buffer; hashedGx: Buffer } | undefined;
  #dhKey: Encoded | undefined;
  /** As Bob, after the Reveal Signature: the keys to check the Signature with. */
  #keys: AkeKeys | undefined;

  constructor(private readonly context: AkeContext) {}

  /** Begins an exchange (a query or tag came, or the user asked): our D-H Commit. */
  start(theirInstance = 0): Encoded {
    this.#reset();
    this.#theirInstance = theirInstance;
    const dh = newDhPair(this.context.random);
    const r = this.context.random(16);
    const gxmpi = mpi(dh.gx);
    this.#dh = dh;
    this.#r = r;
    this.#commit = {
      type: MessageType.DhCommit,
      sender: this.context.instance,
      receiver: theirInstance,
      encryptedGx: aesCtr(r, Buffer.alloc(8), gxmpi),
      hashedGx: createHash('sha256').update(gxmpi).digest(),
    };
    this.state = 'awaiting-dhkey';
    return this.#commit;
  }

  /** Handles an AKE message (instance tags already checked by the caller). */
  receive(message: Encoded): AkeResult {
    try {
      switch (message.type) {
        case MessageType.DhCommit:
          return this.#onCommit(message);
        case MessageType.DhKey:
          return this.#onDhKey(message);
        case MessageType.RevealSignature:
          return this.#onRevealSignature(message);
        case MessageType.Signature:
          return this.#onSignature(message);
        default:
          return {};
      }
    } catch (error) {
      // Malformed or unverifiable: ignored, the state unchanged.
      if (error instanceof OtrFormatError) return {};
      throw error;
    }
  }

  #onCommit(message: Extract<Encoded, { type: 0x02 }>): AkeResult {
    if (this.state === 'awaiting-dhkey' && this.#commit?.type === MessageType.DhCommit) {
      // Both began at once: the higher hashed g^x goes on, the other answers it.
      if (Buffer.compare(this.#commit.hashedGx, message.hashedGx) > 0) {
        return { reply: this.#commit };
      }
    }
    if (this.state === 'awaiting-revealsig' && this.#dhKey) {
      // Our D-H Key again, for their new (or repeated) commit.
      this.#theirCommit = { encryptedGx: message.encryptedGx, hashedGx: message.hashedGx };
      this.#theirInstance = message.sender;
      return { reply: { ...this.#dhKey, receiver: message.sender } };
    }
    this.#reset();
    this.#theirInstance = message.sender;
    this.#theirCommit = { encryptedGx: message.encryptedGx, hashedGx: message.hashedGx };
    this.#dh = newDhPair(this.context.random);
    this.#dhKey = {
      type: MessageType.DhKey,
      sender: this.context.instance,
      receiver: message.sender,
      gy: this.#dh.gx,
    };
    this.state = 'awaiting-revealsig';
    return { reply: this.#dhKey };
  }

  #onDhKey(message: Extract<Encoded, { type: 0x0a }>): AkeResult {
    if (this.state === 'awaiting-sig') {
      // The same D-H Key again: our Reveal Signature was lost. Another one: ignored.
      return message.gy === this.#theirGy && this.#revealSignature
        ? { reply: this.#revealSignature }
        : {};
    }
    if (this.state !== 'awaiting-dhkey' || !this.#dh || !this.#r) return {};
    if (!isGroupElement(message.gy)) return {};
    const keys = akeKeys(powP(message.gy, this.#dh.x));
    const sealed = this.#identify(keys.m1, keys.c, keys.m2, this.#dh.gx, message.gy);
    this.#theirInstance = message.sender;
    this.#theirGy = message.gy;
    this.#keys = keys;
    this.#revealSignature = {
      type: MessageType.RevealSignature,
      sender: this.context.instance,
      receiver: message.sender,
      revealedKey: this.#r,
      ...sealed,
    };
    this.state = 'awaiting-sig';
    return { reply: this.#revealSignature };
  }

  #onRevealSignature(message: Extract<Encoded, { type: 0x11 }>): AkeResult {
    if (this.state !== 'awaiting-revealsig' || !this.#theirCommit || !this.#dh) return {};
    if (message.revealedKey.length !== 16) return {};
    const gxmpi = aesCtr(message.revealedKey, Buffer.alloc(8), this.#theirCommit.encryptedGx);
    const hashed = createHash('sha256').update(gxmpi).digest();
    if (!sameMac(hashed, this.#theirCommit.hashedGx)) return {};
    const reader = new Reader(gxmpi);
    const gx = reader.mpi();
    reader.end();
    if (!isGroupElement(gx)) return {};
    const keys = akeKeys(powP(gx, this.#dh.x));
    const their = this.#authenticate(message, keys.m2, keys.c, keys.m1, gx, this.#dh.gx);
    if (!their) return {};

    // Our half: the Signature message, under c', m1' and m2'.
    const reply: Encoded = {
      type: MessageType.Signature,
      sender: this.context.instance,
      receiver: message.sender,
      ...this.#identify(keys.m1Prime, keys.cPrime, keys.m2Prime, this.#dh.gx, gx),
    };
    const established: Established = {
      theirInstance: message.sender,
      theirKey: their.key,
      ourDh: this.#dh,
      ourKeyId: AKE_KEY_ID,
      theirDh: gx,
      theirKeyId: their.keyId,
      ssid: keys.ssid,
      initiated: false,
    };
    this.#reset();
    return { reply, established };
  }

  #onSignature(message: Extract<Encoded, { type: 0x12 }>): AkeResult {
    if (this.state !== 'awaiting-sig' || !this.#keys || !this.#dh || this.#theirGy === undefined) {
      return {};
    }
    const keys = this.#keys;
    const their = this.#authenticate(
      message,
      keys.m2Prime,
      keys.cPrime,
      keys.m1Prime,
      this.#theirGy,
      this.#dh.gx,
    );
    if (!their) return {};
    const established: Established = {
      theirInstance: message.sender,
      theirKey: their.key,
      ourDh: this.#dh,
      ourKeyId: AKE_KEY_ID,
      theirDh: this.#theirGy,
      theirKeyId: their.keyId,
      ssid: keys.ssid,
      initiated: true,
    };
    this.#reset();
    return { established };
  }

  /**
   * Who we are, for the other side: our key, key id and signature over
   * MAC_signKey(our g, their g, our key, key id), encrypted under aesKey and MACed under macKey.
   */
  #identify(
    signKey: Buffer,
    aesKey: Buffer,
    macKey: Buffer,
    ourG: bigint,
    theirG: bigint,
  ): { encryptedSignature: Buffer; mac: Buffer } {
    const ours = this.context.key.publicKey;
    const keyId = new Writer().int(AKE_KEY_ID).bytes();
    const signed = hmacSha256(signKey, mpi(ourG), mpi(theirG), ours.encoded, keyId);
    const x = new Writer().raw(ours.encoded).raw(keyId).raw(this.context.key.sign(signed)).bytes();
    const encryptedSignature = aesCtr(aesKey, Buffer.alloc(8), x);
    return {
      encryptedSignature,
      mac: hmacSha256_160(macKey, new Writer().data(encryptedSignature).bytes()),
    };
  }

  /**
   * Checks the MAC of an encrypted signature, decrypts it and verifies the signature over
   * MAC_m1(their g, our g, their key, their key id). Undefined when anything fails.
   */
  #authenticate(
    message: { encryptedSignature: Buffer; mac: Buffer },
    macKey: Buffer,
    aesKey: Buffer,
    signKey: Buffer,
    theirG: bigint,
    ourG: bigint,
  ): { key: OtrPublicKey; keyId: number } | undefined {
    const expected = hmacSha256_160(macKey, new Writer().data(message.encryptedSignature).bytes());
    if (!sameMac(expected, message.mac)) return undefined;
    const x = aesCtr(aesKey, Buffer.alloc(8), message.encryptedSignature);
    const reader = new Reader(x);
    const start = reader.offset;
    const key = OtrPublicKey.read(reader);
    // The key as they encoded it: that is what they signed.
    const keyBytes = x.subarray(start, reader.offset);
    const keyId = reader.int();
    const signature = reader.raw(40);
    reader.end();
    if (keyId === 0) return undefined;
    const signed = hmacSha256(
      signKey,
      mpi(theirG),
      mpi(ourG),
      keyBytes,
      new Writer().int(keyId).bytes(),
    );
    return key.verify(signed, signature) ? { key, keyId } : undefined;
  }

  #reset(): void {
    this.state = 'none';
    this.#dh = undefined;
    this.#r = undefined;
    this.#commit = undefined;
    this.#theirGy = undefined;
    this.#revealSignature = undefined;
    this.#theirCommit = undefined;
    this.#dhKey = undefined;
    this.#keys = undefined;
  }

  get theirInstance(): number {
    return this.#theirInstance;
  }
}
