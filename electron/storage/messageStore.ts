/**
 * Messages, the outbox, conversations and what archive catch-up needs to know about them. Every
 * method is one transaction that has committed when it returns (synchronous better-sqlite3),
 * which is what lets the chat service acknowledge a stanza (XEP-0198) only after the message is
 * on disk. Gaps, corrections and preferences live in modules of their own.
 */
import type Database from 'better-sqlite3';
import type { Conversation, Message } from '../../shared/contract';
import { occupantParts } from '../../shared/conversation';
import { createArchiveGaps } from './archiveGaps';
import { createCorrections } from './corrections';
import { ftsScope, ftsText } from './ftsText';
import { StorageError, guarded } from './errors';
import { historyPage } from './history';
import { createIndexUpgrade } from './indexUpgrade';
import { createPreferences } from './preferences';
import { MESSAGE_COLUMNS, messageColumns, toMessage, type MessageRow } from './rows';
import { searchMessages } from './search';
import { createSeqAllocator, sentAtOf } from './seqAllocator';
import type {
  Insertion as StoredInsertion,
  MessagePatch,
  MessageStore,
  MessageStoreExtras,
  NewMessage,
} from './types';
import { checkArchiveId, checkNewMessage } from './validate';

/**
 * How much later than an archive result's stamp its successor may be dated for the result to go
 * right below it: a message that came live is dated when it reached us, seconds after the
 * archive's stamp when the link stalled; further apart, the stamp is believed (ArchiveOrder).
 */
const NEIGHBOURS_MS = 60_000;

/** An insert's outcome; seq only for a row it added. */
type Insertion = StoredInsertion & { seq?: number };

/** A conversation row's change for one transaction's inserts. */
interface ConversationUpdate {
  account_id: string;
  peer: string;
  kind: Message['kind'];
  last_seq: number;
  unread: number;
}

export interface MessageStoreOptions {
  /**
   * Another database whose messages share this one's seqs (the in-memory store of private
   * conversations and the disk's, read as one history): a seq is never taken twice across them
   * (a merged page's cursor would skip one of two equal seqs), and arrival order holds across
   * them within a millisecond. Its messages table is read, never written.
   */
  readonly sharesSeqsWith?: Database.Database;
}

