/**
 * Event batches: the events the main process emits in one turn of the event loop travel to the
 * renderer as one transport message (one WebSocket frame, one IPC message). A flood of 5,000
 * messages emits 10,000 events; sent one by one, the renderer handled each in its own task and
 * rendered once per event. Batched, it handles tens of messages and renders once per batch.
 *
 * The batch is transport framing only: each event keeps its contract schema. A batch goes out on
 * setImmediate (after the turn's microtasks, where the chat service commits and emits), or at
 * once when it is full. `flush()` sends what is queued now: the binders call it before answering
 * a request, so a result never overtakes an event emitted before it (a send's result after the
 * event that stored its message, never before).
 */
import type { EventMessage } from '../../shared/contract';

/** Events per batch: ~200 KB of JSON for one-line messages, a few ms to parse in the renderer. */
export const MAX_BATCH_EVENTS = 500;

export interface EventBatcher {
  /** Queues an event for the next batch. */
  push(message: EventMessage): void;
  /** Sends the queued events now (nothing when none are queued). */
  flush(): void;
  /** Drops what is queued and stops sending. */
  close(): void;
}

export interface EventBatcherOptions {
  readonly send: (batch: readonly EventMessage[]) => void;
  readonly maxEvents?: number;
  /** When to send a batch that is not full; setImmediate unless a test says otherwise. */
  readonly schedule?: (flush: () => void) => void;
}

/**
 * A conversation's snapshot supersedes the earlier ones of the same batch: a flood from one
 * contact changes the conversation once per message, and the renderer needs only the last.
 */
function supersedeKey(message: EventMessage): string | null {
  if (message.event !== 'conversation.changed') return null;
  return `${message.payload.accountId}\n${message.payload.peer}`;
}

export function createEventBatcher(options: EventBatcherOptions): EventBatcher {
  const max = options.maxEvents ?? MAX_BATCH_EVENTS;
  const schedule = options.schedule ?? ((flush: () => void) => void setImmediate(flush));
  let batch: EventMessage[] = [];
  /** Where each supersedable snapshot sits in the current batch. */
  let slots = new Map<string, number>();
  let scheduled = false;
  let closed = false;

  const flush = (): void => {
    if (batch.length === 0) return;
    const out = batch;
    batch = [];
    slots = new Map();
    options.send(out);
  };

  return {
    push(message) {
      if (closed) return;
      const key = supersedeKey(message);
      const slot = key === null ? undefined : slots.get(key);
      if (slot !== undefined) {
        batch[slot] = message;
        return;
      }
      if (key !== null) slots.set(key, batch.length);
      batch.push(message);
      if (batch.length >= max) {
        flush();
        return;
      }
      if (scheduled) return;
      scheduled = true;
      schedule(() => {
        scheduled = false;
        if (!closed) flush();
      });
    },
    flush: () => {
      if (!closed) flush();
    },
    close() {
      closed = true;
      batch = [];
      slots = new Map();
    },
  };
}
