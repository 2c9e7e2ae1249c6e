/**
 * Conversations the user opens while a catch-up still fills in older history (catchUp.ts): each
 * one's newest page (the form's `with` field) is fetched ahead of the next older page, once per
 * run. What those pages store is no stop marker for the walk: a gap walking into it would stop
 * there and leave a hole in every other conversation.
 */
import { createLogger } from '../log';
import { fetchPage, type PageDeps } from './archivePage';

const log = createLogger('chat.archive');

export interface PriorityDeps extends PageDeps {
  readonly accountId: string;
  readonly now: () => number;
  stopped(): boolean;
}

export class PriorityPages {
  readonly #queued: string[] = [];
  readonly #asked = new Set<string>();
  /** Archive ids that these pages stored. */
  readonly #stored = new Set<string>();

  /** Queues a conversation's newest page; false when it was asked already. */
  ask(peer: string): boolean {
    if (this.#asked.has(peer)) return false;
    this.#asked.add(peer);
    this.#queued.push(peer);
    return true;
  }

  /** Whether one of these pages stored this archive id. */
  stored(archiveId: string): boolean {
    return this.#stored.has(archiveId);
  }

  /**
   * Fetches the pages queued, newest first in each, `pause` after each one stored; `fetching`
   * before each query, `fetched` with the number of results of each page stored.
   */
  async fetchQueued(
    deps: PriorityDeps,
    start: number,
    max: number,
    hooks: { fetching(): void; fetched(results: number): void; pause(): Promise<void> },
  ): Promise<void> {
    while (this.#queued.length > 0 && !deps.stopped()) {
      const peer = this.#queued.shift()!;
      hooks.fetching();
      // Filed 'read': the user is opening this conversation right now.
      const page = await fetchPage(
        deps,
        { before: '', start, max, with: peer, order: { notAfter: deps.now() } },
        'read',
      );
      if (page.kind !== 'page') {
        // The next older page will tell whether the archive is gone; nothing to undo here.
        log.debug(`${deps.accountId}: priority page not fetched (${page.kind})`);
        continue;
      }
      for (const id of page.inserted) this.#stored.add(id);
      hooks.fetched(page.inserted.length + page.known.length);
      await hooks.pause();
    }
  }
}
