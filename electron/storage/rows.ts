/** Conversions between message rows and the contract's Message. */
import type { Message } from '../../shared/contract';
import type { ErrorInfo } from '../../shared/errors';

export interface MessageRow {
  seq: number;
  id: string;
  account_id: string;
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
  origin_id: string | null;
  xmpp_id: string | null;
}

export const MESSAGE_COLUMNS =
  'seq, id, account_id, peer, direction, body, sent_at, state, error, edited_at, via, private, ' +
  'stanza_id, origin_id, xmpp_id';

/** The same columns qualified with a table alias, for joins. */
export const messageColumns = (alias: string): string =>
  MESSAGE_COLUMNS.split(', ')
    .map((column) => `${alias}.${column}`)
    .join(', ');

export function toMessage(row: MessageRow): Message {
  const message: Message = {
    id: row.id,
    accountId: row.account_id,
    peer: row.peer,
    direction: row.direction,
    body: row.body,
    sentAt: row.sent_at,
    state: row.state,
    via: row.via,
    private: row.private === 1,
  };
  if (row.error !== null) message.error = JSON.parse(row.error) as ErrorInfo;
  if (row.edited_at !== null) message.editedAt = row.edited_at;
  return message;
}
