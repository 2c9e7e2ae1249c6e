/**
 * The front of the incoming pipeline: what one <message/> is (an archive result, a carbon, a
 * live message or a bounce), whether its envelope may be believed, and what we trust it to say
 * about itself (trust.ts: which stanza-id, which date). It then goes to its conversation kind's
 * handler (router.ts), which stores it synchronously, so that it is committed before any later
 * XEP-0198 ack leaves. Never throws for bad input: it logs and drops.
 */
import type { Element } from '@xmpp/xml';
import type { EmitEvent } from '../../shared/contract';
import { NS } from '../../shared/namespaces';
import { createLogger } from '../log';
import type { MessageStore } from '../storage/types';
import { parseArchiveResult } from './archive';
import type { ArchiveQueries, ArchiveQueryTracker } from './archiveQueries';
import type { InsertBatch } from './batch';
import { unwrapCarbon } from './carbons';
import type { Incoming, KindRegistry } from './kinds/types';
import { routeBounce, routeIncoming } from './router';
import { parseDelays, parseMessage } from './stanzas';
import { datedAt, serverDelay, stanzaIdBy, type DelayFloor, type DistinctTimes } from './trust';

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
  /** Archive queries in flight: a result counts only for one of them, from its archive. */
  readonly queries: ArchiveQueries;
  /**
   * Whether the server stamps stanza-ids (XEP-0359 §5: trust them only then); otherwise anyone
   * could forge one in our server's name and get a later message dropped as a duplicate.
   */
  readonly trustStanzaIds: boolean;
  /**
   * No live message is dated before its floor: a minute before the newest message of the
   * account stored when the session began, if any (see trust.ts).
   */
  readonly delayFloor: DelayFloor;
  /** Live messages and carbons, in stream order, get distinct times (see trust.ts). */
  readonly streamTimes: DistinctTimes;
  /** The handler of each conversation kind. */
  readonly kinds: KindRegistry;
  /** Whether a bare JID is a room we know: private messages through it are 'occupant'. */
  isRoom(bare: string): boolean;
  /** Sends on the live connection (receipts); failures are the caller's to log. */
  send(stanza: Element): void;
  /** Whether a receipt may go to this peer (only to those who may see our presence). */
  mayReceipt(peer: string): boolean;
  /** A message of our archive (its id) reached this session as it arrived (see catchUp.ts). */
  arrived?(archiveId: string): void;
  /** Whether this session sent the message with this origin-id (see catchUp.ts). */
  sentThisSession?(originId: string): boolean;
}

/** Handles one stanza from the connection. */
/**
 * Handles one incoming stanza; `receivedAt` when it was held a while after it arrived (the live
 * ones are dated by their arrival: stanzas held across a reconnection and the new stream's first
 * ones must not share one millisecond, or a hole between them has no room in the order).
 */
export function handleStanza(ctx: IngestContext, stanza: Element, receivedAt?: number): void {
  if (stanza.name !== 'message') return;
  try {
    unwrap(ctx, stanza, receivedAt ?? ctx.now());
  } catch (error) {
    // A storage failure lands here too: log it (never the body) and keep the connection going.
    log.error(`${ctx.accountId}: message not handled`, error);
  }
}

