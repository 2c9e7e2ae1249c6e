/**
 * What to do with one incoming <message/>: route it (live, carbon, archive result, error), apply
 * the anti-spoofing rules, store it synchronously (so it is committed before any later XEP-0198
 * ack leaves) and emit the contract events. Never throws for bad input: it logs and drops.
 */
import type { Element } from '@xmpp/xml';
import type { EmitEvent, Message } from '../../shared/contract';
import { createLogger } from '../log';
import type { MessageStore, NewMessage } from '../storage/types';
import { parseArchiveResult } from './archive';
import type { InsertBatch } from './batch';
import { unwrapCarbon } from './carbons';
import { buildReceipt, parseMessage, type ParsedMessage } from './stanzas';

const log = createLogger('chat.ingest');

export interface IngestContext {
  /** The account's bare JID: what "our own" means for carbons, archive and stanza-ids. */
  readonly accountId: string;
  readonly store: MessageStore;
  /** Plain new messages go through it; every other path flushes it first (lookups see all). */
  readonly batch: InsertBatch;
  readonly emit: EmitEvent;
  readonly now: () => number;
  readonly newId: () => string;
  /** Query ids of archive queries in flight; results for any other id are forged. */
  readonly activeQueries: ReadonlySet<string>;
  /**
   * Whether the server stamps stanza-ids (XEP-0359 §5: trust them only then); otherwise anyone
   * could forge one in our server's name and get a later message dropped as a duplicate.
   */
  readonly trustStanzaIds: boolean;
  /** Sends on the live connection (receipts); failures are the caller's to log. */
  send(stanza: Element): void;
  /** Whether a receipt may go to this peer (only to those who may see our presence). */
  mayReceipt(peer: string): boolean;
}

type Via = Message['via'];

interface Route {
  readonly direction: 'in' | 'out';
  readonly peer: string;
  readonly via: Via;
  /** Trusted stanza-id: our server's stamp, or the archive id of a result. */
  readonly stanzaId?: string;
  readonly stamp?: number;
  /** A live message straight from the peer: may get a receipt, chat states count. */
  readonly live: boolean;
}

/** Handles one stanza from the connection. */
export function handleStanza(ctx: IngestContext, stanza: Element): void {
  if (stanza.name !== 'message') return;
  try {
    route(ctx, stanza);
  } catch (error) {
    // A storage failure lands here too: log it (never the body) and keep the connection going.
    log.error(`${ctx.accountId}: message not handled`, error);
  }
}

function route(ctx: IngestContext, stanza: Element): void {
  const own = ctx.accountId;
  const archived = parseArchiveResult(stanza, own, ctx.activeQueries);
  if (archived.kind === 'forged') return dropForged(ctx, archived.reason);
  if (archived.kind === 'result') {
    const inner = parseMessage(archived.message, own);
    if (!inner) return log.debug(`${own}: malformed archived message ignored`);
    const out = inner.fromBare === own;
    return ingest(ctx, inner, {
      direction: out ? 'out' : 'in',
      peer: out ? inner.toBare : inner.fromBare,
      via: 'archive',
      stanzaId: archived.archiveId,
      live: false,
      ...(archived.stamp !== undefined && { stamp: archived.stamp }),
    });
  }

  const carbon = unwrapCarbon(stanza, own);
  if (carbon.kind === 'forged') return dropForged(ctx, carbon.reason);
  if (carbon.kind !== 'none') {
    const inner = parseMessage(carbon.message, own);
    if (!inner) return log.debug(`${own}: malformed carbon ignored`);
    const sent = carbon.kind === 'sent';
    // A sent carbon must be from us, a received one to us; anything else is not a copy of ours.
    if (sent ? inner.fromBare !== own : inner.toBare !== own) {
      return dropForged(ctx, 'carbon of a message that is not ours');
    }
    return ingest(ctx, inner, {
      direction: sent ? 'out' : 'in',
      peer: sent ? inner.toBare : inner.fromBare,
      via: 'carbon',
      live: false,
      ...(ctx.trustStanzaIds && inner.stanzaId && { stanzaId: inner.stanzaId }),
    });
  }

  const message = parseMessage(stanza, own);
  if (!message) return log.debug(`${own}: malformed message ignored`);
  if (message.type === 'error') return onError(ctx, message);
  ingest(ctx, message, {
    direction: 'in',
    peer: message.fromBare,
    via: 'live',
    live: true,
    ...(ctx.trustStanzaIds && message.stanzaId && { stanzaId: message.stanzaId }),
  });
}

