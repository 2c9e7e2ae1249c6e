/**
 * OTR's data types on the wire (Protocol v3, "Data types"): BYTE, SHORT, INT, MPI (minimal
 * length, no leading zero), DATA, CTR (8 bytes) and MAC (20 bytes), written and read
 * big-endian. A peer's bytes are untrusted: every read is bounds-checked and throws
 * OtrFormatError, which callers turn into "ignore the message".
 */
import { fromBytes, toBytes } from './group';

export class OtrFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtrFormatError';
  }
}

/** The longest DATA or MPI accepted from a peer (the largest OTR field is far below). */
const MAX_FIELD_BYTES = 64 * 1024;

export class Writer {
  readonly #parts: Buffer[] = [];

  byte(value: number): this {
    this.#parts.push(Buffer.from([value & 0xff]));
    return this;
  }

  short(value: number): this {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(value);
    this.#parts.push(b);
    return this;
  }

  int(value: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(value >>> 0);
    this.#parts.push(b);
    return this;
  }

  mpi(value: bigint): this {
    return this.data(toBytes(value));
  }

  data(bytes: Uint8Array): this {
    this.int(bytes.length);
    this.#parts.push(Buffer.from(bytes));
    return this;
  }

  /** Fixed-length bytes (CTR, MAC, an already encoded structure). */
  raw(bytes: Uint8Array): this {
    this.#parts.push(Buffer.from(bytes));
    return this;
  }

  bytes(): Buffer {
    return Buffer.concat(this.#parts);
  }
}

export class Reader {
  #at = 0;

  constructor(private readonly buffer: Buffer) {}

  get offset(): number {
    return this.#at;
  }

  get remaining(): number {
    return this.buffer.length - this.#at;
  }

  #take(n: number): Buffer {
    if (n < 0 || this.#at + n > this.buffer.length) throw new OtrFormatError('truncated');
    const out = this.buffer.subarray(this.#at, this.#at + n);
    this.#at += n;
    return out;
  }

  byte(): number {
    return this.#take(1)[0]!;
  }

  short(): number {
    return this.#take(2).readUInt16BE();
  }

  int(): number {
    return this.#take(4).readUInt32BE();
  }

  data(): Buffer {
    const length = this.int();
    if (length > MAX_FIELD_BYTES) throw new OtrFormatError('field too long');
    return this.#take(length);
  }

  /** A non-minimal MPI (leading zeros) is read as its value, as libotr does. */
  mpi(): bigint {
    return fromBytes(this.data());
  }

  raw(n: number): Buffer {
    return this.#take(n);
  }

  /** Everything not read yet. */
  rest(): Buffer {
    return this.#take(this.remaining);
  }

  /** Throws unless everything was read: trailing bytes mean a malformed message. */
  end(): void {
    if (this.remaining !== 0) throw new OtrFormatError('trailing bytes');
  }
}
