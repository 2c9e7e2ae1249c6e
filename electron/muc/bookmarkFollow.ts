/**
 * Following our other devices (XEP-0402 notifications): a room they entered is entered here, a
 * room they left (or whose bookmark they removed) is left here. Our own publications come back
 * too; those are recognised (isEcho) and change nothing.
 */
import type { BookmarkEvent, RoomBookmark } from './bookmarks';
import { RoomState } from './roomState';

export interface Follower {
  readonly accountId: string;
  readonly rooms: Map<string, RoomState>;
  isEcho(bookmark: RoomBookmark): boolean;
  /** Enters a room because a bookmark says so. */
  enter(room: string, nick: string): void;
  /** Leaves a room because another device did (the bookmark already says so). */
  leave(state: RoomState): void;
}

export function followBookmarks(event: BookmarkEvent, f: Follower): void {
  for (const bookmark of event.saved) {
    if (f.isEcho(bookmark)) continue;
    const state = f.rooms.get(bookmark.room);
    if (bookmark.autojoin) {
      if (state && (state.status === 'joined' || state.status === 'joining')) continue;
      const nick = bookmark.nick ?? state?.nick ?? f.accountId.split('@')[0]!;
      if (!state) f.rooms.set(bookmark.room, roomFromBookmark(f.accountId, bookmark, nick));
      else if (bookmark.password !== undefined) state.password = bookmark.password;
      f.enter(bookmark.room, nick);
    } else if (state?.autojoin) {
      f.leave(state);
    }
  }
  for (const room of event.retracted) {
    const state = f.rooms.get(room);
    if (state) f.leave(state);
  }
}

/** A room known from a bookmark (not entered yet). */
export function roomFromBookmark(
  accountId: string,
  bookmark: RoomBookmark,
  nick: string,
): RoomState {
  const state = new RoomState(accountId, bookmark.room, nick, true);
  state.name = bookmark.name;
  if (bookmark.password !== undefined) state.password = bookmark.password;
  return state;
}