export function createMessageStore(
  db: Database.Database,
  options: MessageStoreOptions = {},
): MessageStore & MessageStoreExtras {
  const allocateSeq = createSeqAllocator(
    options.sharesSeqsWith ? [db, options.sharesSeqsWith] : [db],
  );
  const select = `SELECT ${MESSAGE_COLUMNS} FROM messages`;
  const index = createIndexUpgrade(db);
  const q = {
    // Any unique key may conflict (id, origin-id within a peer, stanza-id within an archive):
    // the message is stored already, and insertOne finds which row holds it.
    insert: db.prepare(
      `INSERT INTO messages (${MESSAGE_COLUMNS})
       VALUES (@seq, @id, @account_id, @kind, @peer, @direction, @body, @sent_at, @state, @error,
               @edited_at, @via, @private, @stanza_id, @archive, @origin_id, @xmpp_id, @sender_jid,
               @sender_nick, @sender_real_jid)
       ON CONFLICT DO NOTHING`,
    ),
    // Per message, from here rather than a trigger (migration 3); never for a private one.
    indexBody: db.prepare<[number, string, string]>(
      'INSERT INTO messages_fts (rowid, text, scope) VALUES (?, ?, ?)',
    ),
    // Once per conversation per transaction (migration 3): the newest message names the kind.
    upsertConversation: db.prepare<ConversationUpdate>(
      `INSERT INTO conversations (account_id, peer, kind, last_seq, unread)
       VALUES (@account_id, @peer, @kind, @last_seq, @unread)
       ON CONFLICT (account_id, peer) DO UPDATE SET
         kind = iif(last_seq IS NULL OR excluded.last_seq > last_seq, excluded.kind, kind),
         last_seq = max(coalesce(last_seq, excluded.last_seq), excluded.last_seq),
         unread = unread + excluded.unread`,
    ),
    byId: db.prepare<[string], MessageRow>(`${select} WHERE id = ?`),
    // conversations holds each one's newest seq: a handful of rows per account, no message scan.
    newestSeq: db.prepare<[string], { seq: number | null }>(
      'SELECT max(last_seq) AS seq FROM conversations WHERE account_id = ?',
    ),
    byStanzaId: db.prepare<[string, string, string], MessageRow>(
      `${select} WHERE account_id = ? AND archive = ? AND stanza_id = ?`,
    ),
    hasStanzaId: db.prepare<[string, string, string], { found: number }>(
      `SELECT 1 AS found FROM messages
       WHERE account_id = ? AND archive = ? AND stanza_id = ? AND stanza_id IS NOT NULL`,
    ),
    // The last entry of the messages_by_archive index: no scan, however long the history.
    newestStanzaId: db.prepare<[string, string], { stanza_id: string }>(
      `SELECT stanza_id FROM messages
       WHERE account_id = ? AND archive = ? AND stanza_id IS NOT NULL
       ORDER BY seq DESC LIMIT 1`,
    ),
    byOriginId: db.prepare<[string, string, string], MessageRow>(
      `${select} WHERE account_id = ? AND peer = ? AND origin_id = ?`,
    ),
    byXmppId: db.prepare<[string, string, string], MessageRow>(
      `${select} WHERE account_id = ? AND peer = ? AND xmpp_id = ? ORDER BY seq DESC LIMIT 1`,
    ),
    outbox: db.prepare<[string], MessageRow>(
      `${select} WHERE account_id = ? AND state = 'pending' ORDER BY seq`,
    ),
    markRead: db.prepare<[string, string]>(
      `UPDATE messages SET state = 'read'
       WHERE account_id = ? AND peer = ? AND direction = 'in' AND state = 'received'`,
    ),
    resetUnread: db.prepare<[string, string]>(
      'UPDATE conversations SET unread = 0 WHERE account_id = ? AND peer = ?',
    ),
    conversations: db.prepare<[], ConversationRow>(
      `SELECT c.account_id AS c_account_id, c.kind AS c_kind, c.peer AS c_peer,
              c.unread AS c_unread, ${messageColumns('m')}
       FROM conversations c LEFT JOIN messages m ON m.seq = c.last_seq
       ORDER BY c.last_seq DESC`,
    ),
    conversation: db.prepare<[string, string], ConversationRow>(
      `SELECT c.account_id AS c_account_id, c.kind AS c_kind, c.peer AS c_peer,
              c.unread AS c_unread, ${messageColumns('m')}
       FROM conversations c LEFT JOIN messages m ON m.seq = c.last_seq
       WHERE c.account_id = ? AND c.peer = ?`,
    ),
  };

  /** The index's scope tokens of a conversation (two hashes), remembered: a flood repeats them. */
  const scopes = new Map<string, string>();
  function scopeOf(row: MessageRow): string {
    const key = `${row.account_id}\0${row.peer}`;
    let scope = scopes.get(key);
    if (scope === undefined) {
      if (scopes.size >= 1000) scopes.clear();
      scope = ftsScope(row.account_id, row.peer);
      scopes.set(key, scope);
    }
    return scope;
  }

  /** The stored successor this archive result goes right before, if any (ArchiveOrder). */
  function successorOf(message: NewMessage) {
    const { order } = message;
    if (!order) return undefined;
    if (order.successor === undefined && order.successorId !== undefined && message.archive) {
      const row = q.byStanzaId.get(message.accountId, message.archive, order.successorId);
      order.successor = row && { seq: row.seq, sentAt: row.sent_at };
    }
    order.successorId = undefined;
    return order.successor;
  }

  function insertOne(message: NewMessage): Insertion {
    checkNewMessage(message);
    const { at, ...insertion } = insertRow(message);
    // The next (older) result goes below this one's row, when it is stored as this entry: one of
    // ours stored as we sent it (maybe long before the server had it), or a re-sent copy stored
    // at its first copy, says nothing about where this entry is.
    if (message.order && !insertion.elsewhere) message.order.successor = at;
    return insertion;
  }

  /**
   * Where an archive result goes (ArchiveOrder): a millisecond before its successor when that is
   * dated up to a minute after the result's stamp (after whatever that millisecond holds: older
   * in the archive, since the successor is the very next entry), else at its time, a
   * whole-second stamp moved to that second's end. `anchored`: placed by its successor.
   */
  function placeResult(message: NewMessage): { at: number; anchored?: true } {
    const stamp = Math.trunc(message.sentAt);
    const successor = successorOf(message);
    if (successor && successor.sentAt >= stamp && successor.sentAt - stamp < NEIGHBOURS_MS) {
      return { at: successor.sentAt - 1, anchored: true };
    }
    const { order } = message;
    if (!order) return { at: stamp };
    let at = stamp % 1000 === 0 ? stamp + 999 : stamp;
    // The walk's newest result: after everything stored when the walk began (the archive held
    // nothing newer), however late that came (a stalled link), but not far from its stamp.
    const { notBefore } = order;
    order.notBefore = undefined;
    if (!successor && notBefore !== undefined && notBefore - stamp < NEIGHBOURS_MS) {
      at = Math.max(at, notBefore);
    }
    const limit = successor?.sentAt ?? order.notAfter ?? Infinity;
    return { at: Math.max(stamp, Math.min(at, limit - 1)) };
  }

  /** `at`: where the row the message is stored as is (for ArchiveOrder). */
  function insertRow(message: NewMessage): Insertion & { at?: { seq: number; sentAt: number } } {
    const { at: sentAt, anchored } = placeResult(message);
    // Placed by its successor: after what its millisecond holds, not below it like the rest of
    // an older page.
    const seq = allocateSeq(sentAt, anchored ? undefined : message.placement);
    const row: MessageRow = {
      seq,
      id: message.id,
      account_id: message.accountId,
      kind: message.kind,
      peer: message.peer,
      direction: message.direction,
      body: message.body,
      sent_at: sentAt,
      state: message.state,
      error: null,
      edited_at: null,
      via: message.via,
      private: message.private ? 1 : 0,
      stanza_id: message.stanzaId ?? null,
      archive: message.archive ?? null,
      origin_id: message.originId ?? null,
      xmpp_id: message.xmppId ?? null,
      sender_jid: message.sender?.jid ?? null,
      sender_nick: message.sender?.nick ?? null,
      sender_real_jid: message.sender?.realJid ?? null,
    };
    // The row as inserted is the row as stored (STRICT tables keep values as given): no need to
    // read it back, which would cost a tenth of each insert during a flood.
    if (q.insert.run(row).changes === 1) {
      if (!message.private) q.indexBody.run(row.seq, ftsText(row.body), scopeOf(row));
      return { message: toMessage(row), inserted: true, seq, at: { seq, sentAt: row.sent_at } };
    }
    // A duplicate: the same entry of the same archive, the same sender's message, or our own
    // id again. The same stanza-id from another archive is another message.
    const sameEntry =
      message.stanzaId !== undefined &&
      message.archive !== undefined &&
      q.byStanzaId.get(message.accountId, message.archive, message.stanzaId);
    if (sameEntry) {
      const at = { seq: sameEntry.seq, sentAt: sameEntry.sent_at };
      return { message: toMessage(sameEntry), inserted: false, at };
    }
    const existing =
      (message.originId && q.byOriginId.get(message.accountId, message.peer, message.originId)) ||
      q.byId.get(message.id);
    if (!existing) throw new Error('insert was ignored but no conflicting message was found');
    // An archive result that is stored, but not as this entry (see Insertion.elsewhere).
    const elsewhere = message.stanzaId !== undefined;
    return {
      message: toMessage(existing),
      inserted: false,
      ...(elsewhere && { elsewhere: true as const }),
      at: { seq: existing.seq, sentAt: existing.sent_at },
    };
  }

  /** Inserts in one transaction, then brings each touched conversation up to date once. */
  function insertAll(messages: readonly NewMessage[]): StoredInsertion[] {
    const touched = new Map<string, ConversationUpdate>();
    const results = messages.map((message) => {
      const { seq, ...result } = insertOne(message);
      if (seq === undefined) return result;
      const key = `${message.accountId}\0${message.peer}`;
      const unread = message.direction === 'in' && message.state === 'received' ? 1 : 0;
      const update = touched.get(key);
      if (!update) {
        touched.set(key, {
          account_id: message.accountId,
          peer: message.peer,
          kind: message.kind,
          last_seq: seq,
          unread,
        });
      } else {
        update.unread += unread;
        if (seq > update.last_seq) {
          update.last_seq = seq;
          update.kind = message.kind;
        }
      }
      return result;
    });
    for (const update of touched.values()) q.upsertConversation.run(update);
    return results;
  }

  const insertTx = db.transaction((message: NewMessage) => insertAll([message])[0]!);
  const insertManyTx = db.transaction(insertAll);

  const updateTx = db.transaction((id: string, patch: MessagePatch) => {
    const current = q.byId.get(id);
    if (!current) return undefined;
    if (patch.stanzaId !== undefined || patch.archive !== undefined) {
      checkArchiveId(patch.stanzaId, patch.archive);
      // Our own message learnt from the archive; if another row holds that entry already, two
      // rows would claim one archive entry: refuse rather than break the unique key.
      const holder = q.byStanzaId.get(current.account_id, patch.archive!, patch.stanzaId!);
      if (holder && holder.id !== id) {
        throw new StorageError('invalid-params', 'another message holds this archive id');
      }
    }
    const sets: string[] = [];
    const values: Record<string, unknown> = { id };
    const set = (column: string, value: unknown) => {
      sets.push(`${column} = @${column}`);
      values[column] = value;
    };
    if (patch.state !== undefined) set('state', patch.state);
    if (patch.error !== undefined) set('error', patch.error ? JSON.stringify(patch.error) : null);
    if (patch.body !== undefined) set('body', patch.body);
    if (patch.editedAt !== undefined) set('edited_at', Math.trunc(patch.editedAt));
    if (patch.stanzaId !== undefined) set('stanza_id', patch.stanzaId);
    if (patch.archive !== undefined) set('archive', patch.archive);
    if (sets.length)
      db.prepare(`UPDATE messages SET ${sets.join(', ')} WHERE id = @id`).run(values);
    const row = q.byId.get(id);
    return row && toMessage(row);
  });

  const markReadTx = db.transaction((accountId: string, peer: string) => {
    const { changes } = q.markRead.run(accountId, peer);
    q.resetUnread.run(accountId, peer);
    return changes;
  });

  return {
    insert: (message) => guarded('store a message', () => insertTx(message)),
    insertMany: (messages) => guarded('store messages', () => insertManyTx(messages)),
    update: (id, patch) => guarded('update a message', () => updateTx(id, patch)),
    get: (id) =>
      guarded('read a message', () => {
        const row = q.byId.get(id);
        return row && toMessage(row);
      }),
    findByXmppId: (accountId, peer, xmppId) =>
      guarded('find a message', () => {
        const row =
          q.byXmppId.get(accountId, peer, xmppId) ?? q.byOriginId.get(accountId, peer, xmppId);
        return row && toMessage(row);
      }),
    page: (accountId, peer, options) =>
      guarded('read history', () => historyPage([db], accountId, peer, options)),
    outbox: (accountId) => guarded('read the outbox', () => q.outbox.all(accountId).map(toMessage)),
    conversations: () =>
      guarded('read conversations', () => q.conversations.all().map(toConversation)),
    newestSentAt: (accountId) =>
      guarded('read the newest message', () => {
        const { seq } = q.newestSeq.get(accountId)!;
        return seq === null ? undefined : sentAtOf(seq);
      }),
    conversation: (accountId, peer) =>
      guarded('read a conversation', () => {
        const row = q.conversation.get(accountId, peer);
        // Nothing stored yet: an occupant JID names itself (chat and room peers are bare, and
        // only the first message tells those two apart).
        const kind = occupantParts(peer) ? 'occupant' : 'chat';
        return row ? toConversation(row) : { accountId, kind, peer, unread: 0 };
      }),
    markRead: (accountId, peer) => guarded('mark messages read', () => markReadTx(accountId, peer)),
    search: (params) =>
      guarded('search messages', () => searchMessages(db, params, { pairs: index.pairsReady() })),
    upgradeIndex: (maxRows) => guarded('upgrade the search index', () => index.step(maxRows)),
    hasStanzaId: (accountId, archive, stanzaId) =>
      guarded('look up an archive id', () => !!q.hasStanzaId.get(accountId, archive, stanzaId)),
    newestStanzaId: (accountId, archive) =>
      guarded(
        'read the newest archive id',
        () => q.newestStanzaId.get(accountId, archive)?.stanza_id,
      ),
    ...createArchiveGaps(db),
    ...createCorrections(db),
    ...createPreferences(db),
  };
}

type ConversationRow = {
  c_account_id: string;
  c_kind: Conversation['kind'];
  c_peer: string;
  c_unread: number;
} & {
  [K in keyof MessageRow]: MessageRow[K] | null;
};

function toConversation(row: ConversationRow): Conversation {
  const conversation: Conversation = {
    accountId: row.c_account_id,
    kind: row.c_kind,
    peer: row.c_peer,
    unread: row.c_unread,
  };
  if (row.seq !== null) conversation.lastMessage = toMessage(row as MessageRow);
  return conversation;
}
