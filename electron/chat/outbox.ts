/**
 * The sending side of the outbox. Messages and corrections are stored before this runs
 * (chatService.ts): the outbox row is what the user asked to send, and the stanza is built from
 * it only now, then passes the send stages (sendPipeline.ts), so that a resend after a new
 * session is encrypted for the session of the day. An item goes with its own id as XMPP id (and,
 * for a message, origin-id: a receiver recognizes a resend), leaves the outbox once the server
 * has it (XEP-0198 ack; without stream management, once written) and stays when a write fails.
 * Within a conversation nothing overtakes: behind an item that waits for a stage, later ones
 * wait too, and a correction goes after the messages stored before it.
 */
import type { Element } from '@xmpp/xml';
import type { Message } from '../../shared/contract';
import type { ErrorInfo } from '../../shared/errors';
import { createLogger } from '../log';
import type { MessageStore } from '../storage/types';
import type { KindRegistry } from './kinds/types';
import type { SendPipeline } from './sendPipeline';
import type { OutboxItem } from './stages';

const log = createLogger('chat.outbox');

/** The live connection of an account, as the outbox sees it. */
export interface OutboxLink {
  send(stanza: Element): Promise<void>;
  /**
   * Stream management is on, so the server's acks will say when it has an item. Otherwise a
   * completed write counts as sent: an item written to a dying socket is then done too early,
   * and only a receipt or the archive tells otherwise.
   */
  readonly acked: boolean;
}

type InFlight = Map<string, 'message' | 'correction'>;

export interface OutboxDeps {
  readonly store: MessageStore;
  readonly pipeline: SendPipeline;
  readonly kinds: KindRegistry;
  /** A message changed (sent, failed): tell the renderer. */
  changed(message: Message): void;
}

export class Outbox {
  readonly #deps: OutboxDeps;
  /** Per account: ids handed to the current stream (stream management re-sends them). */
  readonly #inFlight = new Map<string, InFlight>();
  /** Per account: ids a lost stream carried unconfirmed; the server may have them or not. */
  readonly #uncertain = new Map<string, Set<string>>();

  constructor(deps: OutboxDeps) {
    this.#deps = deps;
  }

  /**
   * A new stream without resumption: nothing handed to the old one is known to have arrived.
   * Returns the ids of what lost streams carried unconfirmed (the server may have them all the
   * same).
   */
  newStream(accountId: string): string[] {
    const inFlight = this.#inFlight.get(accountId);
    const handed = new Set([
      ...(this.#uncertain.get(accountId) ?? []),
      ...(inFlight?.keys() ?? []),
    ]);
    inFlight?.clear();
    this.#uncertain.delete(accountId);
    return [...handed];
  }

  /** Whether this item was handed to the current stream and the server has not confirmed it. */
  isInFlight(accountId: string, id: string): boolean {
    return this.#inFlight.get(accountId)?.has(id) ?? false;
  }

  /**
   * Sends what the current stream does not carry yet: every pending item of the account, or of
   * one conversation. Never throws (a storage failure is logged; the next flush tries again).
   */
  flush(accountId: string, link: OutboxLink, peer?: string): void {
    let items: OutboxItem[];
    try {
      items = this.#items(accountId, peer);
    } catch (error) {
      return log.error(`${accountId}: could not read the outbox`, error);
    }
    const inFlight = this.#ids(accountId);
    const held = new Set<string>();
    for (const item of items) {
      if (inFlight.has(item.id) || held.has(item.peer)) continue;
      const handler = this.#deps.kinds.get(item.kind);
      if (!handler?.outgoing) {
        this.#fail(item, { code: 'not-supported', message: `cannot send to a ${item.kind}` });
        continue;
      }
      const outcome = this.#deps.pipeline.run(item, handler.outgoing(item));
      if (outcome.action === 'wait') {
        log.debug(`${accountId}: an item waits for ${outcome.stage}`);
        held.add(item.peer);
      } else if (outcome.action === 'fail') {
        this.#fail(item, outcome.error);
      } else {
        this.#transmit(link, item, outcome.stanza);
      }
    }
  }

  /** The server acknowledged an outgoing stanza (XEP-0198). */
  acked(accountId: string, stanza: Element): void {
    if (stanza.name !== 'message') return;
    const id = stanza.attrs.id as string | undefined;
    if (!id) return;
    const what = this.#inFlight.get(accountId)?.get(id) ?? 'message';
    this.#done(accountId, id, what);
  }

  /** Lost with the old stream and not re-sent by it: it goes again at the next flush. */
  unacked(accountId: string, stanza: Element): void {
    const id = stanza.attrs.id as string | undefined;
    if (stanza.name !== 'message' || !id) return;
    this.#inFlight.get(accountId)?.delete(id);
    let uncertain = this.#uncertain.get(accountId);
    if (!uncertain) this.#uncertain.set(accountId, (uncertain = new Set()));
    uncertain.add(id);
  }

  /** Pending messages and corrections of the account, in the order they were asked for. */
  #items(accountId: string, peer: string | undefined): OutboxItem[] {
    const { store } = this.#deps;
    const mine = (p: string) => peer === undefined || p === peer;
    const messages = store
      .outbox(accountId)
      .filter((m) => mine(m.peer))
      .map((m) => ({ at: m.sentAt, item: messageItem(m) }));
    const corrections = store.corrections(accountId).flatMap((c) => {
      if (!mine(c.peer)) return [];
      const original = store.get(c.messageId);
      if (!original) {
        store.removeCorrection(c.id);
        return [];
      }
      const item: OutboxItem = {
        id: c.id,
        accountId,
        kind: c.kind,
        peer: c.peer,
        body: c.body,
        replaces: c.messageId,
        // A correction of a private message is as private as the message.
        private: original.private,
      };
      return [{ at: c.createdAt, item }];
    });
    // Stable: on a tie, the message goes before the correction.
    return [...messages, ...corrections].sort((a, b) => a.at - b.at).map((entry) => entry.item);
  }

