/**
 * Accounts: sign-in, sign-out, own presence and the roster of every signed-in account. Holds the
 * password in memory only while the account is signed in (for the certificate retry and reconnect);
 * the renderer only ever sees AccountSnapshot.
 */
import xml, { type Element } from '@xmpp/xml';
import type {
  AccountSnapshot,
  Contact,
  EmitEvent,
  PresenceShow,
  SignInParams,
} from '../../shared/contract';
import { fail, ok, type CertificateInfo, type ErrorInfo, type Result } from '../../shared/errors';
import { bareJid, parseAccountJid, toBare, type Jid } from '../../shared/jid';
import { createLogger } from '../log';
import { createXmppClient, type XmppClient } from '../xmpp/client';
import { toXmppError } from '../xmpp/errors';
import type { PinStore } from './pinStore';
import {
  aggregatePresence,
  NS_ROSTER,
  parsePresence,
  parseRosterItems,
  toContact,
  type ResourcePresence,
  type RosterItem,
} from './rosterModel';

const log = createLogger('accounts');

/** Port the XMPP client protocol uses when neither the user nor DNS says otherwise. */
const DEFAULT_PORT = { starttls: 5222, direct: 5223 } as const;

interface Session {
  readonly accountId: string;
  readonly jid: Jid;
  readonly password: string;
  readonly host: string;
  readonly port: number;
  readonly tls: 'starttls' | 'direct';
  client?: XmppClient;
  snapshot: AccountSnapshot;
  pendingCertificate?: CertificateInfo;
  roster: Map<string, RosterItem>;
  presences: Map<string, Map<string, ResourcePresence>>;
}

export interface AccountsOptions {
  readonly emit: EmitEvent;
  readonly pins: PinStore;
  /** Extra trusted CA; tests only. Production uses the system store plus pins. */
  readonly ca?: string;
}

export class AccountsService {
  readonly #sessions = new Map<string, Session>();
  readonly #emit: EmitEvent;
  readonly #pins: PinStore;
  readonly #ca: string | undefined;

  constructor(options: AccountsOptions) {
    this.#emit = options.emit;
    this.#pins = options.pins;
    this.#ca = options.ca;
  }

