/**
 * One account's roster (RFC 6121) while it is online: loading with versioning (XEP-0237), pushes
 * (believed only from our own server), contacts' presence, incoming subscription requests, and the
 * contact operations. Emits roster.replaced / contact.presence; the accounts service owns it.
 */
import xml, { type Element } from '@xmpp/xml';
import type { Contact, SubscriptionRequest } from '../../shared/contract';
import { toBare } from '../../shared/jid';
import { createLogger } from '../log';
import {
  aggregatePresence,
  parsePresence,
  parseRosterItems,
  toContact,
  type ResourcePresence,
  type RosterItem,
} from './rosterModel';
import { NS } from '../../shared/namespaces';

const log = createLogger('roster');
/** Bounds on what strangers can make us keep in memory. */
const MAX_RESOURCES_PER_CONTACT = 32;
const MAX_PENDING_REQUESTS = 200;

/** What the roster needs of a connection: send and request, nothing else. */
export interface RosterLink {
  send(stanza: Element): Promise<void>;
  request(stanza: Element): Promise<Element>;
}

export interface RosterEvents {
  rosterChanged(contacts: Contact[], version: string | undefined, items: RosterItem[]): void;
  presenceChanged(jid: string, contact: Contact): void;
  requestsChanged(): void;
}

export class RosterManager {
  #items = new Map<string, RosterItem>();
  #presences = new Map<string, Map<string, ResourcePresence>>();
  #requests = new Map<string, SubscriptionRequest>();
  #version: string | undefined;

