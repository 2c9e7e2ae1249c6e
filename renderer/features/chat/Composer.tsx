/**
 * The message box. Enter sends, Shift+Enter adds a line (and Enter while an input method is
 * composing only confirms the candidate). Up in an empty box edits our last message; Esc stops
 * editing. What was typed stays until the main process has stored the message: a failed send
 * keeps the text and shows why. Drafts survive switching conversations.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationKind, Message } from '../../../shared/contract';
import { MAX_BODY_CHARS } from '../../../shared/contract';
import { Alert } from '../../components/Alert';
import { errorText } from '../../i18n/errorText';
import { useAppStore } from '../../store';
import { convKey, lastCorrectable } from '../../store/chat.selectors';
import type { UiErrorInfo } from '../../transport';
import { useChatStateSender } from './useChatStateSender';

const drafts = new Map<string, string>();

interface ComposerProps {
  readonly accountId: string;
  readonly kind: ConversationKind;
  readonly peer: string;
  readonly peerName: string;
  readonly messages: readonly Message[];
}

export function Composer({ accountId, kind, peer, peerName, messages }: ComposerProps) {
  const { t } = useTranslation();
  const key = convKey(accountId, peer);
  const send = useAppStore((s) => s.messageSendRequested);
  const [text, setText] = useState(() => drafts.get(key) ?? '');
  const [editing, setEditing] = useState<Message | null>(null);
  const [error, setError] = useState<UiErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  const typed = useChatStateSender(accountId, kind, peer);

  useEffect(() => {
    drafts.set(key, text);
  }, [key, text]);

  const submit = async () => {
    const body = text.trim();
    if (!body || busy) return;
    if (body.length > MAX_BODY_CHARS) {
      setError({ code: 'message-too-large', message: 'too long' });
      return;
    }
    setBusy(true);
    const result = await send({ accountId, kind, peer }, body, editing?.id);
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setEditing(null);
    // Only clear what was sent: text typed while the send was in flight stays.
    setText((current) => (current.trim() === body ? '' : current));
    typed('', true);
    ref.current?.focus();
  };

  const startEditing = (): boolean => {
    const last = lastCorrectable(messages);
    if (!last) return false;
    setEditing(last);
    setText(last.body);
    return true;
  };

  const cancelEditing = () => {
    setEditing(null);
    setText('');
    typed('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.ctrlKey) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'ArrowUp' && text === '' && !editing) {
      if (startEditing()) event.preventDefault();
    } else if (event.key === 'Escape' && editing) {
      event.preventDefault();
      event.stopPropagation();
      cancelEditing();
    }
  };

  return (
    <div className={`composer${editing ? ' composer--editing' : ''}`}>
      {editing && (
        <div className="composer__editing" role="status">
          <span className="composer__editing-label">{t('chat.editing')}</span>
          <span className="composer__editing-text">{editing.body}</span>
          <button
            type="button"
            className="button button--small button--ghost"
            onClick={cancelEditing}
          >
            {t('chat.cancelEdit')}
          </button>
        </div>
      )}
      {error && (
        <Alert onDismiss={() => setError(null)}>
          {t('chat.sendFailed', { error: errorText(t, error) })}
        </Alert>
      )}
      <div className="composer__row">
        <textarea
          ref={ref}
          className="composer__input"
          value={text}
          rows={1}
          placeholder={t('chat.placeholder', { name: peerName })}
          aria-label={t('chat.messageLabel', { name: peerName })}
          aria-describedby={hintId}
          onChange={(e) => {
            setText(e.target.value);
            typed(e.target.value);
          }}
          onKeyDown={onKeyDown}
          autoFocus
        />
        <button
          type="button"
          className="button button--primary composer__send"
          onClick={() => void submit()}
          disabled={busy || text.trim() === ''}
        >
          {editing ? t('chat.save') : t('chat.send')}
        </button>
      </div>
      <p id={hintId} className="composer__hint">
        {editing ? t('chat.hintEditing') : t('chat.hint')}
      </p>
    </div>
  );
}
