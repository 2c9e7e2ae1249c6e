/** What a catch-up of an archive needs and what it gives (catchUp.ts has the rules). */
import type { ArchiveProgress } from '../../shared/contract';
import type { MessageStore } from '../storage/types';
import type { PageDeps } from './archivePage';

export interface CatchUpDeps extends PageDeps {
  readonly accountId: string;
  readonly store: Pick<
    MessageStore,
    | 'preferences'
    | 'newestStanzaId'
    | 'newestSentAt'
    | 'archiveGaps'
    | 'setArchiveGap'
    | 'removeArchiveGap'
  >;
  readonly now: () => number;
  /**
   * Whether an archive id is of a message a session stored as it arrived (live, or a carbon)
   * before its catch-up's newest page: such a message proves nothing about what lies below
   * it. The server may have dropped the old session's unacknowledged messages because its
   * archive has them (Prosody does), so there can be a hole just under the new session's
   * first messages.
   */
  readonly storedThisSession?: (archiveId: string) => boolean;
  /**
   * The walk is past these archive ids, and the gap records where it goes on: from now on they
   * may stop a walk again (storedThisSession forgets them). Without this, each new session
   * while a catch-up stays owed would walk again through everything the earlier ones walked.
   */
  walked?(archiveIds: readonly string[]): void;
  /**
   * The newest pass goes back at least this far (epoch ms), past stored history too: the
   * messages a lost stream carried unconfirmed are looked for there (sessionSync.ts).
   */
  readonly reach?: number;
  /** True once the account detached: stop before the next page. */
  stopped(): boolean;
  /** archive.progress events (throttled here). */
  progress(progress: ArchiveProgress): void;
  /** Waits before each older page; a PAGE_PAUSE_MS timer unless given (tests step it). */
  pause?(): Promise<void>;
}

/** How a catch-up ended. */
export type CatchUpEnd = 'done' | 'failed' | 'stopped' | 'unsupported';

export interface CatchUp {
  /**
   * Settles once the newest page is stored (true: from then on a gap records where the walk
   * still has to go), or the catch-up ended without it (false). Never rejects.
   */
  readonly newest: Promise<boolean>;
  /** Settles when the whole catch-up is over. Never rejects. */
  readonly done: Promise<CatchUpEnd>;
  /**
   * Settles once this catch-up's newest pass has stored a page older than `reach` (see
   * CatchUpDeps), or that pass is over (complete, failed, stopped): what it found of our own
   * unconfirmed messages is marked sent by then. Never rejects.
   */
  readonly reached: Promise<void>;
  /**
   * Fetches this one-to-one conversation's newest page before the next older page; false when
   * nothing is queued (the catch-up is over, the archive is a room's, or it was asked already).
   */
  prioritize(peer: string): boolean;
}
