/**
 * Service discovery (XEP-0030) for one account, as a service other main-process services ask:
 * what an entity is and offers (info), what it lists (items), its ad-hoc commands (XEP-0050), and
 * which of the server's services has a given identity (the group-chat service, say).
 *
 * Answers are cached per (JID, node) for a while, and an answer that many entities share by their
 * entity capabilities (XEP-0115) is cached by `ver` once verified (caps.ts). Concurrent asks for
 * the same thing share one IQ. An entity that refuses (item-not-found, service-unavailable...) is
 * remembered briefly, so that callers asking again do not flood it. Every cache is bounded.
 * Everything that fails reaches callers as an XmppError with a contract code, never otherwise.
 */
import xml, { type Element } from '@xmpp/xml';
import { parseJid } from '../../shared/jid';
import { NS } from '../../shared/namespaces';
import type { Logger } from '../log';
import { XmppError } from '../xmpp/errors';
import { normalizeJid } from '../xmpp/iqCaller';
import { BoundedCache } from './cache';
import { parseCaps } from './caps';
import { CapsCache } from './capsCache';
import { DiscoRefusal, discoError } from './errors';
import { LIMITS, parseInfo, parseItems } from './parse';
import type {
  AdHocCommand,
  DiscoInfo,
  DiscoItem,
  EntityCaps,
  FoundService,
  IdentityQuery,
} from './types';

export interface DiscoDeps {
  /** The account's bare JID; its domain is the server that findServices() looks through. */
  readonly account: string;
  /**
   * Sends `<iq type='get' to={to}>{payload}</iq>` and resolves with the result IQ; rejects on an
   * error reply (StanzaError), a timeout or no connection. Our IQ caller settles a request only
   * with a reply from the JID it went to (electron/xmpp/iqCaller.ts); we check it again here.
   */
  readonly request: (payload: Element, to: string, timeoutMs: number) => Promise<Element>;
  readonly now: () => number;
  readonly log?: Logger;
  /** How long one entity may keep us waiting. */
  readonly timeoutMs?: number;
}

/** How long answers stay fresh. Errors are kept briefly: the entity may come back. */
export const DISCO_TTL_MS = { info: 10 * 60_000, items: 5 * 60_000, error: 60_000 } as const;
export const DISCO_CACHE_LIMITS = {
  /** (JID, node) answers and remembered refusals. */
  entries: 1_000,
  /** Items of a server probed for their identity by findServices(). */
  probes: 32,
} as const;
const DEFAULT_TIMEOUT_MS = 10_000;

type Entry =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: XmppError };

export class DiscoService {
  readonly #deps: DiscoDeps;
  readonly #server: string;
  readonly #answers = new BoundedCache<Entry>(DISCO_CACHE_LIMITS.entries);
  readonly #pending = new Map<string, Promise<unknown>>();
  readonly #caps: CapsCache;

  constructor(deps: DiscoDeps) {
    this.#deps = deps;
    this.#server = parseJid(deps.account)?.domain ?? deps.account;
    this.#caps = new CapsCache(deps.log);
  }

  /** The account's server (its domain). */
  get server(): string {
    return this.#server;
  }

