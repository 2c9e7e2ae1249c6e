/**
 * Where an account's rooms are recorded: the local rooms table (entered again after a restart)
 * and the bookmarks our other devices read (XEP-0402, or private storage). Only a change is
 * written and published: entering again on every sign-in changes nothing. A room entered because
 * a bookmark said so is not published back (two devices would answer each other for ever).
 */
import { createLogger } from '../log';
import type { RoomStore } from '../storage/types';
import type { RoomBookmark } from './bookmarks';
import { RoomBookmarks } from './roomBookmarks';
import type { RoomState } from './roomState';

const log = createLogger('muc');

type Request = Parameters<RoomBookmarks['save']>[0];

/** What is recorded of a room (table row and bookmark), as one comparable value. */
const recordOf = (state: RoomState): string =>
  JSON.stringify([state.nick, state.autojoin, state.name ?? null]);

export class RoomRecords {
  readonly bookmarks: RoomBookmarks;
  readonly #recorded = new Map<string, string>();
  /** Rooms being entered because a bookmark says so (our other device, or the list at sign-in). */
  readonly #following = new Set<string>();

  constructor(
    private readonly accountId: string,
    private readonly store: RoomStore,
    /** The current connection's IQ requests; undefined while offline. */
    private readonly request: () => Request | undefined,
  ) {
    this.bookmarks = new RoomBookmarks(accountId);
  }

  /** A room read from the table: recorded as it is. */
  loaded(state: RoomState): void {
    this.#recorded.set(state.room, recordOf(state));
  }

  /** This room's entry comes from a bookmark. */
  follow(room: string): void {
    this.#following.add(room);
  }

  /** Whether the entry that just ended came from a bookmark (and forgets it did). */
  followed(room: string): boolean {
    return this.#following.delete(room);
  }

  /** Records the room with whether to enter it again; publishes it unless told not to. */
  remember(state: RoomState, autojoin: boolean, publish = true): void {
    state.autojoin = autojoin;
    const record = recordOf(state);
    if (this.#recorded.get(state.room) === record) return;
    this.#recorded.set(state.room, record);
    try {
      this.store.save({
        accountId: this.accountId,
        room: state.room,
        nick: state.nick,
        autojoin,
        ...(state.name !== undefined && { name: state.name }),
      });
    } catch (error) {
      log.warn(`${this.accountId}: could not record a room`, error);
    }
    if (publish) void this.publish(bookmarkOf(state, autojoin));
  }

  /** Forgets a room we left (its row; the caller publishes the bookmark if it should). */
  forget(room: string): void {
    this.#recorded.delete(room);
    this.#following.delete(room);
    try {
      this.store.remove(this.accountId, room);
    } catch (error) {
      log.warn(`${this.accountId}: could not forget a room`, error);
    }
  }

  /** Keeps a bookmark for our other devices, on the current connection. Never throws. */
  async publish(bookmark: RoomBookmark): Promise<void> {
    const request = this.request();
    if (request) await this.bookmarks.save(request, bookmark);
  }
}

export const bookmarkOf = (state: RoomState, autojoin: boolean): RoomBookmark => ({
  room: state.room,
  autojoin,
  nick: state.nick,
  ...(state.name !== undefined && { name: state.name }),
});
