/**
 * One account's connection: connect, go online (roster, presence, chat), lose the connection and
 * retry with exponential backoff and jitter, or stay offline when retrying cannot help (wrong
 * password, untrusted certificate). The snapshot it emits is all the renderer sees of it.
 */
import xml, { type Element } from '@xmpp/xml';
import {
  type AccountSettings,
  type AccountSnapshot,
  type OwnPresence,
} from '../../shared/contract';
import { fail, ok, type CertificateInfo, type ErrorInfo, type Result } from '../../shared/errors';
import type { Jid } from '../../shared/jid';
import { DiscoService } from '../disco';
import { createLogger } from '../log';
import { ReconnectBackoff } from '../xmpp/backoff';
import type { XmppClient } from '../xmpp/client';
import { XmppError } from '../xmpp/errors';
import { discoverFeatures } from '../xmpp/features';
import { notePin } from './certificatePins';
import { sendOwnPresence } from './ownPresence';
import { clientOptions } from './sessionClient';
import { RosterManager } from './roster';
import type { SessionDeps } from './sessionDeps';
import { errorInfo, isPermanent } from './sessionErrors';
import { serveStanzas } from './sessionStanzas';

export { errorInfo } from './sessionErrors';

const log = createLogger('session');

export class AccountSession {
  readonly accountId: string;
  snapshot: AccountSnapshot;
  password: string;
  pendingCertificate: CertificateInfo | undefined;
  /** A fingerprint the user trusted for this attempt; pinned for good only once it works. */
  trustedFingerprint: string | undefined;
  readonly roster: RosterManager;
  /** Service discovery for this account (cached across reconnections); asks while connected. */
  readonly disco: DiscoService;
  #client: XmppClient | undefined;
  /** The client whose connection dropped: its XEP-0198 session may still be resumed. */
  #lost: XmppClient | undefined;
  #detachChat: (() => void) | undefined;
  /** Counts failed attempts; reset only by a connection that stayed up (see backoff.ts). */
  readonly #backoff: ReconnectBackoff;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #rosterVersioning = false;
  /** Whether the stream that went online had XEP-0198 on (the flag is gone once it drops). */
  #resumable = false;
  /** Set by dispose(): no retry may start after it (the account was removed). */
  #disposed = false;

  constructor(
    readonly jid: Jid,
    settings: AccountSettings,
    password: string,
    presence: OwnPresence,
    saved: boolean,
    private readonly deps: SessionDeps,
  ) {
    this.accountId = `${jid.local}@${jid.domain}`;
    this.password = password;
    this.snapshot = {
      accountId: this.accountId,
      jid: this.accountId,
      status: 'offline',
      saved,
      settings,
      presence,
      ...(deps.pins.change(this.accountId) && {
        certificateChange: deps.pins.change(this.accountId),
      }),
    };
    this.#backoff = new ReconnectBackoff(deps.now, deps.random);
    this.roster = new RosterManager(this.accountId, deps.rosterEvents(this), deps.now);
    this.disco = new DiscoService({
      account: this.accountId,
      now: deps.now,
      log: createLogger(`disco ${this.accountId}`),
      request: (payload, to, timeoutMs) => {
        const client = this.#client;
        if (!client) return Promise.reject(new XmppError('not-signed-in', 'not connected'));
        return client.iqCaller.request(xml('iq', { type: 'get', to }, payload), timeoutMs);
      },
    });
  }

  get online(): boolean {
    return this.snapshot.status === 'online' && this.#client !== undefined;
  }

