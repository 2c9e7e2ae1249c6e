/**
 * Files that only the user may read: created atomically with mode 0600 (never half-written, never
 * overwriting another process's file), and refused on read when someone else could have read or
 * replaced them. Windows has no POSIX mode bits; there the profile folder's ACLs protect them.
 */
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { link, mkdir, open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { CodedError } from './errors';

const IS_WINDOWS = process.platform === 'win32';
// Refuse to follow a symlink planted in place of the file.
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

const errno = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** Creates the folder (0700 when we create it) and writes `data` to `file` unless it exists. */
export async function writeNewPrivateFile(file: string, data: Buffer): Promise<boolean> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    // link() fails when the name exists: an atomic create-if-absent, complete or not at all.
    await link(tmp, file);
  } catch (error) {
    if (errno(error) === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  await syncDir(dir);
  return true;
}

async function syncDir(dir: string): Promise<void> {
  if (IS_WINDOWS) return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Reads a private file; undefined when it does not exist. Throws a CodedError when unsafe. */
export async function readPrivateFile(file: string): Promise<Buffer | undefined> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | NO_FOLLOW);
  } catch (error) {
    if (errno(error) === 'ENOENT') return undefined;
    if (errno(error) === 'ELOOP') {
      throw new CodedError('storage-failed', `${file} is a symbolic link; refusing to use it`, {
        reason: 'key-file-permissions',
        cause: error,
      });
    }
    throw new CodedError('storage-failed', `cannot read ${file}`, { reason: 'io', cause: error });
  }
  try {
    checkPrivate(file, await handle.stat());
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

function checkPrivate(file: string, stats: Stats): void {
  if (!stats.isFile()) {
    throw new CodedError('storage-failed', `${file} is not a regular file`, {
      reason: 'key-file-damaged',
    });
  }
  if (IS_WINDOWS) return;
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) {
    throw new CodedError(
      'storage-failed',
      `${file} belongs to another user (uid ${stats.uid}); refusing to use it. ` +
        `Fix: delete it and enter the account passwords again.`,
      { reason: 'key-file-owner' },
    );
  }
  const loose = stats.mode & 0o077;
  if (loose !== 0) {
    const mode = (stats.mode & 0o777).toString(8).padStart(3, '0');
    throw new CodedError(
      'storage-failed',
      `${file} is accessible to other users (mode ${mode}); refusing to use it. ` +
        `Fix: chmod 600 "${file}" if nobody else could have copied it; otherwise delete it ` +
        `and enter the account passwords again.`,
      { reason: 'key-file-permissions' },
    );
  }
}
