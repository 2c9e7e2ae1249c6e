/**
 * @xmpp's Client as ours (client.ts composes it): start() without an unhandled rejection, a
 * stanza queued for stream management as it is written, our data decoding, nothing trusted
 * before TLS, and no server-directed redirects.
 */
import { Client } from '@xmpp/client-core';
import { promise } from '@xmpp/events';
import type { JID } from '@xmpp/jid';
import type { Element } from '@xmpp/xml';
import { onData } from './connection';
import { XmppError } from './errors';

/** @xmpp's Client with our data decoding and no server-directed redirects. */
export class HutongClient extends Client {
  // Upstream start() creates its 'online' promise before opening the stream, so an error while
  // opening (say a DOCTYPE in the server's header) rejects that promise too, unhandled.
  override async start(): Promise<JID> {
    if (this.status !== 'offline') throw new XmppError('internal', 'the connection is not offline');
    const { service, domain, lang } = this.options;
    await this.connect(service ?? '');
    const online = promise(this, 'online') as Promise<JID>;
    online.catch(() => {});
    await this.open({ domain: domain ?? '', lang });
    return online;
  }

  /** Whether stream management holds `element` (set once SM is composed in). */
  smHolds: (element: Element) => boolean = () => false;

  // XEP-0198 counts a stanza when it goes out. Upstream hands a stanza to stream management
  // (the 'send' event) only after the socket's write callback: a connection lost in between,
  // after the bytes left, makes the server count a stanza our queue lacks, and resuming then
  // fails inside upstream's bookkeeping (which binds again on the resumed stream and is
  // refused). Here a stanza is queued as it is written; if the write then fails, the stanza is
  // stream management's to settle: acknowledged or re-sent on resumption, 'fail' otherwise.
  override send(element: Element): Promise<void> {
    return this.sendMany([element]);
  }

  override async sendMany(elements: Element[]): Promise<void> {
    let fragment = '';
    for (const element of elements) {
      element.parent = this.root;
      fragment += element.toString();
    }
    // Nothing can go out (closing, no socket): upstream's refusal, nothing queued.
    if (this.status === 'closing' || !this.socket) return this.write(fragment);
    const written = this.write(fragment);
    for (const element of elements) this.emit('send', element);
    try {
      await written;
    } catch (error) {
      if (!elements.every((element) => this.smHolds(element))) throw error;
    }
  }

  _onData(data: Buffer | string): void {
    onData(this as never, data);
  }

  // Before TLS nothing said in a stanza can be trusted: anyone on the path could inject a roster
  // push or a message ahead of <proceed/>. Nonzas (features, proceed, stream errors) still flow.
  _onElement(element: Element): void {
    if (!this.isSecure() && this.isStanza(element)) return;
    (Client.prototype as unknown as { _onElement(e: Element): void })._onElement.call(
      this,
      element,
    );
  }

  // see-other-host would make the client connect wherever the server says, around the host the
  // user configured (and a future proxy policy): treat it as the stream error it is.
  _onSeeOtherHost(error: Error): void {
    this.emit('error', error);
  }
}
