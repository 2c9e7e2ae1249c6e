/**
 * Storage failures carry a contract ErrorCode, so a service can answer the renderer (or keep a
 * message in the outbox with an error) without parsing text. Messages name the operation and the
 * SQLite result code, never a message body or any other stored value.
 */
import type { ErrorCode } from '../../shared/errors';

export type StorageErrorCode = Extract<ErrorCode, 'storage-failed' | 'invalid-params'>;

export class StorageError extends Error {
  override readonly name = 'StorageError';
  readonly code: StorageErrorCode;
  /** SQLite's extended result code (e.g. SQLITE_FULL) when SQLite failed. */
  readonly sqliteCode?: string;

  constructor(
    code: StorageErrorCode,
    message: string,
    extra: { sqliteCode?: string; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.code = code;
    if (extra.sqliteCode) this.sqliteCode = extra.sqliteCode;
  }
}

export function isStorageError(error: unknown): error is StorageError {
  return error instanceof Error && error.name === 'StorageError' && 'code' in error;
}

const EXPLAINED: Record<string, string> = {
  SQLITE_FULL: 'the disk is full (or the history database reached its size limit)',
  SQLITE_IOERR: 'the disk could not be read or written',
  SQLITE_READONLY: 'the history database is read-only',
  SQLITE_CANTOPEN: 'the history database could not be opened',
  SQLITE_CORRUPT: 'the history database is damaged',
  SQLITE_NOTADB: 'the history file is not a SQLite database',
  SQLITE_BUSY: 'the history database is locked by another process',
  SQLITE_PERM: 'no permission to access the history database',
};

/** Turns whatever a storage operation threw into a StorageError that names the operation. */
export function toStorageError(error: unknown, operation: string): StorageError {
  if (isStorageError(error)) return error;
  const raw = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  const sqliteCode = typeof raw === 'string' && raw.startsWith('SQLITE_') ? raw : undefined;
  const family = sqliteCode?.replace(/^(SQLITE_[A-Z]+).*$/, '$1');
  const why =
    (family && EXPLAINED[family]) ??
    (error instanceof Error ? error.message : 'an unexpected error happened');
  const message = `storage failed (${operation}): ${why}${sqliteCode ? ` [${sqliteCode}]` : ''}`;
  return new StorageError('storage-failed', message, {
    ...(sqliteCode ? { sqliteCode } : {}),
    cause: error,
  });
}

/** Runs one storage operation and lets only StorageErrors out of it. */
export function guarded<T>(operation: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw toStorageError(error, operation);
  }
}
