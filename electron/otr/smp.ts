/**
 * The socialist millionaires' protocol of OTR v3 (Protocol v3, "Socialist Millionaires' Protocol"
 * and "The SMP state machine"): two people learn whether they typed the same secret, and nothing
 * else, with zero-knowledge proofs at every step. A state machine with no I/O: it takes and
 * returns TLVs. Any check that fails aborts (state back to expecting message 1) and says so.
 */
import { createHash } from 'node:crypto';
import { G, Q, fromBytes, invert, isGroupElement, mod, mulP, powP } from './group';
import { TlvType, readMpis, writeMpis, type Bigints, type Tlv } from './tlv';
import { OtrFormatError, Writer } from './wire';

export type SmpState = 'expect1' | 'expect2' | 'expect3' | 'expect4';

/** Random exponents are 1536 bits. */
const EXPONENT_BYTES = 192;

export type SmpEvent =
  /** The other side began: ask our user for the secret (and show their question). */
  | { readonly kind: 'asked'; readonly question?: string }
  | { readonly kind: 'result'; readonly success: boolean }
  /** The other side aborted, or a message was out of turn. */
  | { readonly kind: 'aborted' }
  /** A proof did not verify: someone is not following the protocol. */
  | { readonly kind: 'cheated' };

export interface SmpStep {
  readonly reply?: Tlv;
  readonly event?: SmpEvent;
}

/** The secret compared: SHA-256 over version 1, both fingerprints, the ssid and the user's input. */
export function smpSecret(
  initiatorFingerprint: Buffer,
  responderFingerprint: Buffer,
  ssid: Buffer,
  input: string,
): bigint {
  return fromBytes(
    createHash('sha256')
      .update(Buffer.from([1]))
      .update(initiatorFingerprint)
      .update(responderFingerprint)
      .update(ssid)
      .update(Buffer.from(input, 'utf8'))
      .digest(),
  );
}

/** The protocol's hash: SHA-256 of a version byte and one or two MPIs, as an integer. */
function hash(version: number, a: bigint, b?: bigint): bigint {
  const w = new Writer().byte(version).mpi(a);
  if (b !== undefined) w.mpi(b);
  return fromBytes(createHash('sha256').update(w.bytes()).digest());
}

const div = (a: bigint, b: bigint): bigint => mulP(a, invert(b));

/** An exponent a peer sends (D values): 1 <= D < q, as libotr checks. */
const isExponent = (d: bigint): boolean => d >= 1n && d < Q;

class Cheated extends Error {}

function expect(ok: boolean): void {
  if (!ok) throw new Cheated();
}

export class Smp {
  state: SmpState = 'expect1';
  #x: bigint | undefined;
  #a2 = 0n;
  #a3 = 0n;
  #g2 = 0n;
  #g3 = 0n;
  #g3o = 0n;
  #p = 0n;
  #q = 0n;
  #pab = 0n;
  #qab = 0n;
  /** Their message 1, held until our user gives the secret. */
  #pending: { g2a: bigint; g3a: bigint } | undefined;

  constructor(private readonly random: (n: number) => Buffer) {}

