/**
 * How a new message goes into the store: where it goes in history (its seq and time: live
 * messages by when they came, archive results by the archive's order, see ArchiveOrder), which
 * stored row it is when it is one already, its search index entry, and its conversation's
 * newest message and unread count, once per conversation per transaction.
 */
import type Database from 'better-sqlite3';
import type { Message } from '../../shared/contract';
import { ftsScope, ftsText } from './ftsText';
import { MESSAGE_COLUMNS, toMessage, type MessageRow } from './rows';
import type { createSeqAllocator } from './seqAllocator';
import type { Insertion as StoredInsertion, NewMessage } from './types';
import { checkNewMessage } from './validate';

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

/** The stored rows an insert may turn out to be. */
export interface RowLookups {
  byStanzaId(accountId: string, archive: string, stanzaId: string): MessageRow | undefined;
  byOriginId(accountId: string, peer: string, originId: string): MessageRow | undefined;
  byId(id: string): MessageRow | undefined;
}

/** Returns insertAll: to be run inside a transaction. */
export function createMessageInsert(
  db: Database.Database,
  allocateSeq: ReturnType<typeof createSeqAllocator>,
  rowBy: RowLookups,
): (messages: readonly NewMessage[]) => StoredInsertion[] {
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
      const row = rowBy.byStanzaId(message.accountId, message.archive, order.successorId);
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

  /** `at`: where the row stored as this very message (or archive entry) is (ArchiveOrder). */
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
      rowBy.byStanzaId(message.accountId, message.archive, message.stanzaId);
    if (sameEntry) {
      const at = { seq: sameEntry.seq, sentAt: sameEntry.sent_at };
      return { message: toMessage(sameEntry), inserted: false, at };
    }
    const existing =
      (message.originId && rowBy.byOriginId(message.accountId, message.peer, message.originId)) ||
      rowBy.byId(message.id);
    if (!existing) throw new Error('insert was ignored but no conflicting message was found');
    // An archive result that is stored, but not as this entry (see Insertion.elsewhere).
    const elsewhere = message.stanzaId !== undefined;
    return {
      message: toMessage(existing),
      inserted: false,
      ...(elsewhere && { elsewhere: true as const }),
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

  return insertAll;
}
