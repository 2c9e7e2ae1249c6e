/**
 * What is kept of an account on disk: its settings with the password sealed by the secret box,
 * and its roster cached with the roster version, so the next sign-in fetches only changes.
 * Failures come back as coded results the requests can return as they are.
 */
import { fail, isErrorCode, type Result } from '../../shared/errors';
import { createLogger } from '../log';
import type { SecretBox } from '../secrets/types';
import type { AccountStore } from '../storage/types';
import type { AccountSession } from './accountSession';
import type { RosterItem } from './rosterModel';

const log = createLogger('accounts');

export class AccountRecords {
  readonly #store: AccountStore;
  readonly #secrets: SecretBox;

  constructor(store: AccountStore, secrets: SecretBox) {
    this.#store = store;
    this.#secrets = secrets;
  }

  /** Saves settings, and the password sealed by the secret box when it changed. */
  async save(session: AccountSession, withPassword: boolean): Promise<void> {
    const stored = this.#store.get(session.accountId);
    const sealedPassword =
      withPassword || !stored ? await this.#secrets.seal(session.password) : stored.sealedPassword;
    this.#store.save({
      accountId: session.accountId,
      jid: session.accountId,
      settings: session.snapshot.settings,
      enabled: session.snapshot.status !== 'disabled',
      presence: session.snapshot.presence,
      sealedPassword,
      ...(stored?.rosterVersion ? { rosterVersion: stored.rosterVersion } : {}),
      ...(stored?.roster ? { roster: stored.roster } : {}),
    });
  }

  /** Removes what is saved of an account (its pin is the pin store's). */
  forget(accountId: string): void {
    this.#store.remove(accountId);
  }

  /** Caches the roster with its version, so the next sign-in fetches only changes. */
  saveRoster(accountId: string, version: string | undefined, items: RosterItem[]): void {
    const stored = this.#store.get(accountId);
    if (!stored) return;
    const { rosterVersion: _version, roster: _roster, ...rest } = stored;
    this.#store.save({
      ...rest,
      ...(version ? { rosterVersion: version, roster: items } : {}),
    });
  }

  /** A stored password in the clear; undefined when the secret box cannot open it. */
  async open(sealed: Buffer): Promise<string | undefined> {
    try {
      return await this.#secrets.open(sealed);
    } catch (error) {
      log.error('could not open a stored password', error);
      return undefined;
    }
  }

  /** Why an account without a password in memory cannot connect. */
  noPassword(): Result<never> {
    return this.#secrets.status().locked
      ? fail('secrets-locked', 'Secrets are locked')
      : fail('password-needed', 'Enter the password again');
  }

  /** A failed save as a request's result (the secret box's or storage's own code if it has one). */
  saveFailed(error: unknown): Result<never> {
    log.error('saving the account failed', error);
    const code = (error as { code?: unknown }).code;
    return isErrorCode(code)
      ? fail(code, 'Saving the account failed')
      : fail('storage-failed', 'Saving the account failed');
  }
}
