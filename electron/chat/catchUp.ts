/**
 * Archive catch-up (XEP-0313), newest first, for one archive: our account's own now, a room's
 * later (the archive's JID and where its queries go are parameters).
 *
 * 1. The newest page (RSM `<before/>` empty) is fetched at once and stored; its results reach the
 *    renderer as message.upserted events like live messages do.
 * 2. Then backwards, one page at a time (`<before>` the oldest id of the previous page), until a
 *    page holds a message that was stored already (live, a carbon, one of ours, an earlier
 *    catch-up: the ingest reports it as not inserted) that the sessions since the catch-up was
 *    owed did not receive themselves before their newest page (storedThisSession) or send, and
 *    that is stored as this very archive entry: one of ours stored as we sent it, or a re-send
 *    archived again above the first copy, says nothing about where the walk is (ingest.ts
 *    reports those as skipped); or the archive says complete, or the results pass the window's
 *    start (now − archiveWindowDays; the query asks for nothing older either).
 * 3. Where the walk still has to go is persisted as a gap (ArchiveGap), moved after each committed
 *    page. A catch-up cut short (quit, disconnect, error) leaves it behind; the next one first does
 *    its own newest pass (steps 1–2), then fills the gaps left behind, newest first. A gap whose
 *    id the archive no longer knows, or that lies past the window, is dropped.
 *
 * Unread rule: the newest page, and the rest of the newest pass of an archive that had stored
 * history, arrived while we were away: filed 'received' (unread). Everything else is history and
 * filed 'read': the older pages of an archive's very first catch-up (a week of messages must not
 * become a week of unread counts) and every gap left by an earlier catch-up.
 *
 * Pace: one query in flight per archive, and a short pause before each older page, so live stanzas
 * are handled between pages and the renderer gets one burst per page, not a flood.
 *
 * Errors never escape: an IQ error or timeout ends the catch-up quietly with phase 'failed' (its
 * gap stays for next time); an answer not from the archive is forged and ends it the same way; an
 * archive that turns out not to do MAM ends it as done, with nothing fetched.
 *
 * Priority: while older pages are being fetched, opening a one-to-one conversation puts its own
 * newest page ahead of the next older page (priorityPages.ts).
 */
import { createLogger } from '../log';
import type { ArchiveGap, ArchiveOrder } from '../storage/types';
import type { ArchiveQueryTracker } from './archiveQueries';
import { fetchPage, type PageOutcome } from './archivePage';
import { CatchUpProgress } from './catchUpProgress';
import type { CatchUp, CatchUpDeps, CatchUpEnd } from './catchUpTypes';
import { PriorityPages } from './priorityPages';

export type { CatchUp, CatchUpDeps, CatchUpEnd } from './catchUpTypes';

const log = createLogger('chat.archive');

/** The first page asked for: small, so that it is shown soonest (servers may cap it lower). */
export const NEWEST_PAGE = 50;
/** Older pages, fetched in the background. */
export const OLDER_PAGE = 100;
/** Pause before each older page: lets live stanzas and the renderer through. */
export const PAGE_PAUSE_MS = 25;
const DAY_MS = 24 * 3600 * 1000;
/** A guard against a server that never says complete. */
const MAX_PAGES = 10_000;

/** Starts a catch-up of one archive; see the module header for the rules. */
export function startCatchUp(deps: CatchUpDeps): CatchUp {
  const run = new Run(deps);
  let newestDone!: (stored: boolean) => void;
  const newest = new Promise<boolean>((resolve) => (newestDone = resolve));
  const done = run.run(newestDone).then(
    (end) => end,
    (error: unknown) => {
      log.error(`${deps.accountId}: archive catch-up failed`, error);
      return 'failed' as const;
    },
  );
  void done.finally(() => {
    newestDone(false);
    run.passedAll();
  });
  return {
    newest,
    done,
    reached: run.reached,
    prioritize: (peer) => run.prioritize(peer),
  };
}

type Filled = 'filled' | Exclude<CatchUpEnd, 'done'>;

