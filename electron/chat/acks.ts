/**
 * Stream-management acknowledgements (XEP-0198) as the chat service needs them: "the server has
 * this stanza" (acked) and "it never got it and nobody will re-send it" (unacked). Without stream
 * management the service falls back to treating a completed write as sent: a message written to a
 * dying socket is then marked sent too early, and only a receipt or the archive tells otherwise.
 */
import type { Element } from '@xmpp/xml';
import type { XmppClient } from '../xmpp/client';

export interface AckSource {
  /** Calls the listeners for each outgoing stanza's fate; returns unsubscribe. */
  listen(acked: (stanza: Element) => void, unacked: (stanza: Element) => void): () => void;
}

/** The client's ack feed, when stream management is enabled on its current stream. */
export function ackSource(client: XmppClient): AckSource | undefined {
  if (!client.streamManagement) return undefined;
  return {
    listen(acked, unacked) {
      const stops = [client.on('acked', acked), client.on('unacked', unacked)];
      return () => stops.forEach((stop) => stop());
    },
  };
}
