/**
 * The handler of the one-to-one kinds: a chat with a contact ('chat') and a private conversation
 * with one occupant through a room ('occupant'). Each message with a body passes the receive
 * stages (where OTR decrypts, issue 8), then is stored through the insert batch; receipts answer
 * only what was stored, and only in one-to-one chats (never to occupants: a receipt would tell
 * a room's stranger that we are online).
 */
import { createLogger } from '../../log';
import type { NewMessage } from '../../storage/types';
import type { IngestContext } from '../ingest';
import type { ReceiveStage, StageList } from '../stages';
import { buildChatMessage, buildChatState, type ParsedMessage } from '../stanzas';
import {
  answerReceipt,
  applyCorrection,
  bounce,
  emitChanged,
  isResend,
  markDelivered,
} from './directEffects';
import { KindRegistry, type Incoming, type KindHandler, type Target } from './types';

const log = createLogger('chat.direct');

export type DirectKind = 'chat' | 'occupant';

/** A registry with the one-to-one kinds in it; rooms register theirs (issue 7). */
export function createKindRegistry(stages: StageList<ReceiveStage>): KindRegistry {
  const kinds = new KindRegistry();
  kinds.register('chat', createDirectHandler('chat', stages));
  kinds.register('occupant', createDirectHandler('occupant', stages));
  return kinds;
}

export function createDirectHandler(
  kind: DirectKind,
  stages: StageList<ReceiveStage>,
): KindHandler {
  const occupant = kind === 'occupant';
  return {
    receive: (ctx, incoming, target) => receive(ctx, stages, incoming, target),
    bounce,
    outgoing: (item) =>
      buildChatMessage({
        id: item.id,
        to: item.peer,
        body: item.body,
        occupant,
        ...(item.replaces !== undefined && { replaces: item.replaces }),
      }),
    chatState: ({ id, peer, state }) => buildChatState({ id, to: peer, state, occupant }),
  };
}

function receive(
  ctx: IngestContext,
  stages: StageList<ReceiveStage>,
  incoming: Incoming,
  target: Target,
): void {
  // Headlines are announcements that expect no reply (RFC 6121 §5.2.2), not a conversation.
  if (incoming.message.type === 'headline') return;
  // An invitation is a request the room service puts to the user, not a message to store.
  if (incoming.message.invitation) return;
  if (incoming.message.body === undefined) return signals(ctx, incoming, target);
  const staged = runStages(ctx, stages, incoming, target);
  if (!staged || staged.message.body === undefined) return;
  const m = staged.message;
  if (m.truncated) log.info(`${ctx.accountId}: cut an oversized body`);
  if (incoming.live && m.chatState) emitState(ctx, target, m);

  if (m.replaces) {
    ctx.batch.flush();
    const outcome = applyCorrection(ctx, m, target, incoming.direction, incoming.sentAt);
    // An applied correction is stored (as the new text): it may be acknowledged.
    if (outcome === 'applied') answerReceipt(ctx, incoming, target);
    if (outcome !== 'unknown') return;
    // The message it names is unknown here: the text is kept as a message of its own.
  }
  const { direction } = incoming;
  const message: NewMessage = {
    id: ctx.newId(),
    accountId: ctx.accountId,
    kind: target.kind,
    peer: target.peer,
    ...(target.sender && { sender: target.sender }),
    direction,
    body: m.body!,
    sentAt: incoming.sentAt,
    state: direction === 'out' ? 'sent' : (incoming.query?.incomingState ?? 'received'),
    via: incoming.via,
    private: staged.private,
    ...(incoming.stanzaId !== undefined &&
      incoming.archive !== undefined && { stanzaId: incoming.stanzaId, archive: incoming.archive }),
    ...(m.originId && { originId: m.originId }),
    ...(m.id && { xmppId: m.id }),
    ...(incoming.query?.placement && { placement: incoming.query.placement }),
    ...(incoming.query?.order && { order: incoming.query.order }),
  };
  ctx.batch.add(message, ({ message: stored, inserted, elsewhere }) => {
    incoming.archived?.stored(inserted, elsewhere);
    // conversation.changed follows once per batch (see attachment.ts).
    if (inserted) ctx.emit('message.upserted', stored);
    else if (
      stored.direction === 'out' &&
      stored.state === 'pending' &&
      incoming.via === 'archive'
    ) {
      // Our own outbox message is in the archive: the server has it, do not send it again.
      const updated = ctx.store.update(stored.id, { state: 'sent' });
      if (updated) emitChanged(ctx, updated);
    }
    // Only after the commit, and only for what is stored: a receipt says "I have it".
    if (inserted || isResend(ctx, m, target, stored)) answerReceipt(ctx, incoming, target);
  });
}

/** A message without a body: a receipt for one of ours, or a chat state. Nothing is stored. */
function signals(ctx: IngestContext, incoming: Incoming, target: Target): void {
  const m = incoming.message;
  if (incoming.direction !== 'in') return;
  if (m.receiptFor) {
    ctx.batch.flush();
    markDelivered(ctx, target.peer, m.receiptFor);
  }
  if (m.chatState && incoming.via !== 'archive') emitState(ctx, target, m);
}

function emitState(ctx: IngestContext, target: Target, m: ParsedMessage): void {
  ctx.emit('chat.state', {
    accountId: ctx.accountId,
    kind: target.kind,
    peer: target.peer,
    state: m.chatState!,
  });
}

/**
 * The receive stages in order. Null when one consumed the message (or failed: a message a stage
 * cannot read is dropped with a log rather than stored as something it is not).
 */
function runStages(
  ctx: IngestContext,
  stages: StageList<ReceiveStage>,
  incoming: Incoming,
  target: Target,
): { message: ParsedMessage; private: boolean } | null {
  let message = incoming.message;
  let isPrivate = false;
  for (const stage of stages.all()) {
    try {
      const verdict = stage.receive({
        accountId: ctx.accountId,
        kind: target.kind,
        peer: target.peer,
        direction: incoming.direction,
        via: incoming.via,
        message,
      });
      if (verdict.action === 'consume') return null;
      if (verdict.message) message = verdict.message;
      if (verdict.private) isPrivate = true;
    } catch (error) {
      log.error(`${ctx.accountId}: receive stage ${stage.name} failed, message dropped`, error);
      return null;
    }
  }
  return { message, private: isPrivate };
}
