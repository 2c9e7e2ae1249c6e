/**
 * Archive catch-up (XEP-0313): pages through our own archive from the stored cursor (or the last
 * days on first use) until the server says it is complete. The results themselves arrive as
 * <message/> stanzas before each page's IQ result and are stored by the ingest handler, which
 * checks them against `queries`; here we only drive the paging and move the cursor, each time
 * after the page it names is committed.
 */
import type { Element } from '@xmpp/xml';
import { toBare } from '../../shared/jid';
import { createLogger } from '../log';
import type { MessageStore } from '../storage/types';
import { buildArchiveQuery, parseFin } from './archive';

const log = createLogger('chat.archive');

/** How far back the first catch-up of an account reaches. */
export const FIRST_CATCH_UP_MS = 7 * 24 * 3600 * 1000;
/** A guard against a server that never says complete. */
const MAX_PAGES = 10_000;

export interface CatchUpDeps {
  readonly accountId: string;
  readonly store: Pick<MessageStore, 'archiveCursor' | 'setArchiveCursor'>;
  /** Sends an IQ and resolves with its result (rejects with the stanza error). */
  request(stanza: Element): Promise<Element>;
  /** Query ids in flight, shared with the ingest handler. */
  readonly queries: Set<string>;
  readonly newId: () => string;
  readonly now: () => number;
  /** True once the account detached: stop paging. */
  stopped(): boolean;
  /** Commits results still queued for insertion, before the cursor moves past them. */
  flush?(): void;
}

const conditionOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'condition' in error
    ? String((error as { condition: unknown }).condition)
    : undefined;

/** Resolves with the number of pages fetched. */
export async function catchUp(deps: CatchUpDeps): Promise<number> {
  const { accountId, store } = deps;
  let after = store.archiveCursor(accountId);
  let start = after === undefined ? deps.now() - FIRST_CATCH_UP_MS : undefined;
  let pages = 0;
  while (pages < MAX_PAGES && !deps.stopped()) {
    const queryId = deps.newId();
    deps.queries.add(queryId);
    let reply: Element;
    try {
      reply = await deps.request(
        buildArchiveQuery({
          queryId,
          ...(after !== undefined && { after }),
          ...(start !== undefined && { start }),
        }),
      );
    } catch (error) {
      // The cursor fell out of the archive (expired, or the archive was reset): start over from
      // the first-use window rather than lose everything after it.
      if (after !== undefined && conditionOf(error) === 'item-not-found') {
        log.info(`${accountId}: archive cursor unknown to the server, catching up by date`);
        after = undefined;
        start = deps.now() - FIRST_CATCH_UP_MS;
        continue;
      }
      throw error;
    } finally {
      deps.queries.delete(queryId);
    }
    pages += 1;
    const from = reply.attrs.from as string | undefined;
    if (from !== undefined && toBare(from) !== accountId) {
      log.warn(`${accountId}: archive answer not from our own account, stopped`);
      break;
    }
    const fin = parseFin(reply);
    if (!fin) break;
    if (fin.last !== undefined) {
      deps.flush?.();
      store.setArchiveCursor(accountId, fin.last);
      after = fin.last;
      start = undefined;
    }
    if (fin.complete || fin.last === undefined) break;
  }
  log.debug(`${accountId}: archive catch-up done in ${pages} page(s)`);
  return pages;
}
