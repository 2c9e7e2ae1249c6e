/** One search hit: who and when, and the text with the matches marked (as text, not HTML). */
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../shared/contract';
import { fullTimeLabel } from '../chat/rows';
import { excerpt, highlightSegments } from './highlight';

interface SearchResultProps {
  readonly id: string;
  readonly hit: SearchHit;
  readonly name: string;
  readonly locale: string;
  readonly active: boolean;
  readonly onChoose: () => void;
  readonly onHover: () => void;
}

export const SearchResult = memo(function SearchResult({
  id,
  hit,
  name,
  locale,
  active,
  onChoose,
  onHover,
}: SearchResultProps) {
  const { t } = useTranslation();
  const { message } = hit;
  const segments = useMemo(() => {
    const cut = excerpt(message.body, hit.matches);
    return highlightSegments(cut.text, cut.ranges);
  }, [message.body, hit.matches]);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    message.sentAt,
  );
  return (
    <div
      id={id}
      role="option"
      aria-selected={active}
      className={`msg-search__hit${active ? ' msg-search__hit--active' : ''}`}
      onClick={onChoose}
      onMouseMove={onHover}
      data-message-id={message.id}
    >
      <div className="msg-search__meta">
        <span className="msg-search__who">
          {message.direction === 'out' ? (
            t('search.you')
          ) : message.kind === 'room' && message.sender?.nick ? (
            // In a room, who said it is the occupant, not the room.
            <bdi>{message.sender.nick}</bdi>
          ) : (
            name
          )}
        </span>
        <time
          dateTime={new Date(message.sentAt).toISOString()}
          title={fullTimeLabel(message.sentAt, locale)}
        >
          {date}
        </time>
      </div>
      <p className="msg-search__body">
        {segments.map((s, i) => (s.match ? <mark key={i}>{s.text}</mark> : s.text))}
      </p>
    </div>
  );
});
