/**
 * Full-text search across accounts, newest first. The FTS5 rowid is the message's seq, which
 * orders by sent time, so "ORDER BY rowid DESC LIMIT n" walks the index backwards and stops after
 * n hits instead of sorting every match of a common word. The index is the outer loop (CROSS
 * JOIN). An account or peer filter that names a small part of the history is a token in the
 * index too (ftsScopeQuery, searchScope.ts), so the search skips through the index rather than
 * reading every hit; the SQL checks the columns in every case.
 * A peer is named as its kind names it (an occupant JID keeps its nickname verbatim), so the
 * filter takes the peer's normal form for that kind, as the conversation's messages store it.
 * Private messages are never in the index (see migrationKinds.ts), so they are never found.
 */
import type Database from 'better-sqlite3';
import type { SearchHit, SearchParams } from '../../shared/contract';
import { conversationPeer } from '../../shared/conversation';
import { StorageError } from './errors';
import { ftsQuery, ftsScopeQuery, matchRanges } from './ftsText';
import { messageColumns, toMessage, type MessageRow } from './rows';
import { scopeTokens } from './searchScope';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function statement(db: Database.Database, filters: string): Database.Statement {
  let byFilters = cache.get(db);
  if (!byFilters) cache.set(db, (byFilters = new Map()));
  let s = byFilters.get(filters);
  if (!s) {
    s = db.prepare(
      `SELECT ${messageColumns('m')} FROM messages_fts f CROSS JOIN messages m ON m.seq = f.rowid
       WHERE messages_fts MATCH @query ${filters}
       ORDER BY f.rowid DESC LIMIT @limit`,
    );
    byFilters.set(filters, s);
  }
  return s;
}

function normalPeer(kind: SearchParams['kind'], text: string): string {
  const peer = conversationPeer(kind ?? 'chat', text);
  if (peer === null) {
    throw new StorageError('invalid-params', 'the peer does not name a conversation of its kind');
  }
  return peer;
}

export function searchMessages(
  db: Database.Database,
  params: SearchParams,
  options: { pairs: boolean },
): SearchHit[] {
  const text = ftsQuery(params.query, options);
  if (!text) return [];
  const peer = params.peer === undefined ? undefined : normalPeer(params.kind, params.peer);
  const tokens = scopeTokens(db, { accountId: params.accountId, peer });
  const scope = ftsScopeQuery(
    tokens.account ? params.accountId : undefined,
    tokens.peer ? peer : undefined,
  );
  const query = scope ? `${scope} AND ${text}` : text;
  const limit = Math.min(Math.max(1, Math.trunc(params.limit ?? DEFAULT_LIMIT) || 1), MAX_LIMIT);
  const filters =
    (params.accountId !== undefined ? ' AND m.account_id = @accountId' : '') +
    (peer !== undefined ? ' AND m.peer = @peer' : '');
  let rows: MessageRow[];
  try {
    rows = statement(db, filters).all({
      query,
      limit,
      ...(params.accountId !== undefined ? { accountId: params.accountId } : {}),
      ...(peer !== undefined ? { peer } : {}),
    }) as MessageRow[];
  } catch (error) {
    // ftsQuery quotes everything, so this should not happen; if FTS5 still rejects the query,
    // the user's input is at fault, not the storage, and nothing matches it.
    if (error instanceof Error && /^fts5:/.test(error.message)) return [];
    throw error;
  }
  return rows.map((row) => ({
    message: toMessage(row),
    matches: matchRanges(row.body, params.query),
  }));
}
