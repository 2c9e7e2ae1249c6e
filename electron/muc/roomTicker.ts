/**
 * Rooms' changes for the renderer, coalesced per tick: a room of thousands entering is a handful
 * of room.occupants deltas and room.changed snapshots, not one event per presence.
 */
import type { EmitEvent } from '../../shared/contract';
import type { RoomState } from './roomState';

export class RoomTicker {
  readonly #dirty = new Set<RoomState>();
  #tick: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly emit: EmitEvent,
    private readonly tickMs: number,
  ) {}

  /** The room changed: it goes out with the next tick. */
  changed(state: RoomState): void {
    this.#dirty.add(state);
    this.#tick ??= setTimeout(() => this.flush(), this.tickMs);
  }

  /** A room that is gone: nothing more of it goes out. */
  forget(state: RoomState): void {
    this.#dirty.delete(state);
  }

  /** Sends what changed now (the tick, or before an answer that must follow it). */
  flush(): void {
    this.stop();
    const dirty = [...this.#dirty];
    this.#dirty.clear();
    for (const state of dirty) {
      const delta = state.takeDelta();
      if (delta) this.emit('room.occupants', delta);
      this.emit('room.changed', state.snapshot());
    }
  }

  stop(): void {
    if (this.#tick) clearTimeout(this.#tick);
    this.#tick = undefined;
  }
}
