/**
 * Flow control for one page's socket. A page that sends requests faster than it reads the
 * answers (frozen, or hostile) must not make the host hold answers without end: at most
 * MAX_IN_FLIGHT of its requests run at once, and the host stops reading its socket while that
 * many run or while more than HIGH_WATER_BYTES of answers wait in its send buffer. Reading
 * resumes once both have gone down, so nothing the page sent is refused or lost; TCP carries the
 * pause back to the sender. A page that still piles up requests past MAX_QUEUED (only possible
 * within what was read before the pause took effect) is closed with the policy code.
 */
import type { WebSocket } from 'ws';

/** A real page keeps a handful in flight; a burst at start-up stays far below this. */
export const MAX_IN_FLIGHT = 64;
/** Answers waiting to be written before the host stops taking new requests from that page. */
export const HIGH_WATER_BYTES = 1024 * 1024;
/**
 * Requests already read when reading paused: bounded by one socket read (64 KiB of tiny frames
 * is ~2,000) plus one frame of at most MAX_MESSAGE_BYTES. More than this is not a page.
 */
export const MAX_QUEUED = 4096;

export interface ClientFlow {
  /** A request frame arrived; it runs now or when there is room. */
  received(text: string): void;
  /**
   * A frame to this page was written out: a congested buffer drains without any request
   * finishing, so this is when reading may resume.
   */
  written(): void;
  readonly stats: () => { readonly inFlight: number; readonly queued: number };
}

export function createClientFlow(
  ws: WebSocket,
  run: (text: string) => Promise<void>,
  limits: { readonly maxInFlight?: number; readonly highWaterBytes?: number } = {},
): ClientFlow {
  const maxInFlight = limits.maxInFlight ?? MAX_IN_FLIGHT;
  const highWater = limits.highWaterBytes ?? HIGH_WATER_BYTES;
  const queue: string[] = [];
  let inFlight = 0;

  const open = () => ws.readyState === ws.OPEN;
  const congested = () => ws.bufferedAmount > highWater;

  /** Runs what may run now, then reads on only if there is room for more. */
  function pump(): void {
    while (open() && queue.length > 0 && inFlight < maxInFlight && !congested()) {
      inFlight += 1;
      const text = queue.shift()!;
      void run(text).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
    if (!open()) {
      queue.length = 0;
      return;
    }
    const full = inFlight >= maxInFlight || queue.length > 0 || congested();
    if (full && !ws.isPaused) ws.pause();
    if (!full && ws.isPaused) ws.resume();
  }

  return {
    received(text) {
      if (queue.length >= MAX_QUEUED) {
        queue.length = 0;
        ws.close(1008, 'too many requests');
        return;
      }
      queue.push(text);
      pump();
    },
    written: () => {
      if (ws.isPaused) pump();
    },
    stats: () => ({ inFlight, queued: queue.length }),
  };
}