  list(): AccountSnapshot[] {
    return [...this.#sessions.values()].map((s) => s.snapshot);
  }

  async signIn(params: SignInParams): Promise<Result<AccountSnapshot>> {
    const jid = parseAccountJid(params.jid);
    if (!jid) return fail('invalid-jid', 'Malformed account address');
    const accountId = bareJid(jid);
    const existing = this.#sessions.get(accountId);
    if (existing) await this.#close(existing);
    const tls = params.tls ?? 'starttls';
    const session: Session = {
      accountId,
      jid,
      password: params.password,
      host: params.host?.trim() || jid.domain,
      port: params.port ?? DEFAULT_PORT[tls],
      tls,
      snapshot: {
        accountId,
        jid: accountId,
        status: 'connecting',
        presence: { show: 'available' },
      },
      roster: new Map(),
      presences: new Map(),
    };
    this.#sessions.set(accountId, session);
    return this.#connect(session);
  }

  async trustCertificate(accountId: string, fingerprint: string): Promise<Result<AccountSnapshot>> {
    const session = this.#sessions.get(accountId);
    // Only the fingerprint the server actually offered may be pinned, so a compromised renderer
    // cannot pin an arbitrary one.
    if (!session?.pendingCertificate) return fail('not-signed-in', 'No certificate awaits trust');
    if (session.pendingCertificate.fingerprint !== fingerprint) {
      return fail('invalid-params', 'Fingerprint does not match the offered certificate');
    }
    await this.#pins.set(accountId, fingerprint);
    delete session.pendingCertificate;
    return this.#connect(session);
  }

  async reconnect(accountId: string): Promise<Result<AccountSnapshot>> {
    const session = this.#sessions.get(accountId);
    if (!session) return fail('not-signed-in', 'Account is not signed in');
    if (session.snapshot.status !== 'offline') return ok(session.snapshot);
    return this.#connect(session);
  }

  async signOut(accountId: string): Promise<Result<null>> {
    const session = this.#sessions.get(accountId);
    if (!session) return fail('not-signed-in', 'Account is not signed in');
    this.#sessions.delete(accountId);
    await this.#close(session);
    this.#emit('account.removed', { accountId });
    return ok(null);
  }

  async setPresence(
    accountId: string,
    show: PresenceShow,
    status: string | undefined,
  ): Promise<Result<AccountSnapshot>> {
    const session = this.#sessions.get(accountId);
    if (!session) return fail('not-signed-in', 'Account is not signed in');
    const presence = { show, ...(status ? { status } : {}) };
    this.#update(session, { presence });
    if (session.snapshot.status === 'online') await this.#sendPresence(session);
    return ok(session.snapshot);
  }

  roster(accountId: string): Result<Contact[]> {
    const session = this.#sessions.get(accountId);
    if (!session) return fail('not-signed-in', 'Account is not signed in');
    return ok(this.#contacts(session));
  }

  async dispose(): Promise<void> {
    const sessions = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(sessions.map((s) => this.#close(s)));
  }

  async #connect(session: Session): Promise<Result<AccountSnapshot>> {
    await this.#close(session);
    const pinned = this.#pins.get(session.accountId);
    const client = createXmppClient({
      jid: session.jid,
      password: session.password,
      host: session.host,
      port: session.port,
      tls: session.tls,
      ...(pinned ? { pinnedFingerprint: pinned } : {}),
      ...(this.#ca ? { ca: this.#ca } : {}),
      log: createLogger(`xmpp ${session.accountId}`),
    });
    session.client = client;
    this.#update(session, { status: 'connecting', error: undefined });
    client.entity.on('stanza', (stanza: Element) => {
      if (session.client !== client) return;
      try {
        this.#onStanza(session, stanza);
      } catch (error) {
        log.error('stanza handler failed', error);
      }
    });
    client.on('error', (error) => {
      if (session.client !== client || session.snapshot.status !== 'online') return;
      this.#update(session, { error: errorInfo(error) });
    });
    client.on('disconnected', (error) => {
      if (session.client !== client) return;
      delete session.client;
      this.#goneOffline(session, error ? errorInfo(error) : undefined);
    });

    try {
      const { boundJid, security } = await client.start();
      if (session.client !== client) return fail('not-signed-in', 'Sign-in was cancelled');
      this.#update(session, { status: 'online', boundJid, security, error: undefined });
      await this.#loadRoster(session, client);
      await this.#sendPresence(session);
      return ok(session.snapshot);
    } catch (error) {
      if (session.client === client) delete session.client;
      await client.stop().catch(() => undefined);
      const info = errorInfo(error);
      if (info.certificate) session.pendingCertificate = info.certificate;
      this.#update(session, { status: 'offline', error: info });
      // A first sign-in that failed for any reason but the certificate leaves nothing behind.
      if (
        !info.certificate &&
        !this.#wasOnline(session) &&
        this.#sessions.get(session.accountId) === session
      ) {
        this.#sessions.delete(session.accountId);
        this.#emit('account.removed', { accountId: session.accountId });
      }
      return { ok: false, error: info };
    }
  }

  #wasOnline(session: Session): boolean {
    return session.snapshot.boundJid !== undefined;
  }

  async #close(session: Session): Promise<void> {
    const client = session.client;
    delete session.client;
    if (client) await client.stop().catch((error: unknown) => log.warn('stop failed', error));
  }

  #goneOffline(session: Session, error: ErrorInfo | undefined): void {
    session.presences.clear();
    this.#update(session, { status: 'offline', ...(error ? { error } : {}) });
    this.#emit('roster.replaced', {
      accountId: session.accountId,
      contacts: this.#contacts(session),
    });
  }

  async #loadRoster(session: Session, client: XmppClient): Promise<void> {
    const reply = await client.iqCaller.request(
      xml('iq', { type: 'get', id: `roster-${Date.now()}` }, xml('query', { xmlns: NS_ROSTER })),
    );
    // A roster result is only believed from our own server (no from, or our own JID).
    if (!this.#fromOwnAccount(session, reply.attrs.from)) return;
    session.roster = new Map(
      parseRosterItems(reply.getChild('query', NS_ROSTER)).map((i) => [i.jid, i]),
    );
    this.#emit('roster.replaced', {
      accountId: session.accountId,
      contacts: this.#contacts(session),
    });
  }

  async #sendPresence(session: Session): Promise<void> {
    const { show, status } = session.snapshot.presence;
    const children = [];
    if (show !== 'available' && show !== 'offline') children.push(xml('show', {}, show));
    if (status) children.push(xml('status', {}, status));
    await session.client?.entity.send(xml('presence', {}, ...children));
  }

  #onStanza(session: Session, stanza: Element): void {
    if (stanza.is('presence')) this.#onPresence(session, stanza);
    else if (stanza.is('iq') && stanza.attrs.type === 'set') {
      const query = stanza.getChild('query', NS_ROSTER);
      if (query) this.#onRosterPush(session, stanza, query);
    }
  }

  #onRosterPush(session: Session, stanza: Element, query: Element): void {
    // RFC 6121 §2.1.6: a push from anyone but our own server is a spoof and must be ignored.
    if (!this.#fromOwnAccount(session, stanza.attrs.from)) {
      log.warn('ignored roster push from a foreign sender');
      return;
    }
    for (const item of parseRosterItems(query)) {
      if (item.subscription === 'remove') session.roster.delete(item.jid);
      else session.roster.set(item.jid, item);
    }
    void session.client?.entity
      .send(xml('iq', { type: 'result', id: stanza.attrs.id }))
      .catch(() => undefined);
    this.#emit('roster.replaced', {
      accountId: session.accountId,
      contacts: this.#contacts(session),
    });
  }

  #onPresence(session: Session, stanza: Element): void {
    const from = String(stanza.attrs.from ?? '');
    const bare = toBare(from);
    if (!bare || bare === session.accountId) return;
    const parsed = parsePresence(stanza);
    if (!parsed) return;
    const resource = from.includes('/') ? from.slice(from.indexOf('/') + 1) : '';
    const resources = session.presences.get(bare) ?? new Map<string, ResourcePresence>();
    if (parsed.show === 'offline') resources.delete(resource);
    else resources.set(resource, parsed);
    session.presences.set(bare, resources);
    if (!session.roster.has(bare)) return;
    this.#emit('contact.presence', {
      accountId: session.accountId,
      jid: bare,
      presence: aggregatePresence(resources),
    });
  }

  #fromOwnAccount(session: Session, from: unknown): boolean {
    if (from === undefined || from === '') return true;
    return toBare(String(from)) === session.accountId;
  }

  #contacts(session: Session): Contact[] {
    return [...session.roster.values()].map((item) =>
      toContact(item, aggregatePresence(session.presences.get(item.jid) ?? new Map())),
    );
  }

  #update(session: Session, patch: Partial<AccountSnapshot>): void {
    const next = { ...session.snapshot, ...patch };
    if (patch.error === undefined && 'error' in patch) delete next.error;
    session.snapshot = next;
    if (this.#sessions.get(session.accountId) === session) {
      this.#emit('account.changed', session.snapshot);
    }
  }
}

function errorInfo(error: unknown): ErrorInfo {
  const e = toXmppError(error);
  return {
    code: e.code,
    message: e.message,
    ...(e.certificate ? { certificate: e.certificate } : {}),
    ...(e.condition ? { condition: e.condition } : {}),
  };
}
