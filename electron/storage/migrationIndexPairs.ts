/**
 * Migration 4: the full-text index learns the pairs of CJK characters (see ftsText.ts). Rewriting
 * every entry here would keep a large history from opening for minutes, so the migration only
 * records which entries are still of the old kind (every one below `below_seq`; only those with
 * CJK text actually change) and the message store upgrades them in the background, newest first
 * (indexUpgrade.ts). While the row exists, searches use the phrase of single characters, which
 * old and new entries both hold.
 *
 * Meanwhile FTS5's own merging is held back (automerge off, crisis merges rarer): rewriting
 * entries all over a large index made it merge big b-trees inside ordinary steps, blocking for
 * up to 4.6 s on 10,000,000 messages. The upgrade merges in bounded steps itself at the end and
 * puts the defaults back.
 */
import type { Migration } from './migrations';

export const indexPairs: Migration = {
  name: 'full-text index with pairs of CJK characters (upgraded in the background)',
  up: `
    CREATE TABLE index_upgrade (below_seq INTEGER NOT NULL) STRICT;
    INSERT INTO index_upgrade (below_seq)
      SELECT max(seq) + 1 FROM messages HAVING max(seq) IS NOT NULL;
    INSERT INTO messages_fts (messages_fts, rank)
      SELECT 'automerge', 0 WHERE EXISTS (SELECT 1 FROM index_upgrade);
    INSERT INTO messages_fts (messages_fts, rank)
      SELECT 'crisismerge', 64 WHERE EXISTS (SELECT 1 FROM index_upgrade);
  `,
};
