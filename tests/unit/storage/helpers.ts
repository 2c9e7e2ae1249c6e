/** Real SQLite files in temp folders for the storage tests, and a message builder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { Logger } from '../../../electron/log';
import { openStorage, type OpenStorageOptions, type Storage } from '../../../electron/storage';
import type { NewMessage } from '../../../electron/storage/types';

export const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A fresh folder (removed after the test) and the path of a database file inside it. */
export function tempDbFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hutong-storage-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'history', 'hutong.sqlite');
}

export function tempStorage(options: OpenStorageOptions = {}): Storage & { file: string } {
  const file = tempDbFile();
  const storage = openStorage(file, { log: quiet, ...options });
  cleanups.push(() => storage.close());
  return Object.assign(storage, { file });
}

let counter = 0;
export const A = 'alice@example.org';
export const B = 'bob@example.org';

/**
 * A one-to-one message from bob to alice. A stanza-id without an archive is taken as stamped by
 * the account's own archive, as for one-to-one messages in the app.
 */
export function msg(overrides: Partial<NewMessage> = {}): NewMessage {
  counter += 1;
  const archive =
    overrides.stanzaId !== undefined && overrides.archive === undefined
      ? { archive: overrides.accountId ?? A }
      : {};
  return {
    id: `m${counter}`,
    accountId: A,
    kind: 'chat',
    peer: B,
    direction: 'in',
    body: `message ${counter}`,
    sentAt: 1_700_000_000_000 + counter,
    state: 'received',
    via: 'live',
    private: false,
    ...archive,
    ...overrides,
  };
}
