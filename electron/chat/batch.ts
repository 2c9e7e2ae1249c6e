/**
 * Groups the plain inserts of a burst of incoming stanzas into one transaction: with a durable
 * commit costing a disk sync (~3 ms here) plus a fixed cost per transaction, one commit per
 * message caps ingestion at a few hundred messages per second, and one per socket read (~20
 * messages in a flood) still spends a third of the ingest time committing. So a batch stays open
 * for a short window (a few ms, unnoticeable on screen) or until it is large, and is committed
 * before anything can acknowledge its messages: the attachment holds the answer to a
 * stream-management request until the batch has committed (see committed() and attachment.ts),
 * any lookup that must see it flushes it, and so does detaching.
 */
import { createLogger } from '../log';
import type { Insertion, MessageStore, NewMessage } from '../storage/types';

const log = createLogger('chat.batch');

export type Inserted = Insertion;

/** A store that may also insert many messages in one transaction (electron/storage has it). */
export type BatchStore = MessageStore & {
  insertMany?(messages: readonly NewMessage[]): Inserted[];
};

type Item =
  | { readonly message: NewMessage; readonly after: (result: Inserted) => void }
  | { readonly message?: undefined; readonly after: () => void };

export interface BatchOptions {
  /**
   * How long a batch stays open after its first item, in ms; 0 commits at the end of the
   * current task (a microtask), as the unit tests expect.
   */
  readonly windowMs?: number;
  /** A batch this large commits at once, whatever the window. */
  readonly maxItems?: number;
}

export class InsertBatch {
  #items: Item[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #microtask = false;
  /** Who waits for the next commit (see committed()). */
  #waiters: Array<() => void> = [];
  readonly #store: BatchStore;
  /** Called once per flush with the conversations (account\0peer) that got a new message. */
  readonly #flushed: (conversations: ReadonlySet<string>) => void;
  readonly #windowMs: number;
  readonly #maxItems: number;

  constructor(
    store: BatchStore,
    flushed: (conversations: ReadonlySet<string>) => void,
    options: BatchOptions = {},
  ) {
    this.#store = store;
    this.#flushed = flushed;
    this.#windowMs = options.windowMs ?? 0;
    this.#maxItems = options.maxItems ?? 1000;
  }

  /** Queues an insert; `after` runs once it is committed (not when the commit fails). */
  add(message: NewMessage, after: (result: Inserted) => void): void {
    this.#items.push({ message, after });
    this.#schedule();
  }

  /**
   * Runs `after` once everything queued before it is committed, in order with their callbacks
   * (not when the commit fails): what must follow a commit without adding to it.
   */
  afterCommit(after: () => void): void {
    this.#items.push({ after });
    this.#schedule();
  }

  /**
   * Settles after the next flush, i.e. once everything queued now is committed (or its commit
   * failed): at once when nothing is queued, else when the window closes.
   */
  committed(): Promise<void> {
    if (this.#items.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #schedule(): void {
    if (this.#items.length >= this.#maxItems) return this.flush();
    if (this.#timer !== undefined || this.#microtask) return;
    if (this.#windowMs > 0) {
      this.#timer = setTimeout(() => this.flush(), this.#windowMs);
    } else {
      this.#microtask = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** Commits what is queued, then runs the callbacks in order. Never throws. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#microtask = false;
    const items = this.#items;
    const waiters = this.#waiters;
    this.#waiters = [];
    try {
      this.#commit(items);
    } finally {
      for (const resolve of waiters) resolve();
    }
  }

  #commit(items: Item[]): void {
    if (items.length === 0) return;
    this.#items = [];
    const messages = items.flatMap((item) => (item.message ? [item.message] : []));
    let results: Inserted[] = [];
    try {
      if (messages.length > 0) {
        results = this.#store.insertMany
          ? this.#store.insertMany(messages)
          : messages.map((message) => this.#store.insert(message));
      }
    } catch (error) {
      // Not stored. Catch-up only moves past committed results, so the next one brings these
      // messages back where the server archives them.
      log.error(`${messages.length} incoming message(s) could not be stored`, error);
      return;
    }
    const touched = new Set<string>();
    let i = 0;
    for (const item of items) {
      try {
        if (item.message) {
          const result = results[i++]!;
          if (result.inserted) touched.add(`${result.message.accountId}\0${result.message.peer}`);
          item.after(result);
        } else {
          item.after();
        }
      } catch (error) {
        log.error('after-insert step failed', error);
      }
    }
    if (touched.size > 0) this.#flushed(touched);
  }
}
