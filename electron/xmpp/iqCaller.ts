/**
 * The IQ request side (RFC 6120 §8.2.3), replacing @xmpp/iq/caller, which settles a request with
 * any result carrying its id. Ids are not secret (they travel in the clear to the server and
 * beyond), so a contact could answer our roster or archive query in the server's name. Here a
 * reply settles a request only when it comes from the entity we asked; anything else is dropped.
 */
import xid from '@xmpp/id';
import jid from '@xmpp/jid';
import { Deferred, timeout as withTimeout } from '@xmpp/events';
import StanzaError from '@xmpp/middleware/lib/StanzaError.js';
import type { Client } from '@xmpp/client-core';
import type { Middleware } from '@xmpp/middleware';
import xml, { type Element } from '@xmpp/xml';
import type { Logger } from '../log';

/** A JID for comparison: local part and domain are case-insensitive, the resource is not. */
export function normalizeJid(text: string | undefined): string | undefined {
  if (!text) return undefined;
  try {
    const parsed = jid(text);
    const bare = `${parsed.local ? `${parsed.local.toLowerCase()}@` : ''}${parsed.domain.toLowerCase()}`;
    return parsed.resource ? `${bare}/${parsed.resource}` : bare;
  } catch {
    return undefined;
  }
}

/**
 * Whether a reply from `from` may answer a request we sent to `to`. Our own account answers in
 * the server's name without a 'from' (RFC 6120 §8.1.2.1), so a request without 'to', or to our
 * own bare JID, also accepts no 'from', our bare JID, our full JID or our domain.
 */
export function isExpectedSender(
  to: string | undefined,
  from: string | undefined,
  ownJid: string,
): boolean {
  const own = normalizeJid(ownJid);
  if (!own) return false;
  const ownBare = own.split('/')[0]!;
  const ownDomain = ownBare.includes('@') ? ownBare.split('@')[1]! : ownBare;
  const target = normalizeJid(to);
  const sender = normalizeJid(from);
  if (from !== undefined && from !== '' && sender === undefined) return false;
  const fromOwnAccount =
    sender === undefined || sender === ownBare || sender === own || sender === ownDomain;
  if (target === undefined || target === ownBare) return fromOwnAccount;
  return sender === target;
}

/**
 * The error of an error reply. Upstream's parser throws on an `<iq type='error'/>` without a
 * condition inside, which left the request waiting for its timeout: any entity we ask could do
 * that on purpose. Such a reply fails the request at once, as an undefined condition.
 */
function stanzaError(stanza: Element): Error {
  const error = stanza.getChild('error');
  if (error && error.getChildElements().length > 0) return StanzaError.fromElement(error);
  return new StanzaError('undefined-condition', 'an error reply without a condition');
}

interface Pending {
  readonly deferred: Deferred<Element>;
  readonly to: string | undefined;
}

export class IqCaller {
  readonly #handlers = new Map<string, Pending>();
  readonly #entity: Client;
  readonly #log: Logger | undefined;

  constructor(entity: Client, middleware: Middleware<Client>, log?: Logger) {
    this.#entity = entity;
    this.#log = log;
    middleware.use((ctx, next) => this.#route(ctx.stanza, next));
  }

  #route(stanza: Element, next: () => unknown): unknown {
    const { type, id, from } = stanza.attrs as Record<string, string | undefined>;
    if (stanza.name !== 'iq' || (type !== 'result' && type !== 'error')) return next();
    const pending = id === undefined ? undefined : this.#handlers.get(id);
    if (!pending || id === undefined) return next();
    const own = this.#entity.jid?.toString() ?? '';
    if (!isExpectedSender(pending.to, from, own)) {
      // Never the payload: a forged reply may carry anything.
      this.#log?.warn(`dropped an IQ ${type} for id ${id} from an unexpected sender`);
      return undefined;
    }
    this.#handlers.delete(id);
    if (type === 'error') pending.deferred.reject(stanzaError(stanza));
    else pending.deferred.resolve(stanza);
    return undefined;
  }

  /** Sends an IQ get/set and resolves with the reply from its addressee (or rejects). */
  async request(stanza: Element, timeout = 30_000): Promise<Element> {
    const attrs = stanza.attrs as Record<string, string | undefined>;
    attrs.id ??= xid();
    const id = attrs.id;
    const deferred = new Deferred<Element>();
    // The reply can come before the write below reports success (a fast refusal on a busy
    // machine): the rejection must count as handled until we await it, or Node reports it as
    // unhandled. Awaiting it below still sees it.
    deferred.promise.catch(() => undefined);
    this.#handlers.set(id, { deferred, to: attrs.to || undefined });
    try {
      await this.#entity.send(stanza);
      await withTimeout(deferred.promise, timeout);
    } catch (err) {
      this.#handlers.delete(id);
      throw err;
    }
    return deferred.promise;
  }

  async #child(type: 'get' | 'set', element: Element, to?: string, timeout?: number) {
    const reply = await this.request(xml('iq', { type, ...(to && { to }) }, element), timeout);
    return reply.getChild(element.name, element.attrs.xmlns as string | undefined);
  }

  /** Sends `<iq type='get'>` around `element`; resolves with the reply's matching child. */
  get(element: Element, to?: string, timeout?: number): Promise<Element | undefined> {
    return this.#child('get', element, to, timeout);
  }

  set(element: Element, to?: string, timeout?: number): Promise<Element | undefined> {
    return this.#child('set', element, to, timeout);
  }
}
