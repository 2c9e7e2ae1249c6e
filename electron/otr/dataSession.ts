/**
 * An established OTR session with one instance of a contact: the D-H keys of both sides, their
 * rotation, and data messages in and out (Protocol v3, "Key Management", "Data Message",
 * "Revealing MAC keys"). Each side keeps its two newest key pairs and the other's two newest
 * public keys; a message names the pair it used, and its counter must grow for that pair. MAC
 * keys of a key being forgotten are revealed in the next message, so that old transcripts can
 * be forged by anyone (deniability).
 */
import { newDhPair, type DhPair, type Established } from './ake';
import type { OtrPublicKey } from './dsa';
import { fromBytes, isGroupElement, powP, toFixedBytes } from './group';
import { aesCtr, dataKeys, hmacSha1, sameMac, type DataKeys } from './keys';
import { MessageType, dataMessageBody, type Encoded } from './messages';

type DataMessage = Extract<Encoded, { type: 0x03 }>;

interface OurKey {
  readonly id: number;
  readonly pair: DhPair;
}

interface TheirKey {
  readonly id: number;
  readonly y: bigint;
}

/** The keys and counters of one pairing (our key id, their key id). */
interface Pairing {
  readonly keys: DataKeys;
  /** The top half of the counter of our last message under this pairing. */
  sendCounter: bigint;
  /** The highest counter received under this pairing. */
  recvCounter: bigint;
  /** Its receiving MAC key verified a message: revealed when the pairing is forgotten. */
  macUsed: boolean;
}

export type Decrypted =
  | { readonly ok: true; readonly plaintext: Buffer; readonly extraKey: Buffer }
  | { readonly ok: false; readonly reason: 'keys' | 'mac' | 'counter' | 'format' };

export class DataSession {
  readonly theirInstance: number;
  readonly theirKey: OtrPublicKey;
  readonly ssid: Buffer;
  readonly initiated: boolean;
  /** Our previous and newest key pairs: [our_keyid - 1, our_keyid]. */
  #ours: [OurKey, OurKey];
  /** Their previous (if known) and newest public keys. */
  #theirPrevious: TheirKey | undefined;
  #theirs: TheirKey;
  readonly #pairings = new Map<string, Pairing>();
  /** MAC keys to reveal in the next message we send. */
  #toReveal: Buffer[] = [];

  constructor(
    established: Established,
    private readonly random: (n: number) => Buffer,
  ) {
    this.theirInstance = established.theirInstance;
    this.theirKey = established.theirKey;
    this.ssid = established.ssid;
    this.initiated = established.initiated;
    const first = { id: established.ourKeyId, pair: established.ourDh };
    this.#ours = [first, { id: first.id + 1, pair: newDhPair(random) }];
    this.#theirs = { id: established.theirKeyId, y: established.theirDh };
  }

  /** A data message carrying `plaintext` (already with its TLVs). */
  encrypt(plaintext: Buffer, ourInstance: number, flags = 0): DataMessage {
    const [previous, newest] = this.#ours;
    const pairing = this.#pairing(previous, this.#theirs);
    pairing.sendCounter += 1n;
    const ctr = toFixedBytes(pairing.sendCounter, 8);
    const encrypted = aesCtr(pairing.keys.sendAes, ctr, plaintext);
    const fields = {
      sender: ourInstance,
      receiver: this.theirInstance,
      flags,
      senderKeyId: previous.id,
      recipientKeyId: this.#theirs.id,
      nextDh: newest.pair.gx,
      ctr,
      encrypted,
    };
    const authenticated = dataMessageBody(fields);
    const oldMacKeys = Buffer.concat(this.#toReveal);
    this.#toReveal = [];
    return {
      type: MessageType.Data,
      ...fields,
      authenticated,
      mac: hmacSha1(pairing.keys.sendMac, authenticated),
      oldMacKeys,
    };
  }

  /** Checks and opens a data message, then rotates keys as it tells. */
  decrypt(message: DataMessage): Decrypted {
    const ours = this.#ours.find((k) => k.id === message.recipientKeyId);
    const theirs =
      message.senderKeyId === this.#theirs.id
        ? this.#theirs
        : message.senderKeyId === this.#theirPrevious?.id
          ? this.#theirPrevious
          : undefined;
    if (!ours || !theirs) return { ok: false, reason: 'keys' };
    const pairing = this.#pairing(ours, theirs);
    if (!sameMac(hmacSha1(pairing.keys.recvMac, message.authenticated), message.mac)) {
      return { ok: false, reason: 'mac' };
    }
    const counter = fromBytes(message.ctr);
    if (counter <= pairing.recvCounter) return { ok: false, reason: 'counter' };
    // The next key must be usable before anything changes.
    if (message.senderKeyId === this.#theirs.id && !isGroupElement(message.nextDh)) {
      return { ok: false, reason: 'format' };
    }
    pairing.recvCounter = counter;
    pairing.macUsed = true;
    const plaintext = aesCtr(pairing.keys.recvAes, message.ctr, message.encrypted);
    const extraKey = pairing.keys.extra;

    // They have seen our newest key: forget the previous one and make a new newest.
    if (message.recipientKeyId === this.#ours[1].id) {
      const [old, newest] = this.#ours;
      this.#forgetOurs(old.id);
      this.#ours = [newest, { id: newest.id + 1, pair: newDhPair(this.random) }];
    }
    // They used their newest key: the next one they sent becomes their newest.
    if (message.senderKeyId === this.#theirs.id) {
      if (this.#theirPrevious) this.#forgetTheirs(this.#theirPrevious.id);
      this.#theirPrevious = this.#theirs;
      this.#theirs = { id: this.#theirs.id + 1, y: message.nextDh };
    }
    return { ok: true, plaintext, extraKey };
  }

  /** The extra symmetric key of the pairing our next message uses (TLV 8). */
  get extraKey(): Buffer {
    return this.#pairing(this.#ours[0], this.#theirs).keys.extra;
  }

  /** The MAC keys waiting to be revealed (for the last message, when the session ends). */
  get pendingReveal(): number {
    return this.#toReveal.length;
  }

  #pairing(ours: OurKey, theirs: TheirKey): Pairing {
    const id = `${ours.id}:${theirs.id}`;
    let pairing = this.#pairings.get(id);
    if (!pairing) {
      pairing = {
        keys: dataKeys(ours.pair.gx, theirs.y, powP(theirs.y, ours.pair.x)),
        sendCounter: 0n,
        recvCounter: 0n,
        macUsed: false,
      };
      this.#pairings.set(id, pairing);
    }
    return pairing;
  }

  #forgetOurs(id: number): void {
    for (const [key, pairing] of this.#pairings) {
      if (key.startsWith(`${id}:`)) this.#drop(key, pairing);
    }
  }

  #forgetTheirs(id: number): void {
    for (const [key, pairing] of this.#pairings) {
      if (key.endsWith(`:${id}`)) this.#drop(key, pairing);
    }
  }

  #drop(key: string, pairing: Pairing): void {
    if (pairing.macUsed) this.#toReveal.push(pairing.keys.recvMac);
    this.#pairings.delete(key);
  }
}