  #transmit(link: OutboxLink, item: OutboxItem, stanza: Element): void {
    const inFlight = this.#ids(item.accountId);
    const what = item.replaces === undefined ? 'message' : 'correction';
    inFlight.set(item.id, what);
    // Read now: a connection that dies during the write turns stream management off before the
    // write settles, and the item, still in its queue, would count as sent unconfirmed.
    const acked = link.acked;
    link.send(stanza).then(
      // Without stream management a completed write is the best confirmation there is.
      () => acked || this.#done(item.accountId, item.id, what),
      (error: unknown) => {
        inFlight.delete(item.id);
        log.info(`${item.accountId}: send failed, the item stays in the outbox`, error);
      },
    );
  }

  #ids(accountId: string): InFlight {
    let ids = this.#inFlight.get(accountId);
    if (!ids) this.#inFlight.set(accountId, (ids = new Map()));
    return ids;
  }

  /** The server has it: a message becomes sent, a correction leaves the outbox. */
  #done(accountId: string, id: string, what: 'message' | 'correction'): void {
    this.#inFlight.get(accountId)?.delete(id);
    this.#uncertain.get(accountId)?.delete(id);
    const { store } = this.#deps;
    try {
      if (what === 'correction') return store.removeCorrection(id);
      const message = store.get(id);
      if (message?.direction !== 'out' || message.state !== 'pending') return;
      const updated = store.update(id, { state: 'sent' });
      if (updated) this.#deps.changed(updated);
    } catch (error) {
      log.warn(`${accountId}: could not record what the server has`, error);
    }
  }

  /** A stage refused the item for good: it leaves the outbox, with the reason shown. */
  #fail(item: OutboxItem, error: ErrorInfo): void {
    const { store } = this.#deps;
    log.warn(`${item.accountId}: an outgoing item failed: ${error.code}`);
    try {
      if (item.replaces !== undefined) {
        // The message keeps showing the new text; its error says the peer never got it.
        store.removeCorrection(item.id);
        const updated = store.update(item.replaces, { error });
        if (updated) this.#deps.changed(updated);
        return;
      }
      const updated = store.update(item.id, { state: 'failed', error });
      if (updated) this.#deps.changed(updated);
    } catch (failure) {
      log.warn(`${item.accountId}: could not record a failed item`, failure);
    }
  }
}

const messageItem = (m: Message): OutboxItem => ({
  id: m.id,
  accountId: m.accountId,
  kind: m.kind,
  peer: m.peer,
  body: m.body,
  private: m.private,
});
