/**
 * Incoming stanzas of one client, for as long as the client lives (across its resumptions), to
 * whichever attachment is current. Stream management counts a stanza as handled as soon as it is
 * parsed, and the server re-sends what the lost stream had not confirmed right after <resumed/>,
 * before the account has re-attached the chat service (that waits for feature discovery): a
 * listener that lived and died with the attachment let those stanzas be counted, acknowledged
 * and never stored, so the server dropped messages it had delivered. Here a stanza that finds no
 * attachment is held until the next one, and an ack waits until what is held is committed.
 */
import type { Element } from '@xmpp/xml';
import type { XmppClient } from '../xmpp/client';
import type { Attachment } from './attachment';
import { handleStanza } from './ingest';

export class IngestFeed {
  #current: Attachment | undefined;
  /** Arrived while no attachment was current: handled, in order, by the next one. */
  readonly #held: Array<{ readonly stanza: Element; readonly at: number }> = [];
  readonly #now: () => number;
  #attached: Promise<void>;
  #signal: () => void = () => {};

  constructor(client: XmppClient, now: () => number) {
    this.#now = now;
    this.#attached = this.#nextAttach();
    client.entity.on('stanza', (stanza: Element) => this.#receive(stanza));
    // An ack counts everything received so far: held stanzas wait for an attachment, and each
    // stanza reaches the batch as it arrives, so the ack waits for the batch's commit, then a
    // last flush catches what came meanwhile.
    client.setAckGate(async () => {
      while (!this.#current && this.#held.length > 0) await this.#attached;
      const current = this.#current;
      if (!current) return;
      await current.ctx.batch.committed();
      current.ctx.batch.flush();
    });
  }

  /** The attachment that handles what arrives from now on (and what was held until now). */
  attach(attachment: Attachment): void {
    this.#current = attachment;
    for (const { stanza, at } of this.#held.splice(0)) handleStanza(attachment.ctx, stanza, at);
    const signal = this.#signal;
    this.#attached = this.#nextAttach();
    signal();
  }

  /** The attachment is gone (disposed): hold what comes until the next one. */
  detach(attachment: Attachment): void {
    if (this.#current === attachment) this.#current = undefined;
  }

  #nextAttach(): Promise<void> {
    return new Promise<void>((resolve) => (this.#signal = resolve));
  }

  #receive(stanza: Element): void {
    if (stanza.name !== 'message') return;
    if (this.#current) handleStanza(this.#current.ctx, stanza);
    else this.#held.push({ stanza, at: this.#now() });
  }
}
