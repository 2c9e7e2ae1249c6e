/**
 * One page of an archive (XEP-0313): registers the query's tracker, sends the query, waits for
 * its <fin/>, commits what the ingest pipeline queued, and says what the page held. Never throws:
 * every way a page can fail is an outcome the catch-up decides on. An answer that does not come
 * from the archive asked is 'forged' (the IQ caller already refuses most; this is the last word).
 */
import type { Element } from '@xmpp/xml';
import { toBare } from '../../shared/jid';
import { knownCondition } from '../xmpp/conditions';
import { buildArchiveQuery, parseFin } from './archive';
import type { ArchiveOrder } from '../storage/types';
import type { ArchiveQueries, ArchiveQueryTracker, HeldResult } from './archiveQueries';

export interface PageDeps {
  /** The archive's bare JID: our account's, or a room's. */
  readonly archive: string;
  /** Where queries go (a room's JID); absent for our own archive. */
  readonly to?: string;
  /** Sends an IQ and resolves with its result (rejects with the stanza error or a timeout). */
  request(stanza: Element): Promise<Element>;
  /** Queries in flight, shared with the ingest pipeline that reports each stored result. */
  readonly queries: ArchiveQueries;
  readonly newId: () => string;
  /** Commits the results the ingest pipeline still holds in its insert batch. */
  flush(): void;
}

export interface PageQuery {
  /** '' for the newest page, else the archive id to page back from (exclusive). */
  readonly before: string;
  /** The window's start (epoch ms): nothing older is asked for. */
  readonly start: number;
  readonly max: number;
  /** One conversation only (a priority fetch). */
  readonly with?: string;
  /**
   * The walk this page continues (ArchiveOrder): its oldest stored result is the successor of
   * this page's newest. A fresh one when absent.
   */
  readonly order?: ArchiveOrder;
}

export type PageOutcome =
  | {
      readonly kind: 'page';
      /** Results stored by this page (archive ids). */
      readonly inserted: readonly string[];
      /** Results that were stored already (archive ids): live, ours, or fetched before. Results
       * with nothing to store (receipts, chat states) are in neither list. */
      readonly known: readonly string[];
      /** The oldest time among the page's results (epoch ms). */
      readonly oldestAt?: number;
      /** The archive id of the page's oldest item: where the next older page starts. */
      readonly first?: string;
      /** Nothing older in the archive (within the window asked). */
      readonly complete: boolean;
    }
  /** The archive no longer has the id paged from (expired, or the archive was reset). */
  | { readonly kind: 'not-found' }
  /** The archive does not do MAM after all. */
  | { readonly kind: 'unsupported' }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'forged' };

/** How long the results of a query that failed are still expected (and let go quietly). */
const LATE_RESULTS_MS = 120_000;

/** Stanza error conditions that mean "no archive here", not "try again later". */
const UNSUPPORTED = new Set(['feature-not-implemented', 'service-unavailable']);

// The reason is logged: only a condition XMPP defines, never the archive's own text.
const conditionOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'condition' in error
    ? knownCondition((error as { condition: unknown }).condition)
    : undefined;

const nameOf = (error: unknown): string =>
  error instanceof Error ? error.name : typeof error === 'string' ? error : 'error';

export async function fetchPage(
  deps: PageDeps,
  query: PageQuery,
  incomingState: ArchiveQueryTracker['incomingState'],
): Promise<PageOutcome> {
  const queryId = deps.newId();
  const inserted: string[] = [];
  const known: string[] = [];
  let oldestAt: number | undefined;
  const held: HeldResult[] = [];
  deps.queries.set(queryId, {
    archive: deps.archive,
    incomingState,
    // Paging back from an id: the page is older than what the catch-up stored before it.
    ...(query.before !== '' && { placement: { size: query.max, next: new Map() } }),
    order: query.order ?? {},
    hold: (result) => held.push(result),
    onResult: (info) => {
      if (info.inserted) inserted.push(info.archiveId);
      else if (!info.skipped) known.push(info.archiveId);
      if (oldestAt === undefined || info.sentAt < oldestAt) oldestAt = info.sentAt;
    },
  });
  let reply: Element;
  try {
    reply = await deps.request(
      buildArchiveQuery({
        queryId,
        before: query.before,
        start: query.start,
        max: query.max,
        ...(deps.to !== undefined && { to: deps.to }),
        ...(query.with !== undefined && { with: query.with }),
      }),
    );
    // Every result came before the <fin/>. Stored newest first, each right before its successor
    // (ArchiveOrder); corrections last, in archive order, once what they name is stored. Then
    // committed, so that each has been reported (and is on disk) before the caller moves its
    // gap past them.
    for (const result of held.filter((r) => !r.correction).reverse()) result.store();
    for (const result of held.filter((r) => r.correction)) result.store();
    deps.flush();
  } catch (error) {
    deps.queries.delete(queryId);
    const condition = conditionOf(error);
    if (condition === 'item-not-found' && query.before !== '') return { kind: 'not-found' };
    if (condition !== undefined && UNSUPPORTED.has(condition)) return { kind: 'unsupported' };
    // Timed out or cut off: its results may still come (re-sent after a resumption). They are
    // let go quietly for a while rather than reported as forged; the gap stays where it was.
    deps.queries.set(queryId, {
      archive: deps.archive,
      incomingState,
      hold: () => undefined,
      onResult: () => undefined,
    });
    setTimeout(() => deps.queries.delete(queryId), LATE_RESULTS_MS).unref?.();
    return { kind: 'failed', reason: condition ?? nameOf(error) };
  }
  deps.queries.delete(queryId);
  const from = reply.attrs.from as string | undefined;
  const fromArchive =
    from === undefined ? deps.to === undefined : toBare(from) === toBare(deps.to ?? deps.archive);
  if (!fromArchive) return { kind: 'forged' };
  const fin = parseFin(reply);
  if (!fin) return { kind: 'failed', reason: 'no fin' };
  return {
    kind: 'page',
    inserted,
    known,
    complete: fin.complete,
    ...(oldestAt !== undefined && { oldestAt }),
    ...(fin.first !== undefined && { first: fin.first }),
  };
}
