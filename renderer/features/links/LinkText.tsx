/**
 * Message text with its http(s) links and room links as buttons. Everything is rendered as React text nodes, so
 * markup in a message stays visible characters; a click asks for confirmation before opening.
 */
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';
import { tokenize } from './linkify';

export const LinkText = memo(function LinkText({ text }: { text: string }) {
  const { t } = useTranslation();
  const linkClicked = useAppStore((s) => s.linkClicked);
  const dialogOpened = useAppStore((s) => s.dialogOpened);
  const tokens = useMemo(() => tokenize(text), [text]);
  return (
    <>
      {tokens.map((token, i) =>
        token.kind === 'text' ? (
          token.text
        ) : token.kind === 'room' ? (
          <button
            key={i}
            type="button"
            className="link-button"
            title={t('rooms.join.fromLink', { room: token.room })}
            onClick={() => dialogOpened({ kind: 'joinRoom', initial: token.room })}
          >
            {token.text}
          </button>
        ) : (
          <button
            key={i}
            type="button"
            className="link-button"
            title={t('link.openTitle', { url: token.url })}
            onClick={() => linkClicked(token.url)}
          >
            {token.url}
          </button>
        ),
      )}
    </>
  );
});
