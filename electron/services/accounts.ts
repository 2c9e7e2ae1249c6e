/**
 * Accounts: the saved accounts and their sessions, and the requests about them. A first sign-in
 * and its certificate decision are accountSignIn.ts's; what is kept on disk, accountRecords.ts's.
 */
import type {
  AccountSnapshot,
  Contact,
  EmitEvent,
  OwnPresence,
  SignInParams,
  SubscriptionRequest,
  UpdateAccountParams,
} from '../../shared/contract';
import { fail, ok, type Result } from '../../shared/errors';
import { parseAccountJid } from '../../shared/jid';
import { NS } from '../../shared/namespaces';
import type { DiscoService } from '../disco';
import type { SecretBox } from '../secrets/types';
import type { AccountStore } from '../storage/types';
import { createXmppClient } from '../xmpp/client';
import { AccountRecords } from './accountRecords';
import { AccountSession } from './accountSession';
import { settingsFrom } from './accountSettings';
import { AccountSignIn } from './accountSignIn';
import { runContactOperation, type ContactOperation } from './contactOperation';
import type { PinStore } from './pinStore';
import type { ChatAttach, SessionDeps } from './sessionDeps';

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

export class AccountsService {
  readonly #sessions = new Map<string, AccountSession>();
  readonly #options: AccountsOptions;
  readonly #deps: SessionDeps;
  readonly #records: AccountRecords;
  readonly #signIn: AccountSignIn;

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
          if (session.snapshot.saved) this.#records.saveRoster(session.accountId, version, items);
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
    this.#records = new AccountRecords(options.store, options.secrets);
    this.#signIn = new AccountSignIn({
      sessions: this.#sessions,
      records: this.#records,
      pins: options.pins,
      secrets: options.secrets,
      emit: options.emit,
      session: this.#deps,
    });
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
      const password = locked ? '' : await this.#records.open(stored.sealedPassword);
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
      const password = await this.#records.open(stored.sealedPassword);
      if (password === undefined) continue;
      session.password = password;
      if (stored.enabled) void session.connect();
    }
  }

  list(): AccountSnapshot[] {
    return [...this.#sessions.values()].map((s) => s.snapshot);
  }

  /** A first sign-in; the account is saved once it got online (accountSignIn.ts). */
  signIn(params: SignInParams): Promise<Result<AccountSnapshot>> {
    return this.#signIn.signIn(params);
  }

  /** The user trusts the certificate a sign-in waits on; only the one offered may be trusted. */
  trustCertificate(accountId: string, fingerprint: string): Promise<Result<AccountSnapshot>> {
    return this.#signIn.trustCertificate(accountId, fingerprint);
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
      await this.#records.save(session, params.password !== undefined);
    } catch (error) {
      return this.#records.saveFailed(error);
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
    if (!session.password) return this.#records.noPassword();
    return session.connect();
  }

  async reconnect(accountId: string): Promise<Result<AccountSnapshot>> {
    const session = this.#sessions.get(accountId);
    if (!session) return fail('not-found', 'No such account');
    const { status } = session.snapshot;
    if (status === 'online' || status === 'connecting') return ok(session.snapshot);
    if (status === 'disabled') return fail('invalid-params', 'The account is turned off');
    if (!session.password) return this.#records.noPassword();
    return session.connect();
  }

  /** The user has seen that the account's certificate changed; the notice goes. */
  async certificateChangeSeen(accountId: string): Promise<Result<AccountSnapshot>> {
    const session = this.#sessions.get(accountId);
    if (!session) return fail('not-found', 'No such account');
    try {
      await session.certificateChangeSeen();
    } catch (error) {
      return this.#records.saveFailed(error);
    }
    return ok(session.snapshot);
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

  #withContact(accountId: string, jid: string, run: ContactOperation): Promise<Result<null>> {
    return runContactOperation(this.#sessions.get(accountId), accountId, jid, run);
  }

  async dispose(): Promise<void> {
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(sessions.map((s) => s.dispose()));
  }

  #changed(session: AccountSession): void {
    if (this.#sessions.get(session.accountId) === session) {
      this.#emit('account.changed', session.snapshot);
    }
  }
}
