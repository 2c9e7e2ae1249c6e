/**
 * One message: the text (always as text, links as buttons), time, "edited", and for our own
 * messages the delivery state; a failed one shows its error and a Retry button. In a room, the
 * first message of each run shows its sender's nickname, in a colour of its own (the same for
 * the same nickname everywhere) and isolated for bidirectional text, so that a right-to-left
 * nickname cannot reorder what follows it. The words come
 * from the list (`BubbleWords`, translated once per language) rather than a hook per row: a
 * conversation opens with a screenful of bubbles, and each hook is paid that many times.
 */
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import type { Message } from '../../../shared/contract';
import { visibleNick } from '../../../shared/nick';
import { errorText } from '../../i18n/errorText';
import { useAppStore } from '../../store';
import { avatarTint } from '../../store/accounts.selectors';
import { LinkText } from '../links/LinkText';
import { fullTimeLabel, timeLabel } from './rows';

const STATE_MARK: Partial<Record<Message['state'], string>> = {
  pending: '🕓',
  sent: '✓',
  delivered: '✓✓',
  failed: '!',
};

/** The translated words every bubble uses. */
export interface BubbleWords {
  readonly you: string;
  readonly them: string;
  readonly edited: string;
  readonly mention: string;
  /** A message of a private (OTR) conversation. */
  readonly private: string;
  readonly states: Readonly<Record<Message['state'], string>>;
}

type Translate = ReturnType<typeof useTranslation>['t'];

export function bubbleWords(t: Translate): BubbleWords {
  const state = (s: Message['state']) => t(`chat.state.${s}`);
  return {
    you: t('chat.you'),
    them: t('chat.them'),
    edited: t('chat.edited'),
    mention: t('rooms.mention'),
    private: t('otr.privateMessage'),
    states: {
      pending: state('pending'),
      sent: state('sent'),
      delivered: state('delivered'),
      failed: state('failed'),
      received: state('received'),
      read: state('read'),
    },
  };
}

interface MessageBubbleProps {
  readonly message: Message;
  readonly continued: boolean;
  readonly highlighted: boolean;
  /** A room message that mentions our nickname. */
  readonly mentioned?: boolean;
  readonly locale: string;
  readonly words: BubbleWords;
}

export const MessageBubble = memo(function MessageBubble({
  message,
  continued,
  highlighted,
  mentioned = false,
  locale,
  words,
}: MessageBubbleProps) {
  const own = message.direction === 'out';
  const mark = own ? STATE_MARK[message.state] : undefined;
  const stateText = own ? words.states[message.state] : '';
  const nick = !own && message.kind === 'room' ? message.sender?.nick : undefined;

  return (
    <div
      className={`msg msg--${own ? 'out' : 'in'}${continued ? ' msg--continued' : ''}${highlighted ? ' msg--highlight' : ''}${message.state === 'failed' ? ' msg--failed' : ''}${mentioned ? ' msg--mention' : ''}`}
      data-message-id={message.id}
      data-state={message.state}
    >
      <div className="msg__bubble">
        {nick === undefined ? (
          <span className="visually-hidden">{own ? words.you : words.them}</span>
        ) : continued ? (
          <span className="visually-hidden">
            <bdi>{visibleNick(nick)}</bdi>:{mentioned && ` ${words.mention}`}
          </span>
        ) : (
          <span className={`msg__nick nick--tint${avatarTint(nick)}`}>
            <bdi>{visibleNick(nick)}</bdi>
            <span className="visually-hidden">:</span>
            {mentioned && <span className="msg__mention">{words.mention}</span>}
          </span>
        )}
        {/* Each message sets its own direction from its text, and a control it holds (U+202E)
            ends with it instead of reordering the meta line or the next message. */}
        <p className="msg__text" dir="auto">
          <LinkText text={message.body} />
        </p>
        <span className="msg__meta">
          {message.private && message.kind === 'chat' && (
            <span
              className="msg__private"
              role="img"
              aria-label={words.private}
              title={words.private}
            >
              <Icon name="lock" />
            </span>
          )}
          {message.editedAt !== undefined && (
            <span className="msg__edited" title={fullTimeLabel(message.editedAt, locale)}>
              {words.edited}
            </span>
          )}
          <time
            className="msg__time"
            dateTime={new Date(message.sentAt).toISOString()}
            title={fullTimeLabel(message.sentAt, locale)}
          >
            {timeLabel(message.sentAt, locale)}
          </time>
          {mark && (
            <span
              className={`msg__state msg__state--${message.state}`}
              role="img"
              aria-label={stateText}
              title={stateText}
            >
              {mark}
            </span>
          )}
        </span>
      </div>
      {message.state === 'failed' && <SendFailure message={message} />}
    </div>
  );
});

/** Why our message was not sent, and a Retry button. */
function SendFailure({ message }: { readonly message: Message }) {
  const { t } = useTranslation();
  const retryRequested = useAppStore((s) => s.retryRequested);
  const [retrying, setRetrying] = useState(false);

  const retry = async () => {
    setRetrying(true);
    await retryRequested(message.accountId, message.id);
    setRetrying(false);
  };

  return (
    <div className="msg__failure" role="alert">
      <span>{message.error ? errorText(t, message.error) : t('chat.failed')}</span>
      <button
        type="button"
        className="button button--small"
        onClick={() => void retry()}
        disabled={retrying}
      >
        {t('chat.retry')}
      </button>
    </div>
  );
}
