/**
 * The rooms of one account: entering and leaving them, the presence each room sends, entering
 * again after a new session or a resumption (a join presence while in resynchronises), a
 * self-ping every few minutes that notices a silent drop and enters again, and the
 * record of where we are (the local rooms table and, shared with our other devices, the
 * XEP-0402 bookmarks). The renderer hears of each room through room.changed and of its
 * occupants through room.occupants deltas, coalesced per tick so that a room of thousands
 * entering is a handful of events.
 */
import type { Element } from '@xmpp/xml';
import type { EmitEvent, RoomRefusal, RoomSnapshot } from '../../shared/contract';
import { fail, ok, type Result } from '../../shared/errors';
import { createLogger } from '../log';
import type { RoomStore } from '../storage/types';
import type { XmppClient } from '../xmpp/client';
import type { DiscoService } from '../disco';
import { buildConfigure } from './admin';
import { readBookmarkEvent, type BookmarkEvent } from './bookmarks';
import { followBookmarks, roomFromBookmark } from './bookmarkFollow';
import { roomInfo } from './directory';
import { readRoomPresence } from './presence';
import { NickChanges } from './nickChanges';
import { RoomRecords, bookmarkOf } from './roomRecords';
import { RoomState } from './roomState';
import { RoomTicker } from './roomTicker';
import { pingJoined } from './selfPing';
import { buildJoin, buildLeave, buildNickChange } from './stanzas';

const log = createLogger('muc');

/** How long the room has to answer our entry. */
export const JOIN_TIMEOUT_MS = 30_000;
/** How often joined rooms are checked with a self-ping (XEP-0410 suggests minutes). */
export const SELF_PING_MS = 5 * 60_000;
/** Occupant deltas and room snapshots wait this long to go out together. */
const TICK_MS = 30;

export interface AccountRoomsDeps {
  readonly accountId: string;
  readonly emit: EmitEvent;
  readonly store: RoomStore;
  /** The room's archive catch-up, on the account's current connection. */
  catchUp(room: string): void;
  /** The room can take messages now: what waited in the outbox goes. */
  resume(room: string): void;
  /** Newest stored message of the room, for history without an archive. */
  newestAt(room: string): number | undefined;
  readonly selfPingMs?: number;
}

interface Live {
  readonly client: XmppClient;
  readonly disco: DiscoService;
  readonly onStanza: (stanza: Element) => void;
  readonly pinger: ReturnType<typeof setInterval>;
}

type Waiter = (result: Result<RoomSnapshot>) => void;

export class AccountRooms {
  readonly rooms = new Map<string, RoomState>();
  readonly #deps: AccountRoomsDeps;
  #live: Live | undefined;
  #loaded = false;
  readonly #waiters = new Map<string, Waiter>();
  /** Entries under way, so that a second request for the same one shares it. */
  readonly #entering = new Map<string, { nick: string; result: Promise<Result<RoomSnapshot>> }>();
  readonly #ticker: RoomTicker;
  readonly #records: RoomRecords;
  #checking = false;
  /** Nickname changes awaiting the room's answer. */
  readonly #renaming = new NickChanges(JOIN_TIMEOUT_MS);

