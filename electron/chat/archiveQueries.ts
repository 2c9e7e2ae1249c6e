/**
 * Archive (XEP-0313) queries in flight, shared by whoever sends them (catch-up, a conversation's
 * newest page) and the ingest pipeline that receives their results as <message/> stanzas. A
 * result is believed only for a query id registered here, and only from the archive that query
 * asked (our own account, or a room): anything else is forged.
 */

import type { ArchiveOrder, SeqPlacement } from '../storage/types';

/** What the ingest pipeline reports about each result of a query, once it is committed. */
export interface ArchiveResultInfo {
  /** The result's archive id (its stanza-id in that archive). */
  readonly archiveId: string;
  /** False when the message was already stored (live, carbon, earlier catch-up, or ours). */
  readonly inserted: boolean;
  /**
   * True (with inserted false) when the result holds nothing to store: a receipt, a chat state,
   * a message malformed or of another kind. It tells nothing about what was stored before, so it
   * must not end a catch-up's walk the way an already stored message does.
   */
  readonly skipped?: boolean;
  /** When the archive says it was sent (epoch ms). */
  readonly sentAt: number;
}

export interface ArchiveQueryTracker {
  /** The archive asked: results must come from this bare JID (or, for our own, no from). */
  readonly archive: string;
  /**
   * How results of this query are stored: 'received' counts them as unread (what arrived while
   * we were away); 'read' files them as history (older than anything seen before).
   */
  readonly incomingState: 'received' | 'read';
  /** For a page older than one already fetched: its messages sort before stored ones. */
  readonly placement?: SeqPlacement;
  /** Where the results go relative to each other and to the walk's newer pages. */
  readonly order?: ArchiveOrder;
  /**
   * Takes each result instead of letting it be stored as it comes: the page stores them once
   * its <fin/> is in, newest first, so that each one's successor is stored before it
   * (ArchiveOrder). Absent: stored as they come.
   */
  hold?(result: HeldResult): void;
  /** Called for each result after its commit; never throws into the pipeline. */
  onResult(info: ArchiveResultInfo): void;
}

/** A result held back by its page (ArchiveQueryTracker.hold). */
export interface HeldResult {
  /** A correction (XEP-0308): stored after the page's other results, once what it names is. */
  readonly correction: boolean;
  /** Stores it (through the ingest pipeline, as it would have been on arrival). */
  store(): void;
}

/** Query id → tracker, per account attachment. */
export type ArchiveQueries = Map<string, ArchiveQueryTracker>;
