/**
 * Stream-management acks (XEP-0198) as we ask for them:
 *
 * - An `<r/>` after every ACK_EVERY stanzas sent. Upstream asks 250 ms after the last stanza and
 *   restarts that wait at each new one, so during a steady flow (a flood of messages, or the
 *   receipts answering one) it never asks: nothing is confirmed sent, and the queue of
 *   unconfirmed stanzas, which a failed resumption hands back all at once to be sent again,
 *   grows without bound (the fault-injection test saw 2,274 of them and not one ack).
 * - A session that stops answering them is deaf: when no `<a/>` comes within the wait after an
 *   `<r/>`, the connection is dropped and the session forgotten, so that the next connection
 *   starts a fresh one instead of resuming it. Upstream notices a dead link only when nothing
 *   at all arrives for a minute; Prosody 0.12 can resume a session onto a connection whose input
 *   goes to the old connection's parser (after a cut in the middle of a stanza): everything we
 *   send vanishes while the server's messages still arrive, and every resumption lands in the
 *   same trap (the fault-injection test sat 40 s in one, its messages unconfirmed).
 */
import type { Client } from '@xmpp/client-core';
import xml, { type Element } from '@xmpp/xml';
import { NS } from '../../shared/namespaces';
import { createLogger, type Logger } from '../log';

export const ACK_EVERY = 16;
/** How long an ack we asked for may take before the session counts as deaf. */
export const ACK_WAIT_MS = 20_000;

/** The parts of upstream's stream-management state this module reads and resets. */
export interface AckedSession {
  readonly enabled: boolean;
  id: string;
  outbound: number;
  outbound_q: Array<{ readonly stanza: Element }>;
  emit(event: 'fail', stanza: Element): unknown;
}

export function requestAcksByCount(
  entity: Client,
  sm: AckedSession,
  options: { readonly waitMs?: number; readonly log?: Logger | undefined; readonly label: string },
): void {
  let unasked = 0;
  let deafTimer: ReturnType<typeof setTimeout> | undefined;
  const calm = () => {
    clearTimeout(deafTimer);
    deafTimer = undefined;
  };
  entity.on('disconnect', () => {
    unasked = 0;
    calm();
  });
  entity.on('nonza', (element: Element) => {
    if (element.is('a', NS.sm)) calm();
  });
  entity.on('send', (element: Element) => {
    if (element.is('r', NS.sm)) {
      deafTimer ??= setTimeout(() => deaf(), options.waitMs ?? ACK_WAIT_MS);
      return;
    }
    if (!sm.enabled || !entity.isStanza(element)) return;
    unasked += 1;
    if (unasked < ACK_EVERY) return;
    unasked = 0;
    // A write that fails is a lost connection, which the session reports on its own.
    entity.send(xml('r', { xmlns: NS.sm })).catch(() => undefined);
  });

  function deaf(): void {
    deafTimer = undefined;
    (options.log ?? createLogger('xmpp')).warn(
      `${options.label}: the server stopped confirming what we send, reconnecting`,
    );
    // What upstream does when a resumption fails: the next connection binds a fresh session,
    // and whatever waited for confirmation is handed back ('fail', the outbox sends it again).
    sm.id = '';
    for (const item of sm.outbound_q.splice(0)) sm.emit('fail', item.stanza);
    sm.outbound = 0;
    // Not disconnect(): it closes the stream and waits for the server's reply, which a deaf
    // session never sends.
    (entity as { socket?: { destroy(): void } | null }).socket?.destroy();
  }
}
