/**
 * Events at most once per frame. The main process sends events in batches, but when the page is
 * busy (rendering the previous batch), the next batches wait as separate frames of the socket (or
 * IPC messages), and each would get its own task, store update and render. Here they wait for the
 * next animation frame instead and reach the listeners together, so the page renders once per
 * frame however fast they come: the busier it is, the bigger its batches.
 *
 * A request's answer still never overtakes an event sent before it: the events that wait are
 * handed over before the answer is.
 */
import type { EventMessage } from '../../shared/contract';
import type { RendererApi } from './api';

/** A page in the background gets no animation frames; its events go out this often at least. */
const HIDDEN_FLUSH_MS = 100;

/** Runs `fn` at the next animation frame, or after HIDDEN_FLUSH_MS, whichever comes first. */
export function nextFrame(fn: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    fn();
  };
  const frame = requestAnimationFrame(run);
  const timer = setTimeout(run, HIDDEN_FLUSH_MS);
}

export function eventsPerFrame(
  api: RendererApi,
  schedule: (fn: () => void) => void = nextFrame,
): RendererApi {
  const listeners = new Set<(message: EventMessage) => void>();
  let waiting: EventMessage[] = [];
  let scheduled = false;

  const deliver = () => {
    scheduled = false;
    const batch = waiting;
    waiting = [];
    for (const message of batch) for (const listener of listeners) listener(message);
  };

  api.onEvent((message) => {
    waiting.push(message);
    if (scheduled) return;
    scheduled = true;
    schedule(deliver);
  });

  return {
    request: async (name, params) => {
      const result = await api.request(name, params);
      if (waiting.length > 0) deliver();
      return result;
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onLinkStatus: (listener) => api.onLinkStatus(listener),
  };
}
