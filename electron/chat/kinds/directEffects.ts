/**
 * What an incoming one-to-one message does to messages already stored: corrections (XEP-0308),
 * delivery receipts both ways (XEP-0184) and bounces of ours. Every lookup is within the
 * message's own conversation, so nobody can reach into another conversation's messages.
 */
import type { Message } from '../../../shared/contract';
import { createLogger } from '../../log';
import type { IngestContext } from '../ingest';
import { buildReceipt, type ParsedMessage } from '../stanzas';
import type { Incoming, Target } from './types';

const log = createLogger('chat.direct');

export function emitChanged(ctx: IngestContext, message: Message): void {
  ctx.emit('message.upserted', message);
  ctx.emit('conversation.changed', ctx.store.conversation(message.accountId, message.peer));
}

/**
 * Applies a correction to the message it names: 'applied' (stored, or already the same),
 * 'ignored' (its sender did not write that message: dropped), or 'unknown' (no such message;
 * the caller keeps the text as a new message).
 */
export function applyCorrection(
  ctx: IngestContext,
  m: ParsedMessage,
  target: Target,
  direction: 'in' | 'out',
  at: number,
): 'applied' | 'ignored' | 'unknown' {
  const original = ctx.store.findByXmppId(ctx.accountId, target.peer, m.replaces!);
  if (!original) return 'unknown';
  if (original.direction !== direction) {
    log.warn(`${ctx.accountId}: ignored a correction of a message its sender did not write`);
    return 'ignored';
  }
  if (original.body === m.body && original.editedAt !== undefined) return 'applied';
  const updated = ctx.store.update(original.id, { body: m.body!, editedAt: at });
  if (updated) emitChanged(ctx, updated);
  return 'applied';
}

/**
 * A duplicate that is a genuine resend: the same sender's message with the same origin-id and
 * text (its client never saw our receipt, e.g. after a lost connection). It gets a receipt, so
 * that it stops showing as undelivered; we have the message, so the receipt tells the truth.
 * A duplicate found by stanza-id alone gets none: that id is a claim about someone else's
 * message, and acknowledging it would confirm what we never stored.
 */
export function isResend(
  ctx: IngestContext,
  m: ParsedMessage,
  target: Target,
  stored: Message,
): boolean {
  if (m.originId === undefined || stored.direction !== 'in' || stored.peer !== target.peer) {
    return false;
  }
  if (stored.body !== m.body) return false;
  return ctx.store.findByXmppId(ctx.accountId, target.peer, m.originId)?.id === stored.id;
}

/** Answers a receipt request of a stored live message, in one-to-one chats only. */
export function answerReceipt(ctx: IngestContext, incoming: Incoming, target: Target): void {
  // The request and id are the envelope's: a stage's output (decrypted text) has neither.
  const m = incoming.message;
  if (target.kind !== 'chat' || !incoming.live || !m.receiptRequested || !m.id) return;
  if (!ctx.mayReceipt(target.peer)) return;
  ctx.send(buildReceipt({ id: ctx.newId(), to: m.from, receivedId: m.id }));
}

/** A receipt for one of our messages, from the conversation it was sent to. */
export function markDelivered(ctx: IngestContext, peer: string, xmppId: string): void {
  const original = ctx.store.findByXmppId(ctx.accountId, peer, xmppId);
  if (original?.direction !== 'out') return;
  if (original.state !== 'pending' && original.state !== 'sent') return;
  const updated = ctx.store.update(original.id, { state: 'delivered', error: null });
  if (updated) ctx.emit('message.upserted', updated);
}

/** A bounce of one of our messages: mark it failed with the coded reason. */
export function bounce(ctx: IngestContext, m: ParsedMessage, target: Target): void {
  if (!m.id || !m.error) return;
  const original = ctx.store.findByXmppId(ctx.accountId, target.peer, m.id);
  if (original?.direction !== 'out' || original.state === 'delivered') return;
  const updated = ctx.store.update(original.id, {
    state: 'failed',
    error: { code: m.error.code, message: `the server answered ${m.error.condition}` },
  });
  if (updated) emitChanged(ctx, updated);
}