  constructor(deps: AccountRoomsDeps) {
    this.#deps = deps;
    this.#ticker = new RoomTicker(deps.emit, TICK_MS);
    this.#records = new RoomRecords(deps.accountId, deps.store, () => {
      const live = this.#live;
      return live && ((stanza) => live.client.iqCaller.request(stanza));
    });
  }

  get online(): boolean {
    return this.#live !== undefined;
  }

  get client(): XmppClient | undefined {
    return this.#live?.client;
  }

  get disco(): DiscoService | undefined {
    return this.#live?.disco;
  }

  /** The rooms kept from earlier runs, before the account is online (shown offline). */
  load(): void {
    if (this.#loaded) return;
    this.#loaded = true;
    try {
      for (const row of this.#deps.store.list(this.#deps.accountId)) {
        if (this.rooms.has(row.room)) continue;
        const state = new RoomState(this.#deps.accountId, row.room, row.nick, row.autojoin);
        state.name = row.name;
        this.rooms.set(row.room, state);
        this.#records.loaded(state);
      }
    } catch (error) {
      log.error(`${this.#deps.accountId}: could not read the rooms`, error);
    }
  }

  /** Online (fresh or resumed): enter the rooms we are in again. */
  attach(client: XmppClient, disco: DiscoService, resumed: boolean): void {
    this.detach();
    this.load();
    const onStanza = (stanza: Element) => {
      try {
        if (stanza.name === 'presence') return this.#presence(stanza);
        const event = readBookmarkEvent(stanza, this.#deps.accountId);
        if (event) this.#bookmarkEvent(event);
      } catch (error) {
        log.error(`${this.#deps.accountId}: room stanza not handled`, error);
      }
    };
    client.entity.on('stanza', onStanza);
    const pinger = setInterval(() => void this.checkAll(), this.#deps.selfPingMs ?? SELF_PING_MS);
    pinger.unref?.();
    this.#live = { client, disco, onStanza, pinger };
    // After a resumption the room still has us, but the list and what changed meanwhile were
    // dropped here on disconnect: entering again resynchronises (a join presence while in makes
    // the room send everyone again), as after a fresh session.
    log.debug(`${this.#deps.accountId}: entering rooms (${resumed ? 'resumed' : 'new session'})`);
    void this.#enterAll();
  }

  /** Offline: every room is out until we enter it again. */
  detach(): void {
    const live = this.#live;
    if (!live) return;
    this.#live = undefined;
    live.client.entity.removeListener('stanza', live.onStanza);
    clearInterval(live.pinger);
    for (const [room, waiter] of this.#waiters) {
      this.#waiters.delete(room);
      waiter(fail('not-signed-in', 'The account went offline'));
    }
    for (const state of this.rooms.values()) {
      if (state.status === 'offline' || state.status === 'failed') continue;
      state.out('offline');
      this.changed(state);
    }
  }

  /**
   * Enters (or enters again) a room; resolves once the room let us in or refused. Asking again
   * for the same room and nickname while it is being entered waits for that same entry.
   */
  join(room: string, nick: string, password?: string): Promise<Result<RoomSnapshot>> {
    const pending = this.#entering.get(room);
    if (pending && pending.nick === nick) return pending.result;
    const result = this.#join(room, nick, password).finally(() => {
      if (this.#entering.get(room)?.result === result) this.#entering.delete(room);
    });
    this.#entering.set(room, { nick, result });
    return result;
  }

  async #join(room: string, nick: string, password?: string): Promise<Result<RoomSnapshot>> {
    const live = this.#live;
    if (!live) return fail('not-signed-in', 'The account is offline');
    let state = this.rooms.get(room);
    if (!state) {
      state = new RoomState(this.#deps.accountId, room, nick, true);
      this.rooms.set(room, state);
    }
    if (state.status === 'joined' && state.nick === nick) return ok(state.snapshot());
    if (password !== undefined) state.password = password;
    state.autojoin = true;
    try {
      // The cached answer will do (the join dialog has just asked): whatever changed since is
      // read again once we are in (refresh), and the room's status codes say it anyway.
      const info = await roomInfo(live.disco, room);
      state.name = info.name ?? state.name;
      state.anonymity = info.anonymity;
      state.archived = info.archived;
      state.described = true;
    } catch (error) {
      state.described = false;
      // A room that does not exist yet is created by entering it; anything else we learn later.
      log.debug(`${this.#deps.accountId}: room info unavailable`, error);
    }
    if (this.#live !== live) return fail('not-signed-in', 'The account went offline');
    state.entering(nick);
    this.changed(state);
    const answered = new Promise<Result<RoomSnapshot>>((resolve) => {
      this.#waiters.get(room)?.(fail('timeout', 'Entering again'));
      this.#waiters.set(room, resolve);
    });
    const timer = setTimeout(() => this.#settle(room, 'timeout'), JOIN_TIMEOUT_MS);
    timer.unref?.();
    const newest = state.archived ? undefined : this.#deps.newestAt(room);
    live.client.entity
      .send(
        buildJoin({
          room,
          nick,
          ...(state.password !== undefined && { password: state.password }),
          ...(state.archived
            ? { history: 'none' as const }
            : newest !== undefined && { history: { since: newest } }),
        }),
      )
      .catch(() => this.#settle(room, 'service-gone'));
    const result = await answered;
    clearTimeout(timer);
    return result;
  }

  /**
   * Asks the room for another nickname (XEP-0045 §7.6); resolves once it agreed (our presence
   * under the new one) or refused it (taken, not allowed). One change at a time per room.
   */
  async changeNick(room: string, nick: string): Promise<Result<RoomSnapshot>> {
    const live = this.#live;
    const state = this.rooms.get(room);
    if (!live) return fail('not-signed-in', 'The account is offline');
    if (!state || state.status !== 'joined') return fail('not-found', 'Not in this room');
    if (state.nick === nick) return ok(state.snapshot());
    if (this.#renaming.has(room)) return fail('invalid-params', 'A nickname change is under way');
    return this.#renaming.begin(room, nick, () =>
      live.client.entity.send(buildNickChange(room, nick)),
    );
  }

  #renamed(room: string, result: Result<RoomSnapshot>): void {
    this.flush();
    this.#renaming.settle(room, result);
  }

  /** Leaves a room and forgets it (its history stays). */
  async leave(room: string): Promise<Result<null>> {
    const state = this.rooms.get(room);
    if (!state) return fail('not-found', 'Not in this room');
    await this.#exit(state);
    void this.#records.publish(bookmarkOf(state, false));
    return ok(null);
  }

  /** Drops a room we have left (its history stays). */
  #forget(state: RoomState): void {
    const { room } = state;
    this.#waiters.get(room)?.(fail('not-found', 'Left'));
    this.#waiters.delete(room);
    this.rooms.delete(room);
    this.#records.forget(room);
    this.#ticker.forget(state);
    this.#deps.emit('room.removed', { accountId: this.#deps.accountId, room });
  }

  /** Another device of ours entered or left a room: do the same here. */
  #bookmarkEvent(event: BookmarkEvent): void {
    if (!this.#live) return;
    followBookmarks(event, {
      accountId: this.#deps.accountId,
      rooms: this.rooms,
      isEcho: (bookmark) => this.#records.bookmarks.isEcho(bookmark),
      enter: (room, nick) => {
        log.debug(`${this.#deps.accountId}: entering a room another device entered`);
        this.#records.follow(room);
        void this.join(room, nick);
      },
      leave: (state) => {
        log.debug(`${this.#deps.accountId}: leaving a room another device left`);
        void this.#exit(state);
      },
    });
  }

  /** Says goodbye to the room (when in) and forgets it. */
  async #exit(state: RoomState): Promise<void> {
    const live = this.#live;
    if (live && (state.status === 'joined' || state.status === 'joining')) {
      state.leaving = true;
      await live.client.entity.send(buildLeave(state.room, state.nick)).catch(() => undefined);
    }
    if (this.rooms.get(state.room) === state) this.#forget(state);
  }

  /** Asks the room what it says of itself again (after its configuration changed). */
  async refresh(room: string): Promise<void> {
    const live = this.#live;
    const state = this.rooms.get(room);
    if (!live || !state) return;
    try {
      const info = await roomInfo(live.disco, room, { fresh: true });
      state.name = info.name;
      state.anonymity = info.anonymity;
      state.archived = info.archived;
      state.described = true;
      this.changed(state);
      if (state.status === 'joined') this.#records.remember(state, state.autojoin);
    } catch (error) {
      log.debug(`${this.#deps.accountId}: room info unavailable`, error);
    }
  }

  /** Self-pings every joined room (XEP-0410); one the room forgot is entered again. */
  async checkAll(): Promise<void> {
    const live = this.#live;
    // One round at a time: a room that does not answer keeps a round waiting for its timeout.
    if (!live || this.#checking) return;
    this.#checking = true;
    try {
      await pingJoined(
        [...this.rooms.values()],
        (stanza) => live.client.iqCaller.request(stanza),
        () => this.#live === live,
        (state) => {
          log.info(`${this.#deps.accountId}: dropped out of a room; entering again`);
          // Out first: the list we hold is stale, and join() leaves a joined room alone.
          state.out('offline');
          this.changed(state);
          void this.join(state.room, state.nick);
        },
      );
    } finally {
      this.#checking = false;
    }
  }

  /** A room's snapshot changed: it goes out with the next tick. */
  changed(state: RoomState): void {
    if (this.rooms.get(state.room) === state) this.#ticker.changed(state);
  }

  /** Sends what changed now (the tick, or tests). */
  flush(): void {
    this.#ticker.flush();
  }

  dispose(): void {
    this.detach();
    this.#ticker.stop();
  }

  async #enterAll(): Promise<void> {
    const live = this.#live;
    if (!live) return;
    // Bookmarks first: our other devices may have joined or left rooms meanwhile.
    try {
      const request = (stanza: Element) => live.client.iqCaller.request(stanza);
      for (const bookmark of await this.#records.bookmarks.fetch(request)) {
        if (!bookmark.autojoin || this.rooms.has(bookmark.room)) continue;
        const nick = bookmark.nick ?? this.#deps.accountId.split('@')[0]!;
        this.rooms.set(bookmark.room, roomFromBookmark(this.#deps.accountId, bookmark, nick));
        this.#records.follow(bookmark.room);
      }
    } catch (error) {
      log.debug(`${this.#deps.accountId}: no bookmarks`, error);
    }
    if (this.#live !== live) return;
    await Promise.all(
      [...this.rooms.values()]
        .filter((state) => state.autojoin)
        .map((state) => this.join(state.room, state.nick)),
    );
  }

  #presence(stanza: Element): void {
    const p = readRoomPresence(stanza);
    if (p.kind === 'other') return;
    const state = this.rooms.get(p.room);
    if (!state) return;
    const renaming = this.#renaming.asked(p.room);
    if (p.kind === 'error' && renaming !== undefined && p.nick === renaming) {
      return this.#renamed(
        p.room,
        fail('room-refused', `the room refused: ${p.refusal}`, { condition: p.refusal }),
      );
    }
    if (p.kind === 'error') {
      // Only a refusal of what we asked: an error for a nickname we are not using is stale.
      if (p.nick !== state.nick || state.status !== 'joining') return;
      state.out('failed', p.refusal, p.text);
      this.changed(state);
      return this.#settle(p.room);
    }
    const outcome = state.apply(p);
    if (outcome.kind === 'none') return;
    this.changed(state);
    // Our presence under the new nickname (or the one the room rewrote it to: status 210).
    if (renaming !== undefined && p.self && p.available && state.status === 'joined') {
      this.#records.remember(state, state.autojoin);
      this.#renamed(p.room, ok(state.snapshot()));
    }
    if (outcome.kind === 'joined') this.#joined(state, outcome.created);
    if (outcome.kind === 'left' && !state.leaving) {
      // Put out (kicked, banned, destroyed): it is not entered again automatically.
      if (outcome.refusal) this.#records.remember(state, false);
      this.#settle(p.room);
    }
  }

  #joined(state: RoomState, created: boolean): void {
    const live = this.#live;
    if (!live) return;
    const followed = this.#records.followed(state.room);
    if (!created) {
      this.#records.remember(state, true, !followed);
      this.#settle(state.room);
    }
    this.#deps.resume(state.room);
    if (state.archived) this.#deps.catchUp(state.room);
    void (async () => {
      // A room we just created is locked until configured: accept the defaults (an instant
      // room) rather than leave it locked; its owner can change them afterwards. Entering is
      // answered only then: until unlocked, the room refuses everyone else we might invite.
      if (created) {
        await live.client.iqCaller
          .request(buildConfigure(state.room))
          .catch((error: unknown) => log.warn(`${this.#deps.accountId}: room not unlocked`, error));
        // Kept (and bookmarked, which our other devices follow) once others can enter too.
        this.#records.remember(state, true, !followed);
        this.#settle(state.room);
      }
      // What it says of itself was unknown before it existed (or could not be asked): whether
      // it archives decides whether its stanza-ids are believed.
      if (created || !state.described) await this.refresh(state.room);
    })();
  }

  /** Answers whoever waits for this room's entry, once. */
  #settle(room: string, refusal?: RoomRefusal): void {
    const waiter = this.#waiters.get(room);
    const state = this.rooms.get(room);
    if (!waiter || !state) return;
    if (refusal && state.status === 'joining') {
      state.out('failed', refusal);
      this.changed(state);
    }
    this.#waiters.delete(room);
    this.flush();
    if (state.status === 'joined') return waiter(ok(state.snapshot()));
    this.#records.followed(room);
    const reason = state.refusal ?? 'other';
    waiter(fail('room-refused', `the room refused: ${reason}`, { condition: reason }));
  }
}
