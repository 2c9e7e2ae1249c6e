/**
 * One conversation in the Chats list: avatar, name (a private conversation through a room says
 * which room), the time of the last message, a one-line preview (text only; an encrypted message
 * shows no text, as in notifications), the account badge with several accounts and the unread
 * count. Rows are fixed height, so the list can place them without measuring.
 */
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../shared/contract';
import { Avatar } from '../../components/Avatar';
import { Icon } from '../../components/Icon';
import { AccountBadge } from '../contacts/AccountBadge';
import type { ChatEntry } from './chatEntries';
import { relativeTime } from './relativeTime';
import { UnreadBadge } from '../../components/UnreadBadge';

/** The height of a row in px (chats.css). */
export const CHAT_ROW_HEIGHT = 62;

interface ChatRowProps {
  readonly id: string;
  readonly entry: ChatEntry;
  readonly index: number;
  readonly count: number;
  readonly selected: boolean;
  readonly active: boolean;
  readonly showAccount: boolean;
  readonly locale: string;
  /** Where the virtualized list places the row, in px from the top. */
  readonly top: number;
  readonly onOpen: (entry: ChatEntry) => void;
}

/** The first line of a body, short enough for one row. */
const firstLine = (body: string): string => body.slice(0, 160).replace(/\s+/gu, ' ').trim();

function Preview({ message }: { readonly message: Message | undefined }) {
  const { t } = useTranslation();
  if (!message)
    return <span className="chat__preview chat__preview--none">{t('chats.noMessages')}</span>;
  if (message.private) {
    return (
      <span className="chat__preview chat__preview--private">
        <Icon name="lock" className="chat__preview-icon" />
        {t('chats.private')}
      </span>
    );
  }
  const nick = message.kind === 'room' && message.direction === 'in' ? message.sender?.nick : null;
  return (
    <span className={`chat__preview${message.state === 'failed' ? ' chat__preview--failed' : ''}`}>
      {message.direction === 'out' && <span className="chat__who">{t('chats.you')} </span>}
      {nick && (
        <span className="chat__who">
          <bdi>{nick}</bdi>:{' '}
        </span>
      )}
      <bdi>{firstLine(message.body)}</bdi>
    </span>
  );
}

export const ChatRow = memo(function ChatRow({
  id,
  entry,
  index,
  count,
  selected,
  active,
  showAccount,
  locale,
  top,
  onOpen,
}: ChatRowProps) {
  const { t } = useTranslation();
  const { conversation, name } = entry;
  const { accountId, kind, peer, lastMessage, unread } = conversation;
  const at = lastMessage?.sentAt;
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected}
      aria-posinset={index + 1}
      aria-setsize={count}
      className={`chat chat--${kind}${selected ? ' chat--selected' : ''}${active ? ' chat--active' : ''}${unread > 0 ? ' chat--unread' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onOpen(entry)}
      data-account={accountId}
      data-peer={peer}
      data-kind={kind}
    >
      <span className="chat__avatar">
        <Avatar jid={peer} name={name.name} shape={kind === 'room' ? 'square' : 'round'} />
        {kind !== 'chat' && (
          <span className={`chat__kind chat__kind--${kind}`} aria-hidden="true">
            <Icon name={kind === 'room' ? 'users' : 'person'} />
          </span>
        )}
      </span>
      <span className="chat__text">
        <span className="chat__line">
          <span className="chat__name">
            <bdi>{name.name}</bdi>
            {name.room !== undefined && (
              <span className="chat__via"> {t('chats.via', { room: name.room })}</span>
            )}
            {kind === 'room' && <span className="visually-hidden"> {t('chats.roomLabel')}</span>}
          </span>
          {at !== undefined && (
            <time className="chat__time" dateTime={new Date(at).toISOString()}>
              {relativeTime(at, locale, t('chat.yesterday'))}
            </time>
          )}
        </span>
        <span className="chat__line">
          <Preview message={lastMessage} />
          {showAccount && <AccountBadge accountId={accountId} />}
          <UnreadBadge count={unread} className="chat__unread" />
        </span>
      </span>
    </div>
  );
});
