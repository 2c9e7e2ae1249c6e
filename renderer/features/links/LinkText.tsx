/**
 * Message text with its http(s) links and room links as buttons. Everything is rendered as React text nodes, so
 * markup in a message stays visible characters; a click asks for confirmation before opening.
 * A link shows its hidden characters as markers (⟨U+202E⟩: a right-to-left override would
 * otherwise make it read backwards) and is isolated from the text around it (`.link-button`), so
 * that a control outside it cannot reorder it either.
 */
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { revealHidden } from '../../../shared/links';
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
            dir="ltr"
            title={t('rooms.join.fromLink', { room: revealHidden(token.room) })}
            onClick={() => dialogOpened({ kind: 'joinRoom', initial: token.room })}
          >
            {revealHidden(token.text)}
          </button>
        ) : (
          <button
            key={i}
            type="button"
            className="link-button"
            dir="ltr"
            title={t('link.openTitle', { url: revealHidden(token.url) })}
            onClick={() => linkClicked(token.url)}
          >
            {revealHidden(token.url)}
          </button>
        ),
      )}
    </>
  );
});