  /** Connects now (cancelling a scheduled retry); resolves once online or failed. */
  async connect(): Promise<Result<AccountSnapshot>> {
    this.#cancelRetry();
    await this.#close();
    await this.#forgetLost();
    const client = this.deps.createClient(
      clientOptions(this.jid, this.password, this.snapshot.settings, {
        pin: this.trustedFingerprint ?? this.deps.pins.get(this.accountId),
        ca: this.deps.ca,
      }),
    );
    this.#client = client;
    this.update({ status: 'connecting', error: undefined, retryAt: undefined });
    this.#watch(client);
    const cancelled = () => fail('not-signed-in', 'The connection was cancelled');
    try {
      const { boundJid, security, streamManagement } = await client.start();
      if (this.#client !== client) return cancelled();
      this.#resumable = streamManagement;
      if (!(await this.#online(client, boundJid, security, false))) return cancelled();
      this.#backoff.online();
      return ok(this.snapshot);
    } catch (error) {
      const info = errorInfo(error);
      // Cancelled by disable(), dispose() or a newer attempt, or already handled as a drop:
      // whoever took the client over owns what happens next.
      if (this.#client !== client) return { ok: false, error: info };
      this.#client = undefined;
      await client.stop().catch(() => undefined);
      this.pendingCertificate = info.certificate;
      this.#failed(info);
      return { ok: false, error: info };
    }
  }

  /** Takes the account offline on purpose: no retry until enabled again. */
  async disable(): Promise<void> {
    this.#cancelRetry();
    await this.#close();
    await this.#forgetLost();
    this.roster.offline();
    this.update({ status: 'disabled', error: undefined, retryAt: undefined, boundJid: undefined });
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    this.#cancelRetry();
    await this.#close();
    await this.#forgetLost();
  }

  /** Sends our presence (and XEP-0186 invisibility) for the current snapshot. */
  async sendPresence(): Promise<void> {
    const client = this.#client;
    if (!client || this.snapshot.status !== 'online') return;
    await sendOwnPresence(client, this.snapshot);
  }

  /** The connection for roster operations while online; undefined when not online. */
  link() {
    const client = this.#client;
    return client && this.online ? this.#linkOf(client) : undefined;
  }

  #linkOf(client: XmppClient) {
    return {
      send: (stanza: Element) => client.entity.send(stanza),
      request: (stanza: Element) => client.iqCaller.request(stanza),
    };
  }

  update(patch: Partial<AccountSnapshot>): void {
    const next: AccountSnapshot = { ...this.snapshot, ...patch };
    for (const key of Object.keys(patch) as (keyof AccountSnapshot)[]) {
      if (patch[key] === undefined) delete next[key];
    }
    this.snapshot = next;
    this.deps.changed(this);
  }

  async #online(
    client: XmppClient,
    boundJid: string,
    security: AccountSnapshot['security'],
    resumed: boolean,
  ): Promise<boolean> {
    // A fresh session may find the server upgraded and contacts with other clients; a resumed
    // one is the same session, so what disco learned still holds.
    if (!resumed) this.disco.reset();
    const features = await discoverFeatures(this.disco, this.accountId, client.streamManagement);
    // Roster first (RFC 6121 §2.2), then the chat handlers, so that offline messages flushed
    // after our initial presence find them; then tell the renderer we are online, so that whoever
    // sees "online" also sees the contacts; then the initial presence.
    const link = this.#linkOf(client);
    this.snapshot = { ...this.snapshot, features };
    if (!resumed) {
      this.roster.offline();
      await this.roster.load(link, this.#rosterVersioning);
    }
    if (this.#client !== client) return false;
    this.#detachChat?.();
    this.#detachChat = this.deps.chat?.attach(this.accountId, client, {
      boundJid,
      features,
      resumed,
      disco: this.disco,
    });
    this.snapshot = { ...this.snapshot, security };
    const certificateChange = resumed
      ? this.snapshot.certificateChange
      : await notePin(this.deps.pins, this, this.deps.now());
    if (this.#client !== client) return false;
    this.update({
      status: 'online',
      boundJid,
      security,
      features,
      certificateChange,
      error: undefined,
    });
    if (!resumed) await this.sendPresence();
    return this.#client === client;
  }

  /** The user has seen that the certificate changed (snapshot.certificateChange). */
  async certificateChangeSeen(): Promise<void> {
    await this.deps.pins.seen(this.accountId);
    this.update({ certificateChange: undefined });
  }

  #watch(client: XmppClient): void {
    serveStanzas(client, {
      accountId: this.accountId,
      roster: this.roster,
      disco: this.disco,
      isCurrent: () => this.#client === client,
      rosterVersioning: (on) => {
        this.#rosterVersioning = on;
      },
    });
    client.on('error', (error) => {
      if (this.#client === client && this.snapshot.status === 'online') {
        this.update({ error: errorInfo(error) });
      }
    });
    client.on('disconnected', (error) => {
      if (this.#client !== client) return;
      this.#client = undefined;
      // Keep it: if the server still holds our stream, reconnect() resumes it (XEP-0198) and
      // nothing sent or received in between is lost or doubled.
      this.#lost = this.#resumable ? client : undefined;
      if (!this.#lost) void client.stop().catch(() => undefined);
      this.#detachChat?.();
      this.#detachChat = undefined;
      // A resumed stream gets no presence again, so contacts' presence is kept until we know.
      if (!this.#lost) this.roster.offline();
      this.#failed(error ? errorInfo(error) : { code: 'stream-error', message: 'closed' });
    });
  }

  /** Offline with a reason; schedules a retry unless retrying cannot help. */
  #failed(error: ErrorInfo): void {
    this.#cancelRetry();
    if (this.#disposed) return;
    if (isPermanent(error) || !this.snapshot.saved) {
      this.update({ status: 'offline', error, retryAt: undefined });
      return;
    }
    const delay = this.#backoff.next();
    this.update({ status: 'offline', error, retryAt: this.deps.now() + delay });
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      if (this.#disposed) return;
      void (this.#lost ? this.#resume(this.#lost) : this.connect());
    }, delay);
    this.#retryTimer.unref?.();
  }

  /** Reconnects a dropped client, resuming its stream where the server allows. */
  async #resume(client: XmppClient): Promise<void> {
    this.#client = client;
    this.update({ status: 'connecting', retryAt: undefined });
    try {
      const { resumed, session } = await client.reconnect();
      if (this.#client !== client) return;
      this.#lost = undefined;
      this.#resumable = session.streamManagement;
      if (await this.#online(client, session.boundJid, session.security, resumed)) {
        this.#backoff.online();
      }
    } catch (error) {
      if (this.#client !== client) return;
      this.#client = undefined;
      const info = errorInfo(error);
      // The next retry resumes again while the client can; one that cannot (stopped, or
      // refusing) is dropped so that the next retry starts a fresh connection.
      if (info.code === 'internal') {
        this.#lost = undefined;
        void client.stop().catch(() => undefined);
      }
      this.#failed(info);
    }
  }

  async #forgetLost(): Promise<void> {
    const lost = this.#lost;
    this.#lost = undefined;
    if (lost) await lost.stop().catch(() => undefined);
  }

  #cancelRetry(): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  async #close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    this.#detachChat?.();
    this.#detachChat = undefined;
    if (client) await client.stop().catch((error: unknown) => log.warn('stop failed', error));
  }
}
