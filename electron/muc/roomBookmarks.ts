/**
 * Where an account's room bookmarks live, for its other devices to find: PEP (XEP-0402), or
 * private storage (XEP-0048) once the server refused PEP the node options XEP-0402 needs
 * (ejabberd 23.01 rejects `pubsub#max_items`). Reading takes both (PEP first). Nothing here
 * throws: a bookmark not kept is logged and kept next time.
 */
import type { Element } from '@xmpp/xml';
import { createLogger } from '../log';
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

export class RoomBookmarks {
  /** The server refused XEP-0402's node options: bookmarks go to private storage. */
  #legacy = false;
  #legacyWrites: Promise<void> = Promise.resolve();

  constructor(private readonly accountId: string) {}

  /** Adds or replaces one bookmark. */
  async save(request: Request, bookmark: RoomBookmark): Promise<void> {
    if (!this.#legacy) {
      try {
        await request(buildPublishBookmark(bookmark));
        return;
      } catch (error) {
        const condition = (error as { condition?: unknown }).condition;
        // No answer (timeout, offline): nothing learnt about the server; try again next time.
        if (typeof condition !== 'string') {
          return log.debug(`${this.accountId}: bookmark not kept`, error);
        }
        log.info(`${this.accountId}: PEP bookmarks refused (${condition}); using storage`);
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
