/**
 * Where an account's room bookmarks live, for its other devices to find: PEP (XEP-0402), or
 * private storage (XEP-0048) once the server refused PEP the node options XEP-0402 needs
 * (ejabberd 23.01 rejects `pubsub#max_items`). Reading takes both (PEP first). Nothing here
 * throws: a bookmark not kept is logged and kept next time.
 */
import type { Element } from '@xmpp/xml';
import { createLogger } from '../log';
import { safeCondition } from '../logSafe';
import {
  buildFetchBookmarks,
  buildPublishBookmark,
  readBookmarks,
  type RoomBookmark,
} from './bookmarks';
import {
  buildFetchLegacyBookmarks,
  buildStoreLegacyBookmarks,
  readLegacyBookmarks,
} from './legacyBookmarks';

const log = createLogger('muc');

type Request = (stanza: Element) => Promise<Element>;

/** Publications remembered per room while their notification is awaited. */
const MAX_PENDING = 8;

/** What a notification is compared on (a server may add or reorder nothing else). */
const keyOf = (b: RoomBookmark): string =>
  JSON.stringify([b.autojoin, b.nick ?? null, b.name ?? null, b.password ?? null]);

export class RoomBookmarks {
  /** The server refused XEP-0402's node options: bookmarks go to private storage. */
  #legacy = false;
  #legacyWrites: Promise<void> = Promise.resolve();
  /** What we published and the server has not notified back yet, oldest first, per room. */
  readonly #published = new Map<string, string[]>();

  constructor(private readonly accountId: string) {}

  /** Adds or replaces one bookmark. */
  async save(request: Request, bookmark: RoomBookmark): Promise<void> {
    if (!this.#legacy) {
      const key = keyOf(bookmark);
      const pending = this.#published.get(bookmark.room) ?? [];
      this.#published.set(bookmark.room, [...pending, key].slice(-MAX_PENDING));
      try {
        await request(buildPublishBookmark(bookmark));
        return;
      } catch (error) {
        this.#unpublished(bookmark.room, key);
        const condition = (error as { condition?: unknown }).condition;
        // No answer (timeout, offline): nothing learnt about the server; try again next time.
        if (typeof condition !== 'string') {
          return log.debug(`${this.accountId}: bookmark not kept`, error);
        }
        log.info(
          `${this.accountId}: PEP bookmarks refused (${safeCondition(condition)}); using storage`,
        );
        this.#legacy = true;
      }
    }
    // One read-change-write at a time: the whole list is one document.
    this.#legacyWrites = this.#legacyWrites
      .then(async () => {
        const current = readLegacyBookmarks(await request(buildFetchLegacyBookmarks()));
        const list = [...current.bookmarks.filter((b) => b.room !== bookmark.room), bookmark];
        await request(buildStoreLegacyBookmarks(list, current.others));
      })
      .catch((error: unknown) => log.debug(`${this.accountId}: bookmark not kept`, error));
    await this.#legacyWrites;
  }

  /**
   * Whether a notification is our own publication coming back (then it and anything we
   * published before it are done with). A notification of ours that is older than a later
   * publication must not undo it: entering then leaving quickly would enter again.
   */
  isEcho(bookmark: RoomBookmark): boolean {
    const pending = this.#published.get(bookmark.room);
    const at = pending?.lastIndexOf(keyOf(bookmark)) ?? -1;
    if (!pending || at === -1) return false;
    if (at === pending.length - 1) this.#published.delete(bookmark.room);
    else this.#published.set(bookmark.room, pending.slice(at + 1));
    return true;
  }

  #unpublished(room: string, key: string): void {
    const pending = this.#published.get(room)?.filter((k) => k !== key) ?? [];
    if (pending.length === 0) this.#published.delete(room);
    else this.#published.set(room, pending);
  }

  /** Every bookmark the account keeps: PEP first, then private storage for the rest. */
  async fetch(request: Request): Promise<RoomBookmark[]> {
    const [pep, legacy] = await Promise.all([
      request(buildFetchBookmarks()).then(
        (result) => readBookmarks(result.getChild('pubsub')?.getChild('items')),
        () => [],
      ),
      request(buildFetchLegacyBookmarks()).then(
        (result) => readLegacyBookmarks(result).bookmarks,
        () => [],
      ),
    ]);
    const known = new Set(pep.map((b) => b.room));
    return [...pep, ...legacy.filter((b) => !known.has(b.room))];
  }
}