  #exponent(): bigint {
    return fromBytes(this.random(EXPONENT_BYTES));
  }

  #exponents<N extends number>(n: N): Bigints<N> {
    return Array.from({ length: n }, () => this.#exponent()) as Bigints<N>;
  }

  /** We begin, with our secret (from smpSecret) and maybe a question. */
  start(x: bigint, question?: string): Tlv {
    this.#reset();
    this.#x = x;
    this.#a2 = this.#exponent();
    this.#a3 = this.#exponent();
    const r2 = this.#exponent();
    const r3 = this.#exponent();
    const g2a = powP(G, this.#a2);
    const g3a = powP(G, this.#a3);
    const c2 = hash(1, powP(G, r2));
    const d2 = mod(r2 - this.#a2 * c2, Q);
    const c3 = hash(2, powP(G, r3));
    const d3 = mod(r3 - this.#a3 * c3, Q);
    const mpis = writeMpis([g2a, c2, d2, g3a, c3, d3]);
    this.state = 'expect2';
    if (question === undefined) return { type: TlvType.Smp1, value: mpis };
    const q = Buffer.from(question, 'utf8');
    return { type: TlvType.Smp1Q, value: Buffer.concat([q, Buffer.from([0]), mpis]) };
  }

  /** Our user's secret, after the other side began (message 2). */
  answer(y: bigint): Tlv | undefined {
    const pending = this.#pending;
    if (!pending || this.state !== 'expect1') return undefined;
    this.#pending = undefined;
    const b2 = this.#exponent();
    const b3 = this.#exponent();
    const [r2, r3, r4, r5, r6] = this.#exponents(5);
    const g2b = powP(G, b2);
    const g3b = powP(G, b3);
    const c2 = hash(3, powP(G, r2));
    const d2 = mod(r2 - b2 * c2, Q);
    const c3 = hash(4, powP(G, r3));
    const d3 = mod(r3 - b3 * c3, Q);
    this.#g2 = powP(pending.g2a, b2);
    this.#g3 = powP(pending.g3a, b3);
    this.#g3o = pending.g3a;
    this.#a3 = b3;
    this.#p = powP(this.#g3, r4);
    this.#q = mulP(powP(G, r4), powP(this.#g2, y));
    const cp = hash(5, powP(this.#g3, r5), mulP(powP(G, r5), powP(this.#g2, r6)));
    const d5 = mod(r5 - r4 * cp, Q);
    const d6 = mod(r6 - y * cp, Q);
    this.state = 'expect3';
    return {
      type: TlvType.Smp2,
      value: writeMpis([g2b, c2, d2, g3b, c3, d3, this.#p, this.#q, cp, d5, d6]),
    };
  }

  /** Our user gives up (or the session ends). */
  abort(): Tlv {
    this.#reset();
    return { type: TlvType.SmpAbort, value: Buffer.alloc(0) };
  }

  receive(tlv: Tlv): SmpStep {
    if (tlv.type === TlvType.SmpAbort) {
      this.#reset();
      return { event: { kind: 'aborted' } };
    }
    const expected: Record<number, SmpState> = {
      [TlvType.Smp1]: 'expect1',
      [TlvType.Smp1Q]: 'expect1',
      [TlvType.Smp2]: 'expect2',
      [TlvType.Smp3]: 'expect3',
      [TlvType.Smp4]: 'expect4',
    };
    const wanted = expected[tlv.type];
    if (wanted === undefined) return {};
    if (this.state !== wanted) {
      // Out of turn: both start over.
      return { reply: this.abort(), event: { kind: 'aborted' } };
    }
    try {
      switch (tlv.type) {
        case TlvType.Smp1:
        case TlvType.Smp1Q:
          return this.#onMessage1(tlv);
        case TlvType.Smp2:
          return this.#onMessage2(tlv.value);
        case TlvType.Smp3:
          return this.#onMessage3(tlv.value);
        default:
          return this.#onMessage4(tlv.value);
      }
    } catch (error) {
      if (error instanceof Cheated || error instanceof OtrFormatError) {
        return { reply: this.abort(), event: { kind: 'cheated' } };
      }
      throw error;
    }
  }

  #onMessage1(tlv: Tlv): SmpStep {
    let value = tlv.value;
    let question: string | undefined;
    if (tlv.type === TlvType.Smp1Q) {
      const nul = value.indexOf(0);
      if (nul === -1) throw new OtrFormatError('question without its end');
      question = value.subarray(0, nul).toString('utf8');
      value = value.subarray(nul + 1);
    }
    const [g2a, c2, d2, g3a, c3, d3] = readMpis(value, 6);
    expect(isGroupElement(g2a) && isGroupElement(g3a) && isExponent(d2) && isExponent(d3));
    expect(c2 === hash(1, mulP(powP(G, d2), powP(g2a, c2))));
    expect(c3 === hash(2, mulP(powP(G, d3), powP(g3a, c3))));
    this.#pending = { g2a, g3a };
    return { event: { kind: 'asked', ...(question !== undefined && { question }) } };
  }

  #onMessage2(value: Buffer): SmpStep {
    const [g2b, c2, d2, g3b, c3, d3, pb, qb, cp, d5, d6] = readMpis(value, 11);
    expect([g2b, g3b, pb, qb].every(isGroupElement) && [d2, d3, d5, d6].every(isExponent));
    expect(c2 === hash(3, mulP(powP(G, d2), powP(g2b, c2))));
    expect(c3 === hash(4, mulP(powP(G, d3), powP(g3b, c3))));
    this.#g2 = powP(g2b, this.#a2);
    this.#g3 = powP(g3b, this.#a3);
    this.#g3o = g3b;
    expect(
      cp ===
        hash(
          5,
          mulP(powP(this.#g3, d5), powP(pb, cp)),
          mulP(mulP(powP(G, d5), powP(this.#g2, d6)), powP(qb, cp)),
        ),
    );
    const [r4, r5, r6, r7] = this.#exponents(4);
    const x = this.#x!;
    const pa = powP(this.#g3, r4);
    const qa = mulP(powP(G, r4), powP(this.#g2, x));
    const cpOut = hash(6, powP(this.#g3, r5), mulP(powP(G, r5), powP(this.#g2, r6)));
    const d5Out = mod(r5 - r4 * cpOut, Q);
    const d6Out = mod(r6 - x * cpOut, Q);
    this.#pab = div(pa, pb);
    this.#qab = div(qa, qb);
    const ra = powP(this.#qab, this.#a3);
    const cr = hash(7, powP(G, r7), powP(this.#qab, r7));
    const d7 = mod(r7 - this.#a3 * cr, Q);
    this.state = 'expect4';
    return {
      reply: { type: TlvType.Smp3, value: writeMpis([pa, qa, cpOut, d5Out, d6Out, ra, cr, d7]) },
    };
  }

  #onMessage3(value: Buffer): SmpStep {
    const [pa, qa, cp, d5, d6, ra, cr, d7] = readMpis(value, 8);
    expect([pa, qa, ra].every(isGroupElement) && [d5, d6, d7].every(isExponent));
    expect(
      cp ===
        hash(
          6,
          mulP(powP(this.#g3, d5), powP(pa, cp)),
          mulP(mulP(powP(G, d5), powP(this.#g2, d6)), powP(qa, cp)),
        ),
    );
    const qab = div(qa, this.#q);
    expect(
      cr === hash(7, mulP(powP(G, d7), powP(this.#g3o, cr)), mulP(powP(qab, d7), powP(ra, cr))),
    );
    const r7 = this.#exponent();
    const rb = powP(qab, this.#a3);
    const crOut = hash(8, powP(G, r7), powP(qab, r7));
    const d7Out = mod(r7 - this.#a3 * crOut, Q);
    const success = powP(ra, this.#a3) === div(pa, this.#p);
    this.#reset();
    return {
      reply: { type: TlvType.Smp4, value: writeMpis([rb, crOut, d7Out]) },
      event: { kind: 'result', success },
    };
  }

  #onMessage4(value: Buffer): SmpStep {
    const [rb, cr, d7] = readMpis(value, 3);
    expect(isGroupElement(rb) && isExponent(d7));
    expect(
      cr ===
        hash(8, mulP(powP(G, d7), powP(this.#g3o, cr)), mulP(powP(this.#qab, d7), powP(rb, cr))),
    );
    const success = powP(rb, this.#a3) === this.#pab;
    this.#reset();
    return { event: { kind: 'result', success } };
  }

  #reset(): void {
    this.state = 'expect1';
    this.#x = undefined;
    this.#pending = undefined;
    this.#a2 = this.#a3 = this.#g2 = this.#g3 = this.#g3o = 0n;
    this.#p = this.#q = this.#pab = this.#qab = 0n;
  }

  /** Whether our user is being asked for the secret. */
  get asking(): boolean {
    return this.#pending !== undefined;
  }
}
