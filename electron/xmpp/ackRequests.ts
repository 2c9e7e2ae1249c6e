/**
 * Asks the server for an ack (XEP-0198 `<r/>`) after every ACK_EVERY stanzas sent. Upstream asks
 * 250 ms after the last stanza and restarts that wait at each new one, so during a steady flow
 * (a flood of messages, or the receipts answering one) it never asks: nothing is confirmed sent,
 * and the queue of unconfirmed stanzas, which a failed resumption hands back all at once to be
 * sent again, grows without bound (the fault-injection test saw 2,274 of them and not one ack).
 */
import type { Client } from '@xmpp/client-core';
import xml, { type Element } from '@xmpp/xml';
import { NS } from '../../shared/namespaces';

export const ACK_EVERY = 16;

export function requestAcksByCount(entity: Client, sm: { readonly enabled: boolean }): void {
  let unasked = 0;
  entity.on('disconnect', () => {
    unasked = 0;
  });
  entity.on('send', (element: Element) => {
    if (!sm.enabled || !entity.isStanza(element)) return;
    unasked += 1;
    if (unasked < ACK_EVERY) return;
    unasked = 0;
    // A write that fails is a lost connection, which the session reports on its own.
    entity.send(xml('r', { xmlns: NS.sm })).catch(() => undefined);
  });
}
