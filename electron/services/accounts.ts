/**
 * Accounts: the saved accounts (settings and sealed password in storage), their sessions, and the
 * requests about them. A first sign-in is kept in memory until it gets online; only then is it
 * saved, so a mistyped address leaves nothing behind.
 */
import type {
  AccountSettings,
  AccountSnapshot,
  Contact,
  EmitEvent,
  OwnPresence,
  SignInParams,
  SubscriptionRequest,
  UpdateAccountParams,
} from '../../shared/contract';
import { fail, isErrorCode, ok, type Result } from '../../shared/errors';
import { parseAccountJid, toBare, type Jid } from '../../shared/jid';
import { NS } from '../../shared/namespaces';
import type { DiscoService } from '../disco';
import { createLogger } from '../log';
import type { SecretBox } from '../secrets/types';
import type { AccountStore } from '../storage/types';
import { createXmppClient } from '../xmpp/client';
import { AccountSession, errorInfo } from './accountSession';
import type { PinStore } from './pinStore';
import type { RosterLink } from './roster';
import type { RosterItem } from './rosterModel';
import type { ChatAttach, SessionDeps } from './sessionDeps';

const log = createLogger('accounts');

export interface AccountsOptions {
  readonly emit: EmitEvent;
  readonly pins: PinStore;
  readonly store: AccountStore;
  readonly secrets: SecretBox;
  readonly chat?: ChatAttach;
  readonly createClient?: typeof createXmppClient;
  /** Extra trusted CA; tests only. Production uses the system store plus pins. */
  readonly ca?: string;
  readonly now?: () => number;
  readonly random?: () => number;
}

const DEFAULT_PRESENCE: OwnPresence = { show: 'available' };

function settingsFrom(params: SignInParams | UpdateAccountParams, base?: AccountSettings) {
  const settings: AccountSettings = {
    tls: params.tls ?? base?.tls ?? 'starttls',
    proxy: params.proxy ?? base?.proxy ?? { type: 'none' },
  };
  const host = 'host' in params ? params.host?.trim() : base?.host;
  const port = 'port' in params ? params.port : base?.port;
  const label = 'label' in params ? params.label?.trim() : base?.label;
  return {
    ...settings,
    ...(host ? { host } : {}),
    ...(port ? { port } : {}),
    ...(label ? { label } : {}),
  };
}

export class AccountsService {
  readonly #sessions = new Map<string, AccountSession>();
  /** Certificates the user trusted during a sign-in that then failed, by account and server. */
  readonly #trustedThisRun = new Map<string, string>();
  readonly #options: AccountsOptions;
  readonly #deps: SessionDeps;

