/** Small schema building blocks shared by the contract's schemas. */
import * as v from 'valibot';
import type { ErrorInfo } from '../errors';

export const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
export const NonEmpty = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));
export const Port = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535));
/** A JID as text; its structure is checked with shared/jid.ts where it matters. */
export const JidText = Text(3071);
/** Milliseconds since the epoch. */
export const Timestamp = v.pipe(v.number(), v.integer(), v.minValue(0));

export const ErrorInfoSchema = v.custom<ErrorInfo>(
  (value) => typeof value === 'object' && value !== null && 'code' in value,
);

export const AccountRef = v.object({ accountId: JidText });

/** A request of the contract: the schema of its parameters and of its result. */
export interface RequestSpec {
  readonly params: v.GenericSchema;
  readonly result: v.GenericSchema;
}