  constructor(
    private readonly accountId: string,
    private readonly events: RosterEvents,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts from the cached roster, so a versioned fetch that returns nothing keeps it. */
  restore(items: readonly RosterItem[], version: string | undefined): void {
    this.#items = new Map(items.map((i) => [i.jid, i]));
    this.#version = version;
  }

  contacts(): Contact[] {
    return [...this.#items.values()].map((item) =>
      toContact(item, aggregatePresence(this.#presences.get(item.jid) ?? new Map())),
    );
  }

  /** The roster as cached with its version (XEP-0237). */
  cache(): { items: RosterItem[]; version: string | undefined } {
    return { items: [...this.#items.values()], version: this.#version };
  }

  requests(): SubscriptionRequest[] {
    return [...this.#requests.values()];
  }

  /** Whether `jid` may see our presence: they are subscribed to us (from or both). */
  seesOurPresence(jid: string): boolean {
    const sub = this.#items.get(jid)?.subscription;
    return sub === 'from' || sub === 'both';
  }

  /** Fetches the roster; with versioning, sends our version and keeps the cache on an empty answer. */
  async load(link: RosterLink, versioning: boolean): Promise<void> {
    const attrs = versioning ? { ver: this.#version ?? '' } : {};
    const reply = await link.request(
      xml('iq', { type: 'get' }, xml('query', { xmlns: NS.roster, ...attrs })),
    );
    const query = reply.getChild('query', NS.roster);
    if (query) {
      this.#items = new Map(parseRosterItems(query).map((i) => [i.jid, i]));
      this.#version = versioning ? (query.attrs.ver as string | undefined) : undefined;
    } else if (!versioning) {
      this.#items = new Map();
    }
    // With versioning and no <query/>, the cached roster is current (XEP-0237 §2.3).
    this.#changed();
  }

  /** All presence is stale once we are offline. */
  offline(): void {
    this.#presences.clear();
    this.#changed();
  }

  /**
   * Applies a roster push; false when it must be refused: not from our own account (`trusted`),
   * or not exactly one item (RFC 6121 §2.1.6).
   */
  push(query: Element, trusted: boolean): boolean {
    const items = parseRosterItems(query);
    if (!trusted || items.length !== 1 || query.getChildren('item').length !== 1) {
      log.warn('refused a roster push');
      return false;
    }
    const [item] = items as [RosterItem];
    if (item.subscription === 'remove') this.#items.delete(item.jid);
    else this.#items.set(item.jid, item);
    if (typeof query.attrs.ver === 'string') this.#version = query.attrs.ver;
    this.#changed();
    return true;
  }

  presence(stanza: Element): void {
    const from = String(stanza.attrs.from ?? '');
    const bare = toBare(from);
    if (!bare || bare === this.accountId) return;
    const type = stanza.attrs.type as string | undefined;
    if (type === 'subscribe') return this.#subscribeRequest(bare, stanza);
    if (type === 'unsubscribe') {
      // They withdrew their request before we answered it.
      if (this.#requests.delete(bare)) this.events.requestsChanged();
      return;
    }
    if (type === 'subscribed' || type === 'unsubscribed') return;
    // Only contacts' presence is kept: anyone else could make us hold any amount of it.
    const item = this.#items.get(bare);
    const parsed = parsePresence(stanza);
    if (!item || !parsed) return;
    const resource = from.includes('/') ? from.slice(from.indexOf('/') + 1) : '';
    const resources = this.#presences.get(bare) ?? new Map<string, ResourcePresence>();
    if (parsed.show === 'offline') resources.delete(resource);
    else if (resources.has(resource) || resources.size < MAX_RESOURCES_PER_CONTACT) {
      resources.set(resource, parsed);
    }
    this.#presences.set(bare, resources);
    this.events.presenceChanged(bare, toContact(item, aggregatePresence(resources)));
  }

  async add(link: RosterLink, jid: string, name?: string, groups: string[] = []): Promise<void> {
    await this.#set(link, jid, name, groups);
    await link.send(xml('presence', { to: jid, type: 'subscribe' }));
  }

  async update(link: RosterLink, jid: string, name: string | undefined, groups: string[]) {
    await this.#set(link, jid, name, groups);
  }

  async remove(link: RosterLink, jid: string): Promise<void> {
    // Removing the item also cancels both subscriptions (RFC 6121 §2.5.2).
    await link.request(
      xml(
        'iq',
        { type: 'set' },
        xml('query', { xmlns: NS.roster }, xml('item', { jid, subscription: 'remove' })),
      ),
    );
    if (this.#requests.delete(jid)) this.events.requestsChanged();
  }

  async answer(link: RosterLink, jid: string, accept: boolean): Promise<void> {
    await link.send(xml('presence', { to: jid, type: accept ? 'subscribed' : 'unsubscribed' }));
    // Accepting someone also asks to see them, unless we already do: mutual is what people expect.
    const item = this.#items.get(jid);
    if (accept && !(item && (item.subscription === 'to' || item.subscription === 'both'))) {
      await link.send(xml('presence', { to: jid, type: 'subscribe' }));
    }
    this.#requests.delete(jid);
    this.events.requestsChanged();
  }

  async #set(link: RosterLink, jid: string, name: string | undefined, groups: string[]) {
    const children = [...new Set(groups.map((g) => g.trim()).filter(Boolean))].map((g) =>
      xml('group', {}, g),
    );
    await link.request(
      xml(
        'iq',
        { type: 'set' },
        xml(
          'query',
          { xmlns: NS.roster },
          xml('item', { jid, ...(name?.trim() ? { name: name.trim() } : {}) }, ...children),
        ),
      ),
    );
  }

  #subscribeRequest(jid: string, stanza: Element): void {
    const item = this.#items.get(jid);
    // Someone we already let see us (e.g. re-subscribing after a reinstall) is approved silently.
    if (item && (item.subscription === 'from' || item.subscription === 'both')) return;
    if (!this.#requests.has(jid) && this.#requests.size >= MAX_PENDING_REQUESTS) {
      log.warn('too many pending subscription requests; dropped one');
      return;
    }
    const nick = stanza.getChildText('nick', NS.nick)?.slice(0, 100) || undefined;
    this.#requests.set(jid, {
      accountId: this.accountId,
      jid,
      ...(nick ? { nick } : {}),
      receivedAt: this.now(),
    });
    this.events.requestsChanged();
  }

  #changed(): void {
    this.events.rosterChanged(this.contacts(), this.#version, [...this.#items.values()]);
  }
}