  constructor(options: AccountsOptions) {
    this.#options = options;
    this.#deps = {
      pins: options.pins,
      createClient: options.createClient ?? createXmppClient,
      ...(options.chat ? { chat: options.chat } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
      now: options.now ?? Date.now,
      random: options.random ?? Math.random,
      changed: (session) => this.#changed(session),
      rosterEvents: (session) => ({
        rosterChanged: (contacts, version, items) => {
          this.#emit('roster.replaced', { accountId: session.accountId, contacts });
          if (session.snapshot.saved) this.#saveRoster(session.accountId, version, items);
        },
        presenceChanged: (jid, contact) =>
          this.#emit('contact.presence', {
            accountId: session.accountId,
            jid,
            presence: contact.presence,
          }),
        requestsChanged: () => this.#emit('subscriptions.replaced', { requests: this.requests() }),
      }),
    };
  }

  get #emit(): EmitEvent {
    return this.#options.emit;
  }

  /** Loads saved accounts and connects the enabled ones (once secrets can be opened). */
  async start(): Promise<void> {
    const locked = this.#options.secrets.status().locked;
    for (const stored of this.#options.store.list()) {
      if (this.#sessions.has(stored.accountId)) continue;
      const jid = parseAccountJid(stored.jid);
      if (!jid) continue;
      // In the map before any await, so that a sign-in meanwhile sees it.
      const session = new AccountSession(
        jid,
        stored.settings,
        '',
        stored.presence,
        true,
        this.#deps,
      );
      session.roster.restore(stored.roster ?? [], stored.rosterVersion);
      this.#sessions.set(session.accountId, session);
      const password = locked ? '' : await this.#open(stored.sealedPassword);
      if (this.#sessions.get(session.accountId) !== session) continue;
      session.password = password ?? '';
      if (!stored.enabled) session.update({ status: 'disabled' });
      else if (locked) {
        session.update({ error: { code: 'secrets-locked', message: 'Secrets are locked' } });
      } else if (password === undefined) {
        // No migration between secret stores: the user types the password again (account.update).
        session.update({ error: { code: 'password-needed', message: 'Enter the password again' } });
      } else void session.connect();
    }
  }

  /** After the passphrase was entered: open the passwords and connect enabled accounts. */
  async unlocked(): Promise<void> {
    for (const session of this.#sessions.values()) {
      const stored = this.#options.store.get(session.accountId);
      if (!stored || session.password) continue;
      const password = await this.#open(stored.sealedPassword);
      if (password === undefined) continue;
      session.password = password;
      if (stored.enabled) void session.connect();
    }
  }

  list(): AccountSnapshot[] {
    return [...this.#sessions.values()].map((s) => s.snapshot);
  }

  async signIn(params: SignInParams): Promise<Result<AccountSnapshot>> {
    const jid = parseAccountJid(params.jid);
    if (!jid) return fail('invalid-jid', 'Malformed account address');
    if (this.#options.secrets.status().locked) return fail('secrets-locked', 'Secrets are locked');
    const existing = this.#sessions.get(`${jid.local}@${jid.domain}`);
    // Changing a saved account is account.update: a sign-in never silently rewrites one; and
    // one sign-in at a time (a double click must not leave a second, unreachable session).
    if (existing?.snapshot.saved) return fail('already-exists', 'This account is already added');
    // An unsaved session is either an attempt still running or one waiting for a certificate
    // decision; only the latter may be replaced by signing in again.
    if (existing && !existing.pendingCertificate) {
      return fail('already-exists', 'A sign-in for this account is in progress');
    }
    const settings = settingsFrom(params);
    const session = this.#newSession(jid, settings, params.password);
    // The user trusted this server's certificate moments ago and then mistyped the password:
    // the same certificate is not asked about again (pinned for good only once signed in).
    session.trustedFingerprint = this.#trustedThisRun.get(trustKey(session.accountId, settings));
    await existing?.dispose();
    return this.#connectAndSave(session);
  }

  async trustCertificate(accountId: string, fingerprint: string): Promise<Result<AccountSnapshot>> {
    const session = this.#sessions.get(accountId);
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

  async update(params: UpdateAccountParams): Promise<Result<AccountSnapshot>> {
    const session = this.#sessions.get(params.accountId);
    if (!session?.snapshot.saved) return fail('not-found', 'No such account');
    if (params.password !== undefined) {
      if (this.#options.secrets.status().locked)
        return fail('secrets-locked', 'Secrets are locked');
      session.password = params.password;
    }
    session.update({ settings: settingsFrom(params, session.snapshot.settings) });
    try {
      await this.#save(session, params.password !== undefined);
    } catch (error) {
      return this.#saveFailed(error);
    }
    // The change is saved whatever the reconnection brings; its outcome arrives as account.changed.
    if (session.snapshot.status !== 'disabled' && session.password) void session.connect();
    return ok(session.snapshot);
  }

  async setEnabled(accountId: string, enabled: boolean): Promise<Result<AccountSnapshot>> {
    const session = this.#sessions.get(accountId);
    if (!session?.snapshot.saved) return fail('not-found', 'No such account');
    const stored = this.#options.store.get(accountId);
    if (stored) this.#options.store.save({ ...stored, enabled });
    if (!enabled) {
      await session.disable();
      return ok(session.snapshot);
    }
    if (!session.password) return this.#noPassword();
    return session.connect();
  }

  async reconnect(accountId: string): Promise<Result<AccountSnapshot>> {
    const session = this.#sessions.get(accountId);
    if (!session) return fail('not-found', 'No such account');
    const { status } = session.snapshot;
    if (status === 'online' || status === 'connecting') return ok(session.snapshot);
    if (status === 'disabled') return fail('invalid-params', 'The account is turned off');
    if (!session.password) return this.#noPassword();
    return session.connect();
  }

  async remove(accountId: string): Promise<Result<null>> {
    const session = this.#sessions.get(accountId);
    if (!session) return fail('not-found', 'No such account');
    this.#sessions.delete(accountId);
    await session.dispose();
    this.#options.store.remove(accountId);
    this.#emit('account.removed', { accountId });
    await this.#options.pins.remove(accountId);
    this.#emit('subscriptions.replaced', { requests: this.requests() });
    return ok(null);
  }

  async setPresence(accountId: string, presence: OwnPresence): Promise<Result<AccountSnapshot>> {
    const session = this.#sessions.get(accountId);
    if (!session) return fail('not-found', 'No such account');
    if (
      presence.show === 'invisible' &&
      session.online &&
      !session.snapshot.features?.server.includes(NS.invisible)
    ) {
      return fail('not-supported', 'This server does not support invisibility');
    }
    session.update({
      presence: { show: presence.show, ...(presence.status ? { status: presence.status } : {}) },
    });
    const stored = this.#options.store.get(accountId);
    if (stored) this.#options.store.save({ ...stored, presence: session.snapshot.presence });
    await session.sendPresence();
    return ok(session.snapshot);
  }

  roster(accountId: string): Result<Contact[]> {
    const session = this.#sessions.get(accountId);
    if (!session) return fail('not-found', 'No such account');
    return ok(session.roster.contacts());
  }

  /** Service discovery of an account (rooms, group registration ask it); undefined if unknown. */
  disco(accountId: string): DiscoService | undefined {
    return this.#sessions.get(accountId)?.disco;
  }

  /** Whether `peer` is allowed to see this account's presence (subscription from or both). */
  sharesPresenceWith(accountId: string, peer: string): boolean {
    return this.#sessions.get(accountId)?.roster.seesOurPresence(peer) ?? false;
  }

  requests(): SubscriptionRequest[] {
    return [...this.#sessions.values()].flatMap((s) => s.roster.requests());
  }

  addContact(accountId: string, jid: string, name?: string, groups?: string[]) {
    return this.#withContact(accountId, jid, (s, link, c) => s.roster.add(link, c, name, groups));
  }

  updateContact(accountId: string, jid: string, name: string | undefined, groups: string[]) {
    return this.#withContact(accountId, jid, (s, link, c) =>
      s.roster.update(link, c, name, groups),
    );
  }

  removeContact(accountId: string, jid: string) {
    return this.#withContact(accountId, jid, (s, link, c) => s.roster.remove(link, c));
  }

  answerSubscription(accountId: string, jid: string, accept: boolean) {
    return this.#withContact(accountId, jid, (s, link, c) => s.roster.answer(link, c, accept));
  }

  /**
   * Runs a roster operation about `jid` on an online account: the JID is checked and made bare
   * first, and failures come back as coded errors.
   */
  async #withContact(
    accountId: string,
    jid: string,
    run: (session: AccountSession, link: RosterLink, contact: string) => Promise<void>,
  ): Promise<Result<null>> {
    const contact = toBare(jid);
    if (!contact || contact === accountId) return fail('invalid-jid', 'Malformed contact address');
    const session = this.#sessions.get(accountId);
    if (!session) return fail('not-found', 'No such account');
    const link = session.link();
    if (!link) return fail('not-signed-in', 'The account is not online');
    try {
      await run(session, link, contact);
      return ok(null);
    } catch (error) {
      log.warn('roster operation failed', error);
      // A stanza error is the server saying no; anything else is the connection's failure.
      if ((error as { name?: string }).name === 'StanzaError') {
        return fail('rejected-by-server', 'The server refused the change');
      }
      return { ok: false, error: errorInfo(error) };
    }
  }

  async dispose(): Promise<void> {
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(sessions.map((s) => s.dispose()));
  }

  #newSession(jid: Jid, settings: AccountSettings, password: string): AccountSession {
    const session = new AccountSession(
      jid,
      settings,
      password,
      DEFAULT_PRESENCE,
      false,
      this.#deps,
    );
    this.#sessions.set(session.accountId, session);
    return session;
  }

  async #connectAndSave(session: AccountSession): Promise<Result<AccountSnapshot>> {
    const result = await session.connect();
    const current = () => this.#sessions.get(session.accountId) === session;
    if (result.ok && current()) {
      try {
        if (!session.snapshot.saved) await this.#save(session, true);
        if (session.trustedFingerprint) {
          await this.#options.pins.set(session.accountId, session.trustedFingerprint);
        }
      } catch (error) {
        this.#sessions.delete(session.accountId);
        await session.dispose();
        this.#emit('account.removed', { accountId: session.accountId });
        return this.#saveFailed(error);
      }
      session.trustedFingerprint = undefined;
      // Removed while we were saving: the removal wins.
      if (!current()) {
        this.#options.store.remove(session.accountId);
        return fail('not-found', 'The account was removed');
      }
      if (!session.snapshot.saved) {
        const { items, version } = session.roster.cache();
        this.#saveRoster(session.accountId, version, items);
        session.update({ saved: true });
      }
    }
    // A first sign-in that failed for any reason but the certificate leaves nothing behind.
    if (!result.ok && !session.snapshot.saved && !session.pendingCertificate) {
      if (this.#sessions.get(session.accountId) === session)
        this.#sessions.delete(session.accountId);
      this.#emit('account.removed', { accountId: session.accountId });
    }
    return result.ok ? ok(session.snapshot) : result;
  }

  /** Saves settings, and the password sealed by the secret box when it changed. */
  async #save(session: AccountSession, withPassword: boolean): Promise<void> {
    const stored = this.#options.store.get(session.accountId);
    const sealedPassword =
      withPassword || !stored
        ? await this.#options.secrets.seal(session.password)
        : stored.sealedPassword;
    this.#options.store.save({
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

  /** Caches the roster with its version, so the next sign-in fetches only changes. */
  #saveRoster(accountId: string, version: string | undefined, items: RosterItem[]): void {
    const stored = this.#options.store.get(accountId);
    if (!stored) return;
    const { rosterVersion: _version, roster: _roster, ...rest } = stored;
    this.#options.store.save({
      ...rest,
      ...(version ? { rosterVersion: version, roster: items } : {}),
    });
  }

  #noPassword(): Result<never> {
    return this.#options.secrets.status().locked
      ? fail('secrets-locked', 'Secrets are locked')
      : fail('password-needed', 'Enter the password again');
  }

  #saveFailed(error: unknown): Result<never> {
    log.error('saving the account failed', error);
    const code = (error as { code?: unknown }).code;
    return isErrorCode(code)
      ? fail(code, 'Saving the account failed')
      : fail('storage-failed', 'Saving the account failed');
  }

  async #open(sealed: Buffer): Promise<string | undefined> {
    try {
      return await this.#options.secrets.open(sealed);
    } catch (error) {
      log.error('could not open a stored password', error);
      return undefined;
    }
  }

  #changed(session: AccountSession): void {
    if (this.#sessions.get(session.accountId) === session) {
      this.#emit('account.changed', session.snapshot);
    }
  }
}

/** The same account signing in to the same server (host, port, security mode). */
const trustKey = (accountId: string, settings: AccountSettings) =>
  `${accountId}\n${settings.host?.trim() ?? ''}\n${settings.port ?? ''}\n${settings.tls}`;
