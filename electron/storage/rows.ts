/** Conversions between message rows and the contract's Message. */
import type { Message, Sender } from '../../shared/contract';
import type { ErrorInfo } from '../../shared/errors';

export interface MessageRow {
  seq: number;
  id: string;
  account_id: string;
  kind: Message['kind'];
  peer: string;
  direction: Message['direction'];
  body: string;
  sent_at: number;
  state: Message['state'];
  error: string | null;
  edited_at: number | null;
  via: Message['via'];
  private: number;
  stanza_id: string | null;
  archive: string | null;
  origin_id: string | null;
  xmpp_id: string | null;
  sender_jid: string | null;
  sender_nick: string | null;
  sender_real_jid: string | null;
}

export const MESSAGE_COLUMNS =
  'seq, id, account_id, kind, peer, direction, body, sent_at, state, error, edited_at, via, ' +
  'private, stanza_id, archive, origin_id, xmpp_id, sender_jid, sender_nick, sender_real_jid';

/** The same columns qualified with a table alias, for joins. */
export const messageColumns = (alias: string): string =>
  MESSAGE_COLUMNS.split(', ')
    .map((column) => `${alias}.${column}`)
    .join(', ');

export function toMessage(row: MessageRow): Message {
  const message: Message = {
    id: row.id,
    accountId: row.account_id,
    kind: row.kind,
    peer: row.peer,
    direction: row.direction,
    body: row.body,
    sentAt: row.sent_at,
    state: row.state,
    via: row.via,
    private: row.private === 1,
  };
  // Only what is known: a one-to-one message usually has no sender at all.
  const sender: Sender = {};
  if (row.sender_jid !== null) sender.jid = row.sender_jid;
  if (row.sender_nick !== null) sender.nick = row.sender_nick;
  if (row.sender_real_jid !== null) sender.realJid = row.sender_real_jid;
  if (Object.keys(sender).length) message.sender = sender;
  if (row.error !== null) message.error = JSON.parse(row.error) as ErrorInfo;
  if (row.edited_at !== null) message.editedAt = row.edited_at;
  return message;
}
