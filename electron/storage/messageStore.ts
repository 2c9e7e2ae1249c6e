/**
 * Messages, the outbox, conversations and what archive catch-up needs to know about them. Every
 * method is one transaction that has committed when it returns (synchronous better-sqlite3),
 * which is what lets the chat service acknowledge a stanza (XEP-0198) only after the message is
 * on disk. How a new message goes in (messageInsert.ts), gaps, corrections and preferences live
 * in modules of their own.
 */
import type Database from 'better-sqlite3';
import type { Conversation } from '../../shared/contract';
import { occupantParts } from '../../shared/conversation';
import { createArchiveGaps } from './archiveGaps';
import { createCorrections } from './corrections';
import { StorageError, guarded } from './errors';
import { historyPage } from './history';
import { createIndexUpgrade } from './indexUpgrade';
import { createMessageInsert } from './messageInsert';
import { createPreferences } from './preferences';
import { MESSAGE_COLUMNS, messageColumns, toMessage, type MessageRow } from './rows';
import { searchMessages } from './search';
import { createSeqAllocator, sentAtOf } from './seqAllocator';
import type { MessagePatch, MessageStore, MessageStoreExtras, NewMessage } from './types';
import { checkArchiveId } from './validate';

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

  const insertAll = createMessageInsert(db, allocateSeq, {
    byStanzaId: (accountId, archive, stanzaId) => q.byStanzaId.get(accountId, archive, stanzaId),
    byOriginId: (accountId, peer, originId) => q.byOriginId.get(accountId, peer, originId),
    byId: (id) => q.byId.get(id),
  });
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
