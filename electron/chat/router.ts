/**
 * Routes each incoming message to its conversation kind's handler. A message belongs to a
 * room when it is a group message (type=groupchat); to a private conversation through a room
 * (kind 'occupant') when it comes from a full JID and says it was sent through a room
 * (<x xmlns='muc#user'/>, XEP-0045 §7.5) or its bare JID is a room we know; otherwise to the
 * one-to-one chat with the sender's bare JID. An occupant's conversation is named by the occupant
 * JID and never merged with a roster contact's, whatever the nickname claims.
 */
import type { ConversationKind } from '../../shared/contract';
import { conversationPeer, occupantParts } from '../../shared/conversation';
import { formatJid, parseJid } from '../../shared/jid';
import { createLogger } from '../log';
import type { IngestContext } from './ingest';
import type { Incoming, Target } from './kinds/types';
import type { ParsedMessage } from './stanzas';

const log = createLogger('chat.router');

/**
 * The conversation of a message: for one we received, its sender's; for one of ours (a sent
 * carbon, our message in the archive), its recipient's. Null when the address is unusable.
 */
export function classify(
  message: ParsedMessage,
  direction: 'in' | 'out',
  ownBare: string,
  isRoom: (bare: string) => boolean,
): Target | null {
  const remote = parseJid(direction === 'in' ? message.from : message.to);
  if (!remote) return null;
  const bare = direction === 'in' ? message.fromBare : message.toBare;
  const full = remote.resource !== '' ? formatJid(remote) : undefined;
  const sender = (target: Omit<Target, 'sender'>, jid: string, nick?: string): Target =>
    direction === 'out'
      ? target
      : { ...target, sender: { jid, ...(nick !== undefined && { nick }) } };

  // A bounce of a group message comes from the room itself.
  const roomBounce = message.type === 'error' && full === undefined && isRoom(bare);
  if (message.type === 'groupchat' || roomBounce) {
    const nick = full !== undefined ? remote.resource : undefined;
    return sender({ kind: 'room', peer: bare }, full ?? bare, nick);
  }
  // Our own account is never a room, whatever a stanza from one of our devices carries.
  if (full !== undefined && bare !== ownBare && (message.mucUser || isRoom(bare))) {
    const peer = conversationPeer('occupant', full);
    const parts = peer ? occupantParts(peer) : undefined;
    if (peer && parts) return sender({ kind: 'occupant', peer }, peer, parts.nick);
  }
  return sender({ kind: 'chat', peer: bare }, full ?? bare);
}

/** Hands an incoming message to its kind's handler; a kind without one is dropped. */
export function routeIncoming(ctx: IngestContext, incoming: Incoming): void {
  const target = classify(incoming.message, incoming.direction, ctx.accountId, ctx.isRoom);
  if (!target) return log.debug(`${ctx.accountId}: message with an unusable address ignored`);
  const handler = ctx.kinds.get(target.kind);
  if (!handler) return unhandled(ctx, target.kind);
  handler.receive(ctx, incoming, target);
}

/** Hands a bounce (type=error) of one of our messages to its kind's handler. */
export function routeBounce(ctx: IngestContext, message: ParsedMessage): void {
  const target = classify(message, 'in', ctx.accountId, ctx.isRoom);
  if (!target) return;
  const handler = ctx.kinds.get(target.kind);
  if (!handler?.bounce) return unhandled(ctx, target.kind);
  handler.bounce(ctx, message, target);
}

function unhandled(ctx: IngestContext, kind: ConversationKind): void {
  log.debug(`${ctx.accountId}: no handler for ${kind} messages, dropped`);
}
