/**
 * The sending side of the outbox. Messages are stored as pending before this runs (chatService);
 * here they go on the wire with their own id as XMPP id and origin-id (so a resend is recognized
 * by receivers), become sent once the server has them, and stay pending when a write fails.
 */
import type { Element } from '@xmpp/xml';
import type { Message } from '../../shared/contract';
import { createLogger } from '../log';
import type { MessageStore } from '../storage/types';
import { buildChatMessage } from './stanzas';

const log = createLogger('chat.outbox');

/** The live connection of an account, as the outbox sees it. */
export interface OutboxLink {
  send(stanza: Element): Promise<void>;
  /**
   * Stream management is on, so the server's acks will say when it has a message. Otherwise a
   * completed write counts as sent: a message written to a dying socket is then marked sent too
   * early, and only a receipt or the archive tells otherwise.
   */
  readonly acked: boolean;
}

export class Outbox {
  readonly #store: MessageStore;
  readonly #changed: (message: Message) => void;
  /** Per account: ids handed to the current stream (stream management re-sends them). */
  readonly #inFlight = new Map<string, Set<string>>();

  constructor(store: MessageStore, changed: (message: Message) => void) {
    this.#store = store;
    this.#changed = changed;
  }

  /** A new stream without resumption: nothing handed to the old one is known to have arrived. */
  newStream(accountId: string): void {
    this.#inFlight.get(accountId)?.clear();
  }

  /** Sends every pending message of the account that the current stream does not carry yet. */
  flush(accountId: string, link: OutboxLink): void {
    const inFlight = this.#ids(accountId);
    for (const message of this.#store.outbox(accountId)) {
      if (!inFlight.has(message.id)) this.transmit(link, message);
    }
  }

  transmit(link: OutboxLink, message: Message): void {
    const inFlight = this.#ids(message.accountId);
    inFlight.add(message.id);
    const stanza = buildChatMessage({ id: message.id, to: message.peer, body: message.body });
    link.send(stanza).then(
      // Without stream management a completed write is the best confirmation there is.
      () => link.acked || this.#markSent(message.id),
      (error: unknown) => {
        inFlight.delete(message.id);
        log.info(`${message.accountId}: send failed, the message stays in the outbox`, error);
      },
    );
  }

  /** The server acknowledged an outgoing stanza (XEP-0198). */
  acked(accountId: string, stanza: Element): void {
    if (stanza.name !== 'message') return;
    const id = stanza.attrs.id as string | undefined;
    if (!id) return;
    this.#inFlight.get(accountId)?.delete(id);
    this.#markSent(id);
  }

  /** Lost with the old stream and not re-sent by it: it goes again at the next flush. */
  unacked(accountId: string, stanza: Element): void {
    const id = stanza.attrs.id as string | undefined;
    if (stanza.name === 'message' && id) this.#inFlight.get(accountId)?.delete(id);
  }

  #ids(accountId: string): Set<string> {
    let ids = this.#inFlight.get(accountId);
    if (!ids) this.#inFlight.set(accountId, (ids = new Set()));
    return ids;
  }

  #markSent(id: string): void {
    try {
      const message = this.#store.get(id);
      if (message?.direction !== 'out' || message.state !== 'pending') return;
      const updated = this.#store.update(id, { state: 'sent' });
      if (updated) this.#changed(updated);
    } catch (error) {
      log.warn('could not mark a message sent', error);
    }
  }
}
