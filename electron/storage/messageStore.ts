/**
 * Messages, the outbox, conversations and archive cursors. Every method is one transaction that
 * has committed when it returns (synchronous better-sqlite3), which is what lets the chat service
 * acknowledge a stanza (XEP-0198) only after the message is on disk.
 */
import type Database from 'better-sqlite3';
import type { Conversation, Message } from '../../shared/contract';
import type { MessagePatch, MessageStore, MessageStoreExtras, NewMessage } from './types';
import { guarded } from './errors';
import { historyPage } from './history';
import { MESSAGE_COLUMNS, messageColumns, toMessage, type MessageRow } from './rows';
import { searchMessages } from './search';

/** seq = sent_at * SLOTS + n: up to 1000 messages per millisecond keep their arrival order. */
const SLOTS = 1000;
/** The largest sent_at whose seq still fits a JavaScript safe integer (year 2255). */
const MAX_SENT_AT = Math.floor(Number.MAX_SAFE_INTEGER / SLOTS) - 1;

export function createMessageStore(db: Database.Database): MessageStore & MessageStoreExtras {
  const select = `SELECT ${MESSAGE_COLUMNS} FROM messages`;
  const q = {
    maxSeqIn: db.prepare<[number, number], { seq: number | null }>(
      'SELECT max(seq) AS seq FROM messages WHERE seq >= ? AND seq < ?',
    ),
    insert: db.prepare(
      `INSERT INTO messages (${MESSAGE_COLUMNS})
       VALUES (@seq, @id, @account_id, @peer, @direction, @body, @sent_at, @state, NULL, NULL,
               @via, @private, @stanza_id, @origin_id, @xmpp_id)
       ON CONFLICT DO NOTHING`,
    ),
    byId: db.prepare<[string], MessageRow>(`${select} WHERE id = ?`),
    byStanzaId: db.prepare<[string, string], MessageRow>(
      `${select} WHERE account_id = ? AND stanza_id = ?`,
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
      `SELECT c.account_id AS c_account_id, c.peer AS c_peer, c.unread AS c_unread,
              ${messageColumns('m')}
       FROM conversations c LEFT JOIN messages m ON m.seq = c.last_seq
       ORDER BY c.last_seq DESC`,
    ),
    conversation: db.prepare<[string, string], ConversationRow>(
      `SELECT c.account_id AS c_account_id, c.peer AS c_peer, c.unread AS c_unread,
              ${messageColumns('m')}
       FROM conversations c LEFT JOIN messages m ON m.seq = c.last_seq
       WHERE c.account_id = ? AND c.peer = ?`,
    ),
    cursor: db.prepare<[string], { stanza_id: string }>(
      'SELECT stanza_id FROM archive_cursors WHERE account_id = ?',
    ),
    setCursor: db.prepare<[string, string]>(
      `INSERT INTO archive_cursors (account_id, stanza_id) VALUES (?, ?)
       ON CONFLICT (account_id) DO UPDATE SET stanza_id = excluded.stanza_id`,
    ),
  };

  /** The next free seq at or after sentAt's millisecond (later ones if 1000 share it). */
  function allocateSeq(sentAt: number): number {
    let base = Math.min(Math.max(0, Math.trunc(sentAt)), MAX_SENT_AT) * SLOTS;
    for (;;) {
      const { seq } = q.maxSeqIn.get(base, base + SLOTS)!;
      if (seq === null) return base;
      if (seq + 1 < base + SLOTS) return seq + 1;
      base += SLOTS;
    }
  }

  function insertOne(message: NewMessage): { message: Message; inserted: boolean } {
    const result = q.insert.run({
      seq: allocateSeq(message.sentAt),
      id: message.id,
      account_id: message.accountId,
      peer: message.peer,
      direction: message.direction,
      body: message.body,
      sent_at: Math.trunc(message.sentAt),
      state: message.state,
      via: message.via,
      private: message.private ? 1 : 0,
      stanza_id: message.stanzaId ?? null,
      origin_id: message.originId ?? null,
      xmpp_id: message.xmppId ?? null,
    });
    if (result.changes === 1)
      return { message: toMessage(q.byId.get(message.id)!), inserted: true };
    // A duplicate: the same archive entry, the same sender's message, or our own id again.
    const existing =
      (message.stanzaId && q.byStanzaId.get(message.accountId, message.stanzaId)) ||
      (message.originId && q.byOriginId.get(message.accountId, message.peer, message.originId)) ||
      q.byId.get(message.id);
    if (!existing) throw new Error('insert was ignored but no conflicting message was found');
    return { message: toMessage(existing), inserted: false };
  }

  const insertTx = db.transaction(insertOne);
  const insertManyTx = db.transaction((messages: readonly NewMessage[]) => messages.map(insertOne));

  const updateTx = db.transaction((id: string, patch: MessagePatch) => {
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
      guarded('read history', () => historyPage(db, accountId, peer, options)),
    outbox: (accountId) => guarded('read the outbox', () => q.outbox.all(accountId).map(toMessage)),
    conversations: () =>
      guarded('read conversations', () => q.conversations.all().map(toConversation)),
    conversation: (accountId, peer) =>
      guarded('read a conversation', () => {
        const row = q.conversation.get(accountId, peer);
        return row ? toConversation(row) : { accountId, peer, unread: 0 };
      }),
    markRead: (accountId, peer) => guarded('mark messages read', () => markReadTx(accountId, peer)),
    search: (params) => guarded('search messages', () => searchMessages(db, params)),
    archiveCursor: (accountId) =>
      guarded('read the archive cursor', () => q.cursor.get(accountId)?.stanza_id),
    setArchiveCursor: (accountId, stanzaId) =>
      guarded('store the archive cursor', () => {
        q.setCursor.run(accountId, stanzaId);
      }),
  };
}

type ConversationRow = { c_account_id: string; c_peer: string; c_unread: number } & {
  [K in keyof MessageRow]: MessageRow[K] | null;
};

function toConversation(row: ConversationRow): Conversation {
  const conversation: Conversation = {
    accountId: row.c_account_id,
    peer: row.c_peer,
    unread: row.c_unread,
  };
  if (row.seq !== null) conversation.lastMessage = toMessage(row as MessageRow);
  return conversation;
}
