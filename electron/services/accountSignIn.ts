/**
 * A first sign-in and the certificate decision it may wait for. The new account is kept in memory
 * until it gets online; only then is it saved (and a certificate the user trusted pinned), so a
 * mistyped address or password leaves nothing behind.
 */
import {
  strictPinning,
  type AccountSnapshot,
  type EmitEvent,
  type SignInParams,
} from '../../shared/contract';
import { fail, ok, type Result } from '../../shared/errors';
import { parseAccountJid } from '../../shared/jid';
import type { SecretBox } from '../secrets/types';
import type { AccountRecords } from './accountRecords';
import { AccountSession } from './accountSession';
import { DEFAULT_PRESENCE, settingsFrom, trustKey } from './accountSettings';
import type { PinStore } from './pinStore';
import type { SessionDeps } from './sessionDeps';

export interface SignInDeps {
  /** Every account's session by account id, shared with AccountsService. */
  readonly sessions: Map<string, AccountSession>;
  readonly records: AccountRecords;
  readonly pins: PinStore;
  readonly secrets: SecretBox;
  readonly emit: EmitEvent;
  readonly session: SessionDeps;
}

export class AccountSignIn {
  /** Certificates the user trusted during a sign-in that then failed, by account and server. */
  readonly #trustedThisRun = new Map<string, string>();
  readonly #deps: SignInDeps;

  constructor(deps: SignInDeps) {
    this.#deps = deps;
  }

  async signIn(params: SignInParams): Promise<Result<AccountSnapshot>> {
    const jid = parseAccountJid(params.jid);
    if (!jid) return fail('invalid-jid', 'Malformed account address');
    if (this.#deps.secrets.status().locked) return fail('secrets-locked', 'Secrets are locked');
    const existing = this.#deps.sessions.get(`${jid.local}@${jid.domain}`);
    // Changing a saved account is account.update: a sign-in never silently rewrites one; and
    // one sign-in at a time (a double click must not leave a second, unreachable session).
    if (existing?.snapshot.saved) return fail('already-exists', 'This account is already added');
    // An unsaved session is either an attempt still running or one waiting for a certificate
    // decision; only the latter may be replaced by signing in again.
    if (existing && !existing.pendingCertificate) {
      return fail('already-exists', 'A sign-in for this account is in progress');
    }
    const settings = settingsFrom(params);
    const session = new AccountSession(
      jid,
      settings,
      params.password,
      DEFAULT_PRESENCE,
      false,
      this.#deps.session,
    );
    this.#deps.sessions.set(session.accountId, session);
    // The user trusted this server's certificate moments ago and then mistyped the password:
    // the same certificate is not asked about again (pinned for good only once signed in).
    session.trustedFingerprint = this.#trustedThisRun.get(trustKey(session.accountId, settings));
    await existing?.dispose();
    return this.#connectAndSave(session);
  }

  async trustCertificate(accountId: string, fingerprint: string): Promise<Result<AccountSnapshot>> {
    const session = this.#deps.sessions.get(accountId);
    // Only the fingerprint the server actually offered may be pinned, so a compromised renderer
    // cannot pin an arbitrary one.
    if (!session?.pendingCertificate) return fail('not-found', 'No certificate awaits trust');
    if (session.pendingCertificate.fingerprint !== fingerprint) {
      return fail('invalid-params', 'Fingerprint does not match the offered certificate');
    }
    // Pinned for good only once a connection with it succeeds: trusting a certificate and then
    // mistyping the password must not leave the trust behind.
    session.trustedFingerprint = fingerprint;
    session.pendingCertificate = undefined;
    this.#trustedThisRun.set(trustKey(accountId, session.snapshot.settings), fingerprint);
    return this.#connectAndSave(session);
  }

  async #connectAndSave(session: AccountSession): Promise<Result<AccountSnapshot>> {
    const { sessions, records, pins, emit } = this.#deps;
    const result = await session.connect();
    const current = () => sessions.get(session.accountId) === session;
    if (result.ok && current()) {
      try {
        if (!session.snapshot.saved) await records.save(session, true);
        // What the user trusted, or for a strict account the first certificate seen (trust on
        // first use: from now on only it is accepted).
        const pin =
          session.trustedFingerprint ??
          (strictPinning(session.snapshot.settings) && !pins.get(session.accountId)
            ? session.snapshot.security?.fingerprint
            : undefined);
        if (pin) await pins.set(session.accountId, pin);
        // A certificate the user just checked and trusted leaves no earlier change to tell.
        if (session.trustedFingerprint && session.snapshot.certificateChange) {
          session.update({ certificateChange: undefined });
        }
      } catch (error) {
        sessions.delete(session.accountId);
        await session.dispose();
        emit('account.removed', { accountId: session.accountId });
        return records.saveFailed(error);
      }
      session.trustedFingerprint = undefined;
      // Removed while we were saving: the removal wins.
      if (!current()) {
        records.forget(session.accountId);
        return fail('not-found', 'The account was removed');
      }
      if (!session.snapshot.saved) {
        const { items, version } = session.roster.cache();
        records.saveRoster(session.accountId, version, items);
        session.update({ saved: true });
      }
    }
    // A first sign-in that failed for any reason but the certificate leaves nothing behind.
    if (!result.ok && !session.snapshot.saved && !session.pendingCertificate) {
      if (current()) sessions.delete(session.accountId);
      emit('account.removed', { accountId: session.accountId });
    }
    return result.ok ? ok(session.snapshot) : result;
  }
}