function dropForged(ctx: IngestContext, reason: string): void {
  log.warn(`${ctx.accountId}: dropped a forged stanza: ${reason}`);
}

function changed(ctx: IngestContext, message: Message): void {
  ctx.emit('message.upserted', message);
  ctx.emit('conversation.changed', ctx.store.conversation(message.accountId, message.peer));
}

function ingest(ctx: IngestContext, m: ParsedMessage, r: Route): void {
  if (m.type === 'groupchat' || m.type === 'headline') return;
  if (m.body === undefined) {
    ctx.batch.flush();
    if (m.receiptFor && r.direction === 'in') markDelivered(ctx, r.peer, m.receiptFor);
    if (m.chatState && r.direction === 'in' && r.via !== 'archive') {
      ctx.emit('chat.state', { accountId: ctx.accountId, peer: r.peer, state: m.chatState });
    }
    return;
  }
  const now = ctx.now();
  // Offline and archived messages carry the time they were sent; a clock ahead of ours must not
  // push them into the future (they would sort after everything to come).
  const sentAt = Math.min(now, r.stamp ?? m.delayedAt ?? now);
  if (m.truncated) log.info(`${ctx.accountId}: cut an oversized body from ${r.peer}`);

  if (r.live && m.chatState) {
    ctx.emit('chat.state', { accountId: ctx.accountId, peer: r.peer, state: m.chatState });
  }
  // Only after the commit: the receipt tells the sender we have it.
  const answer = () => {
    if (r.live && m.receiptRequested && m.id && ctx.mayReceipt(r.peer)) {
      ctx.send(buildReceipt({ id: ctx.newId(), to: m.from, receivedId: m.id }));
    }
  };
  if (m.replaces) {
    ctx.batch.flush();
    if (correct(ctx, m, r, sentAt)) return answer();
  }
  const message: NewMessage = {
    id: ctx.newId(),
    accountId: ctx.accountId,
    peer: r.peer,
    direction: r.direction,
    body: m.body,
    sentAt,
    state: r.direction === 'in' ? 'received' : 'sent',
    via: r.via,
    private: false,
    ...(r.stanzaId && { stanzaId: r.stanzaId }),
    ...(m.originId && { originId: m.originId }),
    ...(m.id && { xmppId: m.id }),
  };
  ctx.batch.add(message, ({ message: stored, inserted }) => {
    // conversation.changed follows once per batch (see chatService.ts).
    if (inserted) ctx.emit('message.upserted', stored);
    else if (stored.direction === 'out' && stored.state === 'pending' && r.via === 'archive') {
      // Our own outbox message is in the archive: the server has it, do not send it again.
      const updated = ctx.store.update(stored.id, { state: 'sent' });
      if (updated) changed(ctx, updated);
    }
    answer();
  });
}

/**
 * Applies a correction (XEP-0308) to the message it names. Returns false when that message is
 * unknown (the text is then kept as a new message); a correction of a message its sender did not
 * write is dropped. The lookup is within the sender's conversation, so nobody can reach into
 * another contact's messages.
 */
function correct(ctx: IngestContext, m: ParsedMessage, r: Route, at: number): boolean {
  const original = ctx.store.findByXmppId(ctx.accountId, r.peer, m.replaces!);
  if (!original) return false;
  if (original.direction !== r.direction) {
    log.warn(`${ctx.accountId}: ignored a correction of a message its sender did not write`);
    return true;
  }
  if (original.body === m.body && original.editedAt !== undefined) return true;
  const updated = ctx.store.update(original.id, { body: m.body!, editedAt: at });
  if (updated) changed(ctx, updated);
  return true;
}

function markDelivered(ctx: IngestContext, peer: string, xmppId: string): void {
  const original = ctx.store.findByXmppId(ctx.accountId, peer, xmppId);
  if (original?.direction !== 'out') return;
  if (original.state !== 'pending' && original.state !== 'sent') return;
  const updated = ctx.store.update(original.id, { state: 'delivered', error: null });
  if (updated) ctx.emit('message.upserted', updated);
}

/** A bounce of one of our messages: mark it failed with the coded reason. */
function onError(ctx: IngestContext, m: ParsedMessage): void {
  if (!m.id || !m.error) return;
  ctx.batch.flush();
  const original = ctx.store.findByXmppId(ctx.accountId, m.fromBare, m.id);
  if (original?.direction !== 'out' || original.state === 'delivered') return;
  const updated = ctx.store.update(original.id, {
    state: 'failed',
    error: { code: m.error.code, message: `the server answered ${m.error.condition}` },
  });
  if (updated) changed(ctx, updated);
}
