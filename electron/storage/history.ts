/**
 * Paged history of one conversation. Pages are ranges on the (account_id, peer, seq) index, so
 * the deepest page of a long conversation costs what the first does (no OFFSET). Cursors are
 * opaque to the renderer: base64url of a version tag and the seq to continue before.
 */
import type Database from 'better-sqlite3';
import type { HistoryPage } from '../../shared/contract';
import { StorageError } from './errors';
import { MESSAGE_COLUMNS, toMessage, type MessageRow } from './rows';

const MAX_LIMIT = 500;

export function encodeCursor(seq: number): string {
  return Buffer.from(`h1:${seq}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const match = /^h1:(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const seq = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(seq)) {
    throw new StorageError('invalid-params', 'the history cursor is not valid');
  }
  return seq;
}

interface Statements {
  older: Database.Statement<[string, string, number, number], MessageRow>;
  newer: Database.Statement<[string, string, number, number], MessageRow>;
  at: Database.Statement<[string, string, string], { seq: number }>;
}

const cache = new WeakMap<Database.Database, Statements>();

function statements(db: Database.Database): Statements {
  let s = cache.get(db);
  if (!s) {
    const from = `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE account_id = ? AND peer = ?`;
    s = {
      older: db.prepare(`${from} AND seq < ? ORDER BY seq DESC LIMIT ?`),
      newer: db.prepare(`${from} AND seq > ? ORDER BY seq ASC LIMIT ?`),
      at: db.prepare('SELECT seq FROM messages WHERE account_id = ? AND peer = ? AND id = ?'),
    };
    cache.set(db, s);
  }
  return s;
}

/** The rows of several databases (disk and memory) as one, in seq order: one query each. */
function merged(
  dbs: readonly Database.Database[],
  pick: (s: Statements) => MessageRow[],
  descending: boolean,
  limit: number,
): MessageRow[] {
  if (dbs.length === 1) return pick(statements(dbs[0]!));
  const rows = dbs.flatMap((db) => pick(statements(db)));
  rows.sort((a, b) => (descending ? b.seq - a.seq : a.seq - b.seq));
  return rows.slice(0, limit);
}

/**
 * Newest page by default; older than `before`; or centred on the message `around` (a search
 * hit). A message id that is not in this conversation gives the newest page. With several
 * databases (the disk and the private conversations kept in memory) the page is their merge:
 * one seq is never taken in both (see messageStore's sharesSeqsWith).
 */
export function historyPage(
  dbs: readonly Database.Database[],
  accountId: string,
  peer: string,
  options: { before?: string; around?: string; limit: number },
): HistoryPage {
  const limit = Math.min(Math.max(1, Math.trunc(options.limit) || 1), MAX_LIMIT);
  const older = (seq: number, n: number) =>
    merged(dbs, (s) => s.older.all(accountId, peer, seq, n), true, n);
  const newer = (seq: number, n: number) =>
    merged(dbs, (s) => s.newer.all(accountId, peer, seq, n), false, n);
  const target = options.around
    ? dbs.map((db) => statements(db).at.get(accountId, peer, options.around!)).find(Boolean)
    : undefined;

  if (target) {
    // Up to `limit` on each side, then a window of `limit` around the target, shifted when one
    // side runs out; one more row on each side tells whether more exist beyond the window.
    const before = older(target.seq, limit + 1).reverse();
    const self = newer(target.seq - 1, 1);
    const after = newer(target.seq, limit + 1);
    const all = [...before, ...self, ...after];
    const index = before.length;
    let start = Math.max(0, index - Math.floor((limit - 1) / 2));
    start = Math.max(0, Math.min(start, all.length - limit));
    const window = all.slice(start, start + limit);
    return {
      messages: window.map(toMessage),
      ...(start > 0 ? { olderCursor: encodeCursor(window[0]!.seq) } : {}),
      hasNewer: start + limit < all.length,
    };
  }

  const before =
    options.before === undefined ? Number.MAX_SAFE_INTEGER : decodeCursor(options.before);
  const rows = older(before, limit + 1);
  const page = rows.slice(0, limit).reverse();
  const hasOlder = rows.length > limit;
  const newest = page[page.length - 1];
  return {
    messages: page.map(toMessage),
    ...(hasOlder ? { olderCursor: encodeCursor(page[0]!.seq) } : {}),
    hasNewer: newest ? newer(newest.seq, 1).length > 0 : false,
  };
}
