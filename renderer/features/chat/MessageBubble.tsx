/**
 * One message: the text (always as text, links as buttons), time, "edited", and for our own
 * messages the delivery state; a failed one shows its error and a Retry button.
 */
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../shared/contract';
import { errorText } from '../../i18n/errorText';
import { useAppStore } from '../../store';
import { LinkText } from '../links/LinkText';
import { fullTimeLabel, timeLabel } from './rows';

const STATE_MARK: Partial<Record<Message['state'], string>> = {
  pending: '🕓',
  sent: '✓',
  delivered: '✓✓',
  failed: '!',
};

interface MessageBubbleProps {
  readonly message: Message;
  readonly continued: boolean;
  readonly highlighted: boolean;
  readonly locale: string;
}

export const MessageBubble = memo(function MessageBubble({
  message,
  continued,
  highlighted,
  locale,
}: MessageBubbleProps) {
  const { t } = useTranslation();
  const retryRequested = useAppStore((s) => s.retryRequested);
  const [retrying, setRetrying] = useState(false);
  const own = message.direction === 'out';
  const mark = own ? STATE_MARK[message.state] : undefined;
  const stateText = own ? t(`chat.state.${message.state}`) : '';

  const retry = async () => {
    setRetrying(true);
    await retryRequested(message.accountId, message.id);
    setRetrying(false);
  };

  return (
    <div
      className={`msg msg--${own ? 'out' : 'in'}${continued ? ' msg--continued' : ''}${highlighted ? ' msg--highlight' : ''}${message.state === 'failed' ? ' msg--failed' : ''}`}
      data-message-id={message.id}
      data-state={message.state}
    >
      <div className="msg__bubble">
        <span className="visually-hidden">{own ? t('chat.you') : t('chat.them')}</span>
        <p className="msg__text">
          <LinkText text={message.body} />
        </p>
        <span className="msg__meta">
          {message.editedAt !== undefined && (
            <span className="msg__edited" title={fullTimeLabel(message.editedAt, locale)}>
              {t('chat.edited')}
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
      {message.state === 'failed' && (
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
      )}
    </div>
  );
});
