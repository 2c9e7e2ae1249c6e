/**
 * Nickname changes awaiting a room's answer (XEP-0045 §7.6), one per room: the presence under
 * the new nickname (or the one the room rewrote it to) settles it, as does an error for that
 * nickname, or no answer in time.
 */
import type { RoomSnapshot } from '../../shared/contract';
import { fail, type Result } from '../../shared/errors';

type Resolve = (result: Result<RoomSnapshot>) => void;

export class NickChanges {
  readonly #pending = new Map<string, { nick: string; resolve: Resolve }>();

  constructor(private readonly timeoutMs: number) {}

  has(room: string): boolean {
    return this.#pending.has(room);
  }

  /** The nickname asked for in this room, while its change is under way. */
  asked(room: string): string | undefined {
    return this.#pending.get(room)?.nick;
  }

  /** Waits for the room's answer to `send` (which asks for `nick`). */
  async begin(
    room: string,
    nick: string,
    send: () => Promise<void>,
  ): Promise<Result<RoomSnapshot>> {
    const answered = new Promise<Result<RoomSnapshot>>((resolve) =>
      this.#pending.set(room, { nick, resolve }),
    );
    const timer = setTimeout(() => this.settle(room, fail('timeout', 'No answer')), this.timeoutMs);
    timer.unref?.();
    send().catch(() => this.settle(room, fail('not-signed-in', 'The account went offline')));
    const result = await answered;
    clearTimeout(timer);
    return result;
  }

  /** The room answered (or gave up waiting): whoever waits is told, once. */
  settle(room: string, result: Result<RoomSnapshot>): void {
    const pending = this.#pending.get(room);
    if (!pending) return;
    this.#pending.delete(room);
    pending.resolve(result);
  }
}