  /** disco#info of `jid` (and `node`); `fresh` asks again even when an answer is cached. */
  async info(jid: string, node?: string, options: { fresh?: boolean } = {}): Promise<DiscoInfo> {
    const to = this.#target(jid, node);
    const caps = node === undefined ? this.#caps.of(to) : undefined;
    const known = caps && !options.fresh ? this.#caps.known(caps) : undefined;
    if (known) return known;
    const ask = (at: string, n?: string) => this.#ask(NS.discoInfo, at, n);
    return this.#cached(`info\n${to}\n${node ?? ''}`, DISCO_TTL_MS.info, options.fresh, () =>
      caps ? this.#caps.fetch(to, caps, ask) : ask(to, node).then(parseInfo),
    );
  }

  /** disco#items of `jid` (and `node`). */
  async items(jid: string, node?: string, options: { fresh?: boolean } = {}): Promise<DiscoItem[]> {
    const to = this.#target(jid, node);
    return this.#cached(`items\n${to}\n${node ?? ''}`, DISCO_TTL_MS.items, options.fresh, () =>
      this.#ask(NS.discoItems, to, node).then(parseItems),
    );
  }

  /**
   * The ad-hoc commands `jid` offers (XEP-0050 §2.2); none when it does not do ad-hoc commands.
   * Only commands run by `jid` itself are kept: an entity listing another JID's commands could
   * send whatever a user types into a form to someone the user never chose.
   */
  async commands(jid: string): Promise<AdHocCommand[]> {
    const to = this.#target(jid);
    try {
      const items = await this.items(to, NS.commands);
      return items.flatMap((item) =>
        item.node !== undefined && item.jid === to
          ? [
              {
                jid: item.jid,
                node: item.node,
                ...(item.name !== undefined && { name: item.name }),
              },
            ]
          : [],
      );
    } catch (error) {
      if (error instanceof DiscoRefusal && error.code !== 'rejected-by-server') return [];
      throw error;
    }
  }

  /** Whether `jid` lists `feature`; false when it cannot be asked or refuses. */
  async has(jid: string, feature: string): Promise<boolean> {
    return this.info(jid).then(
      (info) => info.features.includes(feature),
      () => false,
    );
  }

  /**
   * The services of `server` (the account's by default) with an identity matching `query`, e.g.
   * `{ category: 'conference', type: 'text' }` for group chat. Items that cannot be asked are left
   * out; only the first DISCO_CACHE_LIMITS.probes items are asked.
   */
  async findServices(query: IdentityQuery, server = this.#server): Promise<FoundService[]> {
    let items: DiscoItem[];
    try {
      items = await this.items(server);
    } catch (error) {
      // A server without items has no services; a lost connection is the caller's to know.
      if (error instanceof DiscoRefusal) return [];
      throw error;
    }
    const found = await Promise.all(
      items.slice(0, DISCO_CACHE_LIMITS.probes).map(async (item) => {
        const info = await this.info(item.jid, item.node).catch(() => undefined);
        const matches = info?.identities.some(
          (i) =>
            i.category === query.category && (query.type === undefined || i.type === query.type),
        );
        return info && matches ? { ...item, info } : undefined;
      }),
    );
    return found.filter((service) => service !== undefined);
  }

  /** The JID of the first service matching `query`, if any. */
  async findService(query: IdentityQuery, server?: string): Promise<string | undefined> {
    return (await this.findServices(query, server))[0]?.jid;
  }

  /**
   * Records the caps (XEP-0115 `<c/>`) a presence from `fullJid` carried; undefined (no `<c/>`,
   * or an unavailable presence) forgets them. Changed caps drop what that entity told us.
   */
  noteCaps(fullJid: string, c: Element | undefined): void {
    const from = normalizeJid(fullJid);
    if (from && this.#caps.note(from, parseCaps(c))) this.#drop(`info\n${from}\n`);
  }

  /** noteCaps() for a presence stanza: available ones say their caps, unavailable ones end them. */
  notePresence(presence: Element): void {
    const { from, type } = presence.attrs as Record<string, unknown>;
    if (typeof from !== 'string' || (type !== undefined && type !== 'unavailable')) return;
    this.noteCaps(from, type === undefined ? presence.getChild('c', NS.caps) : undefined);
  }

  /** The caps `fullJid` last announced (verified or not). */
  capsOf(fullJid: string): EntityCaps | undefined {
    const from = normalizeJid(fullJid);
    return from ? this.#caps.of(from) : undefined;
  }

  /** Forgets what `jid` answered (say, a room whose configuration changed). */
  forget(jid: string): void {
    const to = normalizeJid(jid);
    if (!to) return;
    for (const kind of ['info', 'items']) {
      const prefix = `${kind}\n${to}\n`;
      this.#answers.deletePrefix(prefix);
      for (const key of [...this.#pending.keys()]) if (key.startsWith(prefix)) this.#drop(key);
    }
  }

  #drop(key: string): void {
    this.#answers.delete(key);
    this.#pending.delete(key);
  }

  /**
   * A new session (not a resumed one): entities may have changed while we were away and will send
   * presence again. Verified caps stay: a `ver` always means the same answer.
   */
  reset(): void {
    this.#answers.clear();
    this.#pending.clear();
    this.#caps.forgetEntities();
  }

  /** The normalized JID to ask; invalid JIDs and nodes are the caller's mistake, coded. */
  #target(jid: string, node?: string): string {
    const to = typeof jid === 'string' && parseJid(jid) ? normalizeJid(jid) : undefined;
    if (!to) throw new XmppError('invalid-jid', 'disco needs a valid JID');
    if (
      node !== undefined &&
      (typeof node !== 'string' || node === '' || node.length > LIMITS.token)
    )
      throw new XmppError('invalid-params', 'disco node must be 1 to 512 characters');
    return to;
  }

  async #cached<T>(
    key: string,
    ttl: number,
    fresh: boolean | undefined,
    fetch: () => Promise<T>,
  ): Promise<T> {
    if (!fresh) {
      const hit = this.#answers.get(key, this.#deps.now());
      if (hit?.ok) return hit.value as T;
      if (hit) throw hit.error;
    }
    const pending = this.#pending.get(key);
    if (pending) return pending as Promise<T>;
    // Whoever forgot this key meanwhile (noteCaps, forget, reset) made the answer stale.
    const settle = (): boolean => {
      const current = this.#pending.get(key) === promise;
      if (current) this.#pending.delete(key);
      return current;
    };
    const promise: Promise<T> = fetch().then(
      (value) => {
        if (settle()) this.#answers.set(key, { ok: true, value }, this.#deps.now() + ttl);
        return value;
      },
      (failure: unknown) => {
        const error = discoError(failure);
        // Only the entity's own refusal is remembered; a timeout or a lost connection may pass.
        if (settle() && error instanceof DiscoRefusal)
          this.#answers.set(key, { ok: false, error }, this.#deps.now() + DISCO_TTL_MS.error);
        throw error;
      },
    );
    this.#pending.set(key, promise);
    return promise;
  }

  /** One disco query; resolves with the reply's `<query/>` (undefined when it has none). */
  async #ask(ns: string, to: string, node: string | undefined): Promise<Element | undefined> {
    const payload = xml('query', { xmlns: ns, ...(node !== undefined && { node }) });
    const reply = await this.#deps.request(payload, to, this.#deps.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    if (!this.#fromAsked(reply.attrs.from, to))
      throw new XmppError('rejected-by-server', 'a disco answer came from another entity');
    if (reply.attrs.type !== 'result')
      throw new XmppError('rejected-by-server', 'not a disco result');
    return reply.getChild('query', ns);
  }

  /** Whether a reply's sender is who we asked: our own account may answer without 'from'. */
  #fromAsked(from: unknown, to: string): boolean {
    const own = normalizeJid(this.#deps.account);
    if (from === undefined || from === '') return to === own;
    if (typeof from !== 'string') return false;
    const sender = normalizeJid(from);
    if (sender === to) return true;
    return to === own && sender !== undefined && sender.split('/')[0] === own;
  }
}
