/**
 * Certificate pins per account, kept in the main process only. A pin is the SHA-256 fingerprint
 * the user explicitly trusted; it is written atomically and readable only by the user.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createLogger } from '../log';

const log = createLogger('pins');

export interface PinStore {
  get(accountId: string): string | undefined;
  set(accountId: string, fingerprint: string): Promise<void>;
  /** Forgets the account's pin (when the account is removed). */
  remove(accountId: string): Promise<void>;
}

/** Reads the pins synchronously: a small file, read once at start-up before any sign-in. */
export function openPinStore(dataDir: string): PinStore {
  const file = path.join(dataDir, 'pins.json');
  let pins: Record<string, string> = {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (parsed && typeof parsed === 'object') {
      pins = Object.fromEntries(
        Object.entries(parsed).filter(([, v]) => typeof v === 'string'),
      ) as Record<string, string>;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      // A damaged file must not block sign-in; the user is asked to trust again.
      log.warn('pins.json unreadable, starting empty', error);
    }
  }
  // Writes run one after another, each writing the latest pins: overlapping writes would
  // otherwise race on the temporary file and fail.
  let queue: Promise<void> = Promise.resolve();
  const writeNow = async () => {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(tmp, JSON.stringify(pins, null, 2), { mode: 0o600 });
    await rename(tmp, file);
  };
  const write = () => {
    const next = queue.then(writeNow, writeNow);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    get: (accountId) => pins[accountId],
    async set(accountId, fingerprint) {
      pins = { ...pins, [accountId]: fingerprint };
      await write();
    },
    async remove(accountId) {
      if (!(accountId in pins)) return;
      const { [accountId]: _removed, ...rest } = pins;
      pins = rest;
      await write();
    },
  };
}