class Run {
  readonly #deps: CatchUpDeps;
  readonly #progress: CatchUpProgress;
  readonly #pause: () => Promise<void>;
  #windowStart = 0;
  #pages = 0;
  #over = false;
  readonly #priority = new PriorityPages();
  /** Settles once the newest pass went below deps.reach, or is over. */
  readonly reached: Promise<void>;
  #reachedDone!: () => void;
  #reachedYet = false;

  constructor(deps: CatchUpDeps) {
    this.#deps = deps;
    this.#progress = new CatchUpProgress(
      { accountId: deps.accountId, archive: deps.archive },
      (progress) => deps.progress(progress),
      deps.now,
    );
    this.#pause =
      deps.pause ?? (() => new Promise((resolve) => setTimeout(resolve, PAGE_PAUSE_MS)));
    this.reached = new Promise<void>((resolve) => (this.#reachedDone = resolve));
  }

  /** The newest pass is over (or the whole run): nobody waits for it any longer. */
  passedAll(): void {
    this.#reachedYet = true;
    this.#reachedDone();
  }

  /** The newest pass stored a page going back to `at`. */
  #reach(at: number | undefined): void {
    const { reach } = this.#deps;
    if (reach === undefined || (at !== undefined && at < reach)) this.passedAll();
  }

