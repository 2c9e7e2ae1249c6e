/** Small schema building blocks shared by the contract's schemas. */
import * as v from 'valibot';
import { ERROR_CODES, type CertificateInfo, type ErrorInfo } from '../errors';

export const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
export const NonEmpty = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));
export const Port = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535));
/** A JID as text; its structure is checked with shared/jid.ts where it matters. */
export const JidText = Text(3071);
/** Milliseconds since the epoch. */
export const Timestamp = v.pipe(v.number(), v.integer(), v.minValue(0));

/** T with every readonly modifier (of properties and arrays) taken off, however deep. */
type Writable<T> = T extends readonly (infer U)[]
  ? Writable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Writable<T[K]> }
    : T;

/**
 * Whether two types are the same, readonly aside (a value crossing the contract is a copy either
 * way): the same properties, each optional or not alike, of the same types. Stricter than mutual
 * assignability, which misses an optional property one side lacks. Hand-written types that a
 * schema also describes assert it, so that the two cannot drift apart.
 */
export type SameType<A, B> =
  (<T>() => T extends Writable<A> ? 1 : 2) extends <T>() => T extends Writable<B> ? 1 : 2
    ? true
    : false;

export const CertificateInfoSchema = v.object({
  fingerprint: v.string(),
  subject: v.string(),
  issuer: v.string(),
  validFrom: v.string(),
  validTo: v.string(),
  reason: v.string(),
  previousFingerprint: v.optional(v.string()),
});

/** The error half of a result envelope (shared/errors.ts ErrorInfo), also carried by snapshots. */
export const ErrorInfoSchema = v.object({
  code: v.picklist(ERROR_CODES),
  message: v.string(),
  certificate: v.optional(CertificateInfoSchema),
  condition: v.optional(v.string()),
});
const errorInfoSame: SameType<v.InferOutput<typeof ErrorInfoSchema>, ErrorInfo> = true;
const certificateSame: SameType<
  v.InferOutput<typeof CertificateInfoSchema>,
  CertificateInfo
> = true;
void errorInfoSame;
void certificateSame;

export const AccountRef = v.object({ accountId: JidText });

/** A request of the contract: the schema of its parameters and of its result. */
export interface RequestSpec {
  readonly params: v.GenericSchema;
  readonly result: v.GenericSchema;
}
