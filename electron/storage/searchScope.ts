/**
 * Whether a search's account or conversation filter goes into the full-text MATCH as its scope
 * token (see ftsText.ts) or is left to the SQL that joins the messages. A token for a small part
 * of the history lets FTS5 skip everything else; a token for a large part is a long list that
 * FTS5 must intersect in full, which made a search that finds nothing take 60-75 ms instead of
 * 10-20 ms on 10,000,000 messages in three equal accounts. FTS5 has no planner to choose, so
 * this does, from the share each account and conversation has of the newest messages (the part
 * a newest-first search reads first), sampled at most once a minute.
 */
import type Database from 'better-sqlite3';

/** Above this share of the sample, a filter is applied by SQL, not by a token. */
const SELECTIVE_SHARE = 0.2;
const SAMPLE = 10_000;
const SAMPLE_TTL_MS = 60_000;

interface Sample {
  readonly at: number;
  readonly total: number;
  readonly accounts: Map<string, number>;
  readonly peers: Map<string, number>;
}

const samples = new WeakMap<Database.Database, Sample>();

function sample(db: Database.Database, now: number): Sample {
  const known = samples.get(db);
  if (known && now - known.at < SAMPLE_TTL_MS) return known;
  const rows = db
    .prepare<[number], { account_id: string; peer: string; n: number }>(
      `SELECT account_id, peer, count(*) AS n
       FROM (SELECT account_id, peer FROM messages WHERE private = 0 ORDER BY seq DESC LIMIT ?)
       GROUP BY account_id, peer`,
    )
    .all(SAMPLE);
  const accounts = new Map<string, number>();
  const peers = new Map<string, number>();
  let total = 0;
  for (const { account_id: account, peer, n } of rows) {
    total += n;
    accounts.set(account, (accounts.get(account) ?? 0) + n);
    // The peer token names the peer in every account (ftsScope), so its share does too.
    peers.set(peer, (peers.get(peer) ?? 0) + n);
  }
  const fresh = { at: now, total, accounts, peers };
  samples.set(db, fresh);
  return fresh;
}

/** Which filters should be scope tokens in the MATCH. */
export function scopeTokens(
  db: Database.Database,
  filter: { accountId?: string; peer?: string },
  now = Date.now(),
): { account: boolean; peer: boolean } {
  if (filter.accountId === undefined && filter.peer === undefined) {
    return { account: false, peer: false };
  }
  const s = sample(db, now);
  const selective = (n: number | undefined) =>
    s.total === 0 || (n ?? 0) / s.total < SELECTIVE_SHARE;
  return {
    account: filter.accountId !== undefined && selective(s.accounts.get(filter.accountId)),
    peer: filter.peer !== undefined && selective(s.peers.get(filter.peer)),
  };
}
