/**
 * Groups the plain inserts of one burst of incoming stanzas into one transaction: with a durable
 * commit costing a disk sync (~3 ms here), one commit per message caps ingestion at a few hundred
 * messages per second. The batch is committed before anything can acknowledge its messages:
 * at the end of the current task (a microtask), before the stream-management request that would
 * make the client answer with an ack (the attachment flushes on <r/>, see attachment.ts), before
 * any lookup that must see it, and on detach.
 */
import type { Message } from '../../shared/contract';
import { createLogger } from '../log';
import type { MessageStore, NewMessage } from '../storage/types';

const log = createLogger('chat.batch');

export type Inserted = { message: Message; inserted: boolean };

/** A store that may also insert many messages in one transaction (electron/storage has it). */
export type BatchStore = MessageStore & {
  insertMany?(messages: readonly NewMessage[]): Inserted[];
};

type Item =
  | { readonly message: NewMessage; readonly after: (result: Inserted) => void }
  | { readonly message?: undefined; readonly after: () => void };

export class InsertBatch {
  #items: Item[] = [];
  #scheduled = false;
  readonly #store: BatchStore;
  /** Called once per flush with the conversations (account\0peer) that got a new message. */
  readonly #flushed: (conversations: ReadonlySet<string>) => void;

  constructor(store: BatchStore, flushed: (conversations: ReadonlySet<string>) => void) {
    this.#store = store;
    this.#flushed = flushed;
  }

  /** Queues an insert; `after` runs once it is committed (not when the commit fails). */
  add(message: NewMessage, after: (result: Inserted) => void): void {
    this.#items.push({ message, after });
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => this.flush());
  }

  /**
   * Runs `after` once everything queued before it is committed, in order with their callbacks
   * (not when the commit fails): what must follow a commit without adding to it.
   */
  afterCommit(after: () => void): void {
    this.#items.push({ after });
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => this.flush());
  }

  /** Commits what is queued, then runs the callbacks in order. Never throws. */
  flush(): void {
    this.#scheduled = false;
    const items = this.#items;
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
