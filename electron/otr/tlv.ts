/**
 * The plaintext inside a data message: the human-readable part (UTF-8), then optionally a NUL and
 * TLV records (type, length, value; Protocol v3, "Data Message"). Unknown types are kept for the
 * caller to ignore; a truncated record ends the list (what came before it still counts).
 */
import { OtrFormatError, Reader, Writer } from './wire';

export const TlvType = {
  Padding: 0,
  Disconnected: 1,
  Smp1: 2,
  Smp2: 3,
  Smp3: 4,
  Smp4: 5,
  SmpAbort: 6,
  Smp1Q: 7,
  ExtraSymmetricKey: 8,
} as const;

export interface Tlv {
  readonly type: number;
  readonly value: Buffer;
}

export interface Plaintext {
  readonly text: string;
  readonly tlvs: readonly Tlv[];
}

export function writePlaintext(text: string, tlvs: readonly Tlv[] = []): Buffer {
  const body = Buffer.from(text, 'utf8');
  if (tlvs.length === 0) return body;
  const w = new Writer().raw(body).byte(0);
  for (const tlv of tlvs) w.short(tlv.type).short(tlv.value.length).raw(tlv.value);
  return w.bytes();
}

export function readPlaintext(bytes: Buffer): Plaintext {
  const nul = bytes.indexOf(0);
  const text = (nul === -1 ? bytes : bytes.subarray(0, nul)).toString('utf8');
  const tlvs: Tlv[] = [];
  if (nul !== -1) {
    const r = new Reader(bytes.subarray(nul + 1));
    while (r.remaining >= 4) {
      const type = r.short();
      const length = r.short();
      if (length > r.remaining) break;
      tlvs.push({ type, value: r.raw(length) });
    }
  }
  return { text, tlvs };
}

/** The MPIs of an SMP TLV: a count, then that many MPIs. */
export function writeMpis(values: readonly bigint[]): Buffer {
  const w = new Writer().int(values.length);
  for (const v of values) w.mpi(v);
  return w.bytes();
}

/** A tuple of N bigints (for destructuring what readMpis returns). */
export type Bigints<N extends number, R extends bigint[] = []> = R['length'] extends N
  ? R
  : Bigints<N, [...R, bigint]>;

/** Reads exactly `count` MPIs (throws OtrFormatError otherwise). */
export function readMpis<N extends number>(value: Buffer, count: N): Bigints<N> {
  const r = new Reader(value);
  if (r.int() !== count) throw new OtrFormatError('wrong MPI count');
  const out: bigint[] = [];
  for (let i = 0; i < count; i += 1) out.push(r.mpi());
  r.end();
  return out as Bigints<N>;
}
