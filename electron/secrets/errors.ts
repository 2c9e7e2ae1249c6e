/**
 * Errors of the secrets store carry one of the contract's ErrorCodes, so the account service can
 * answer the renderer without inspecting messages. `reason` tells the main process (and tests)
 * which of several failures behind one code happened; it never reaches the renderer as text.
 */
import type { ErrorCode } from '../../shared/errors';
import { isErrorCode } from '../../shared/errors';

/** Why a secrets operation failed, finer than the ErrorCode. */
export type SecretsFailure =
  | 'tampered'
  | 'other-mode'
  | 'key-missing'
  | 'key-file-permissions'
  | 'key-file-owner'
  | 'key-file-damaged'
  | 'store-damaged'
  | 'keychain-failed'
  | 'io';

export interface CodedErrorExtra {
  readonly reason?: SecretsFailure;
  readonly cause?: unknown;
}

export class CodedError extends Error {
  override readonly name = 'CodedError';
  readonly code: ErrorCode;
  readonly reason?: SecretsFailure;

  constructor(code: ErrorCode, message: string, extra: CodedErrorExtra = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.code = code;
    if (extra.reason) this.reason = extra.reason;
  }
}

/** Also true for a CodedError from another copy of this module (a second bundle). */
export function isCodedError(error: unknown): error is CodedError {
  if (error instanceof CodedError) return true;
  const e = error as { name?: unknown; code?: unknown } | null;
  return typeof e === 'object' && e !== null && e.name === 'CodedError' && isErrorCode(e.code);
}
