/**
 * The corrections outbox (XEP-0308). A correction typed while offline, or not yet acknowledged
 * by the server, must survive a restart like a message does: the new text goes into the message
 * and the correction into the outbox in one transaction, and the row stays until the server has
 * the correction stanza. Only our own outgoing messages can be corrected, within the
 * conversation the correction names.
 */
import type Database from 'better-sqlite3';
import type { Message } from '../../shared/contract';
import { StorageError, guarded } from './errors';
import { MESSAGE_COLUMNS, toMessage, type MessageRow } from './rows';
import type { MessageStore, OutboxCorrection } from './types';
import { checkKind } from './validate';

type CorrectionMethods = Pick<MessageStore, 'addCorrection' | 'corrections' | 'removeCorrection'>;

interface CorrectionRow {
  id: string;
  account_id: string;
  kind: OutboxCorrection['kind'];
  peer: string;
  message_id: string;
  body: string;
  created_at: number;
}

const toCorrection = (row: CorrectionRow): OutboxCorrection => ({
  id: row.id,
  accountId: row.account_id,
  kind: row.kind,
  peer: row.peer,
  messageId: row.message_id,
  body: row.body,
  createdAt: row.created_at,
});

function checkCorrection(correction: OutboxCorrection): void {
  checkKind(correction.kind);
  if (typeof correction.id !== 'string' || correction.id === '') {
    throw new StorageError('invalid-params', 'a correction needs an id');
  }
  if (typeof correction.body !== 'string') {
    throw new StorageError('invalid-params', 'a correction needs its text');
  }
  if (!Number.isFinite(correction.createdAt)) {
    throw new StorageError('invalid-params', 'a correction needs a valid time');
  }
}

export function createCorrections(db: Database.Database): CorrectionMethods {
  const q = {
    target: db.prepare<[string, string, string], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages
       WHERE id = ? AND account_id = ? AND peer = ? AND direction = 'out'`,
    ),
    exists: db.prepare<[string], { id: string }>('SELECT id FROM outbox_corrections WHERE id = ?'),
    add: db.prepare(
      `INSERT INTO outbox_corrections (id, account_id, kind, peer, message_id, body, created_at)
       VALUES (@id, @account_id, @kind, @peer, @message_id, @body, @created_at)`,
    ),
    edit: db.prepare<[string, number, string]>(
      'UPDATE messages SET body = ?, edited_at = ? WHERE id = ?',
    ),
    byId: db.prepare<[string], MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ?`),
    list: db.prepare<[string], CorrectionRow>(
      `SELECT id, account_id, kind, peer, message_id, body, created_at FROM outbox_corrections
       WHERE account_id = ? ORDER BY seq`,
    ),
    remove: db.prepare<[string]>('DELETE FROM outbox_corrections WHERE id = ?'),
  };

  const addTx = db.transaction((c: OutboxCorrection): Message | undefined => {
    if (!q.target.get(c.messageId, c.accountId, c.peer)) return undefined;
    if (q.exists.get(c.id)) {
      throw new StorageError(
        'invalid-params',
        'a correction with this id is in the outbox already',
      );
    }
    const createdAt = Math.trunc(c.createdAt);
    q.add.run({
      id: c.id,
      account_id: c.accountId,
      kind: c.kind,
      peer: c.peer,
      message_id: c.messageId,
      body: c.body,
      created_at: createdAt,
    });
    q.edit.run(c.body, createdAt, c.messageId);
    return toMessage(q.byId.get(c.messageId)!);
  });

  return {
    addCorrection: (correction) =>
      guarded('store a correction', () => {
        checkCorrection(correction);
        return addTx(correction);
      }),
    corrections: (accountId) =>
      guarded('read the corrections outbox', () => q.list.all(accountId).map(toCorrection)),
    removeCorrection: (id) =>
      guarded('remove a correction', () => {
        q.remove.run(id);
      }),
  };
}