function unwrap(ctx: IngestContext, stanza: Element, receivedAt: number): void {
  const own = ctx.accountId;
  const archived = parseArchiveResult(stanza, own, ctx.queries);
  if (archived.kind === 'forged') return dropForged(ctx, archived.reason);
  if (archived.kind === 'result') {
    const tracker = archived.tracker ?? ctx.queries.get(archived.queryId);
    if (!tracker) return dropForged(ctx, 'archive result for a query we did not send');
    return fromArchive(ctx, tracker, archived.archiveId, archived.message, archived.stamp);
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
    // Only the server's own stamps count: on the wrapper it built or on the stanza it re-sent;
    // the forwarded message's delays are its sender's.
    const stamp = serverDelay([...carbon.delays, ...parseDelays(stanza)], own);
    return routeIncoming(ctx, {
      message: inner,
      via: 'carbon',
      direction: sent ? 'out' : 'in',
      sentAt: ctx.streamTimes.next(datedAt(stamp, receivedAt)),
      live: false,
      ...ownStamp(ctx, stanzaIdBy(inner, own)),
    });
  }

  const message = parseMessage(stanza, own);
  if (!message) return log.debug(`${own}: malformed message ignored`);
  if (message.type === 'error') {
    // Lookups of the bounced message must see what is still queued.
    ctx.batch.flush();
    return routeBounce(ctx, message);
  }
  routeIncoming(ctx, {
    message,
    via: 'live',
    direction: 'in',
    sentAt: ctx.streamTimes.next(
      datedAt(ctx.delayFloor.apply(serverDelay(message.delays, own)), receivedAt),
    ),
    live: true,
    ...ownStamp(ctx, stanzaIdBy(message, own)),
  });
}

/** Our own server's stanza-id, when it stamps them at all (and noted as arrived). */
function ownStamp(ctx: IngestContext, stanzaId: string | undefined) {
  if (!ctx.trustStanzaIds || stanzaId === undefined) return {};
  ctx.arrived?.(stanzaId);
  return { stanzaId, archive: ctx.accountId };
}

/**
 * An archive result: dated by the archive's stamp on the <forwarded/> wrapper (the archive wrote
 * it), never by the message's own delays. Its query hears about it once it is committed; a
 * query that holds its results stores them itself, when its page is complete.
 */
function fromArchive(
  ctx: IngestContext,
  tracker: ArchiveQueryTracker,
  archiveId: string,
  forwarded: Element,
  stamp: number | undefined,
): void {
  if (!tracker.hold) return storeResult(ctx, tracker, archiveId, forwarded, stamp);
  tracker.hold({
    correction: forwarded.getChild('replace', NS.correct) !== undefined,
    store: () => storeResult(ctx, tracker, archiveId, forwarded, stamp),
  });
}

function storeResult(
  ctx: IngestContext,
  tracker: ArchiveQueryTracker,
  archiveId: string,
  forwarded: Element,
  stamp: number | undefined,
): void {
  const own = ctx.accountId;
  const sentAt = datedAt(stamp, ctx.now());
  // One of ours sent on this session proves nothing about what lies below it (catchUp.ts): not
  // reported as known, so the walk does not stop at it.
  let sentHere = false;
  let reported = false;
  const report = (inserted: boolean, skipped = false) => {
    if (reported) return;
    reported = true;
    try {
      const skip = skipped || (sentHere && !inserted);
      tracker.onResult({ archiveId, inserted, sentAt, ...(skip && { skipped: true }) });
    } catch (error) {
      log.warn(`${own}: archive query tracker failed`, error);
    }
  };
  try {
    const inner = parseMessage(forwarded, own);
    if (!inner) return log.debug(`${own}: malformed archived message ignored`);
    sentHere =
      inner.fromBare === own &&
      inner.originId !== undefined &&
      ctx.sentThisSession?.(inner.originId) === true;
    const incoming: Incoming = {
      message: inner,
      via: 'archive',
      direction: inner.fromBare === own ? 'out' : 'in',
      sentAt,
      stanzaId: archiveId,
      archive: tracker.archive,
      query: tracker,
      // Stored, but not as this archive entry: no stop marker (Insertion.elsewhere).
      archived: { stored: (inserted, elsewhere) => report(inserted, elsewhere === true) },
      live: false,
    };
    routeIncoming(ctx, incoming);
  } finally {
    // After everything the handler queued: a result it did not store is reported as such.
    ctx.batch.afterCommit(() => report(false, true));
  }
}

function dropForged(ctx: IngestContext, reason: string): void {
  log.warn(`${ctx.accountId}: dropped a forged stanza: ${reason}`);
}
