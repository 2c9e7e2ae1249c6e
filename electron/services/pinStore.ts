/**
 * Certificate pins per account, kept in the main process only. A pin is the SHA-256 fingerprint
 * the user explicitly trusted (or, with strict pinning, the first one seen), with a change the
 * user has not seen yet; it is written atomically and readable only by the user.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createLogger } from '../log';

const log = createLogger('pins');

/** A pin replaced by a certificate a public CA vouches for, until the user has seen it. */
export interface PinChange {
  readonly previous: string;
  readonly current: string;
  readonly at: number;
}

export interface PinStore {
  get(accountId: string): string | undefined;
  /** Pins a certificate the user trusted (or the first one of a strict account). */
  set(accountId: string, fingerprint: string): Promise<void>;
  /**
   * Moves the pin to a certificate accepted on a CA's word and remembers the change for the user.
   * Changes not seen yet keep the first previous pin: the one the user knew.
   */
  replace(accountId: string, fingerprint: string, at: number): Promise<void>;
  /** The change the user has not seen yet, if any. */
  change(accountId: string): PinChange | undefined;
  /** The user has seen the change. */
  seen(accountId: string): Promise<void>;
  /** Forgets the account's pin (when the account is removed). */
  remove(accountId: string): Promise<void>;
}

interface PinRecord {
  readonly fingerprint: string;
  readonly previous?: string;
  readonly changedAt?: number;
}

/** Reads one entry: a plain fingerprint (the first format) or a record with a pending change. */
function parseRecord(value: unknown): PinRecord | undefined {
  if (typeof value === 'string') return { fingerprint: value };
  if (!value || typeof value !== 'object') return undefined;
  const { fingerprint, previous, changedAt } = value as Record<string, unknown>;
  if (typeof fingerprint !== 'string') return undefined;
  return typeof previous === 'string' && typeof changedAt === 'number'
    ? { fingerprint, previous, changedAt }
    : { fingerprint };
}

/** Reads the pins synchronously: a small file, read once at start-up before any sign-in. */
export function openPinStore(dataDir: string): PinStore {
  const file = path.join(dataDir, 'pins.json');
  let pins: Record<string, PinRecord> = {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (parsed && typeof parsed === 'object') {
      for (const [accountId, value] of Object.entries(parsed)) {
        const record = parseRecord(value);
        if (record) pins[accountId] = record;
      }
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
    // A pin without a change stays a plain string, the format earlier versions read.
    const out = Object.fromEntries(
      Object.entries(pins).map(([id, r]) => [id, r.previous === undefined ? r.fingerprint : r]),
    );
    await writeFile(tmp, JSON.stringify(out, null, 2), { mode: 0o600 });
    await rename(tmp, file);
  };
  const write = () => {
    const next = queue.then(writeNow, writeNow);
    queue = next.catch(() => undefined);
    return next;
  };
  const put = (accountId: string, record: PinRecord) => {
    pins = { ...pins, [accountId]: record };
    return write();
  };
  return {
    get: (accountId) => pins[accountId]?.fingerprint,
    set: (accountId, fingerprint) => put(accountId, { fingerprint }),
    async replace(accountId, fingerprint, at) {
      const old = pins[accountId];
      if (!old || old.fingerprint === fingerprint) return;
      const previous = old.previous ?? old.fingerprint;
      // Changed back to what the user knew: nothing to tell any more.
      if (previous === fingerprint) return put(accountId, { fingerprint });
      await put(accountId, { fingerprint, previous, changedAt: old.changedAt ?? at });
    },
    change(accountId) {
      const record = pins[accountId];
      return record?.previous !== undefined && record.changedAt !== undefined
        ? { previous: record.previous, current: record.fingerprint, at: record.changedAt }
        : undefined;
    },
    async seen(accountId) {
      const record = pins[accountId];
      if (record?.previous === undefined) return;
      await put(accountId, { fingerprint: record.fingerprint });
    },
    async remove(accountId) {
      if (!(accountId in pins)) return;
      const { [accountId]: _removed, ...rest } = pins;
      pins = rest;
      await write();
    },
  };
}