  /** Whether the newest pass must go on past stored history (CatchUpDeps.reach). */
  #mustGoOn(newestPass: boolean): boolean {
    return newestPass && !this.#reachedYet && this.#deps.reach !== undefined;
  }

  prioritize(peer: string): boolean {
    return !this.#over && this.#deps.to === undefined && this.#priority.ask(peer);
  }

  async run(newestDone: (stored: boolean) => void): Promise<CatchUpEnd> {
    try {
      const end = await this.#run(newestDone);
      if (end === 'done' || end === 'unsupported') this.#progress.enter('done');
      else this.#progress.enter('failed');
      log.debug(`${this.#deps.accountId}: archive catch-up ${end} after ${this.#pages} page(s)`);
      return end;
    } catch (error) {
      // The store failed (a gap not written): what is stored stays, the rest comes next time.
      log.error(`${this.#deps.accountId}: archive catch-up stopped`, error);
      this.#progress.enter('failed');
      return 'failed';
    } finally {
      this.#over = true;
    }
  }

  async #run(newestDone: (stored: boolean) => void): Promise<CatchUpEnd> {
    const { store, accountId, archive } = this.#deps;
    if (this.#deps.stopped()) return 'stopped';
    this.#windowStart = this.#deps.now() - store.preferences().archiveWindowDays * DAY_MS;
    const hadHistory =
      store.newestStanzaId(accountId, archive) !== undefined ||
      store.archiveGaps(accountId, archive).length > 0;

    this.#progress.enter('newest');
    this.#pages += 1;
    // One walk from the newest page down: each result is placed by the one after it in the
    // archive, across pages too (ArchiveOrder).
    const order: ArchiveOrder = {
      notAfter: this.#deps.now(),
      notBefore: archive === accountId ? store.newestSentAt(accountId) : undefined,
    };
    const page = await fetchPage(
      this.#deps,
      { before: '', start: this.#windowStart, max: NEWEST_PAGE, order },
      'received',
    );
    if (page.kind !== 'page') return this.#failure(page);
    this.#progress.count(page.inserted.length + page.known.length, page.oldestAt);
    this.#reach(page.oldestAt);
    // Recorded even when the account detached meanwhile: whatever of the page got stored would
    // otherwise stop the next newest pass in front of the older history never fetched.
    let gap: ArchiveGap | undefined;
    if (!this.#reachedEnd(page, this.#windowStart, '', true)) {
      gap = { before: page.first!, notBefore: this.#windowStart };
      store.setArchiveGap(accountId, archive, gap);
      this.#deps.walked?.(page.known);
    }
    newestDone(true);
    if (this.#deps.stopped()) return 'stopped';

    if (gap === undefined && store.archiveGaps(accountId, archive).length === 0) return 'done';
    this.#progress.enter('older');
    if (gap !== undefined) {
      const filled = await this.#fill(gap, hadHistory ? 'received' : 'read', order, true);
      if (filled !== 'filled') return filled;
    }
    this.passedAll();
    // Gaps left by earlier catch-ups, newest first; each is removed once filled or dropped.
    const tried = new Set<string>();
    for (;;) {
      const next = store.archiveGaps(accountId, archive).find((g) => !tried.has(g.before));
      if (!next) return 'done';
      tried.add(next.before);
      const filled = await this.#fill(next, 'read');
      if (filled !== 'filled') return filled;
    }
  }

  /** Walks one gap backwards until it is filled; moves it after each committed page. */
  async #fill(
    gap: ArchiveGap,
    state: ArchiveQueryTracker['incomingState'],
    // A gap left behind continues below the stored result it is named after.
    order: ArchiveOrder = { successorId: gap.before },
    newestPass = false,
  ): Promise<Filled> {
    const { store, accountId, archive } = this.#deps;
    const notBefore = Math.max(gap.notBefore, this.#windowStart);
    let before = gap.before;
    for (;;) {
      await this.#between();
      if (this.#deps.stopped()) return 'stopped';
      if ((this.#pages += 1) > MAX_PAGES) return 'failed';
      const page = await fetchPage(
        this.#deps,
        { before, start: notBefore, max: OLDER_PAGE, order },
        state,
      );
      // Not moved past a page that may be half stored: the next catch-up asks for it again.
      if (this.#deps.stopped()) return 'stopped';
      if (page.kind === 'not-found') {
        log.info(`${accountId}: the archive no longer has the start of a gap, dropped it`);
        store.removeArchiveGap(accountId, archive, before);
        return 'filled';
      }
      if (page.kind !== 'page') return this.#failure(page);
      this.#progress.count(page.inserted.length + page.known.length, page.oldestAt);
      if (newestPass) this.#reach(page.oldestAt);
      if (this.#reachedEnd(page, notBefore, before, newestPass)) {
        store.removeArchiveGap(accountId, archive, before);
        this.#progress.tick();
        return 'filled';
      }
      store.setArchiveGap(accountId, archive, { before: page.first!, notBefore }, before);
      this.#deps.walked?.(page.known);
      before = page.first!;
      this.#progress.tick();
    }
  }

  /** Whether the walk ends with this page (nothing older to fetch for it). */
  #reachedEnd(
    page: Extract<PageOutcome, { kind: 'page' }>,
    notBefore: number,
    from: string,
    newestPass: boolean,
  ) {
    return (
      page.complete ||
      page.first === undefined ||
      // A server that answers the same page again would otherwise be asked forever.
      page.first === from ||
      (page.oldestAt !== undefined && page.oldestAt < notBefore) ||
      (!this.#mustGoOn(newestPass) &&
        page.known.some((id) => !this.#priority.stored(id) && !this.#deps.storedThisSession?.(id)))
    );
  }

  /** The pause before an older page, and the priority fetches queued meanwhile. */
  async #between(): Promise<void> {
    await this.#pause();
    await this.#priority.fetchQueued(this.#deps, this.#windowStart, NEWEST_PAGE, {
      fetching: () => void (this.#pages += 1),
      fetched: (results) => {
        this.#progress.count(results);
        this.#progress.tick();
      },
      pause: this.#pause,
    });
  }

  #failure(page: Exclude<PageOutcome, { kind: 'page' }>): 'failed' | 'unsupported' {
    const { accountId } = this.#deps;
    switch (page.kind) {
      case 'unsupported':
        log.info(`${accountId}: the archive does not answer MAM queries`);
        return 'unsupported';
      case 'forged':
        log.warn(`${accountId}: archive answer not from the archive asked, stopped`);
        return 'failed';
      case 'failed':
        log.info(`${accountId}: archive catch-up stopped (${page.reason}), resumes next time`);
        return 'failed';
      case 'not-found':
        return 'failed';
    }
  }
}
