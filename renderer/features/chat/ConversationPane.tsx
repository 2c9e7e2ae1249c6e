/**
 * The center pane for one contact: header (name, presence or "typing…"), the message list and the
 * composer. Loads the newest page on first open, or the page around a message the user jumped to.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../shared/contract';
import { Alert } from '../../components/Alert';
import { Avatar } from '../../components/Avatar';
import { PresenceDot } from '../../components/PresenceDot';
import { errorText } from '../../i18n/errorText';
import { useAppStore } from '../../store';
import { convKey, selectPeerName, selectPeerState, selectThread } from '../../store/chat.selectors';
import { Composer } from './Composer';
import { MessageList } from './MessageList';
import { useMarkRead } from './useMarkRead';
import '../../styles/chat.css';

const NO_MESSAGES: readonly Message[] = [];

interface ConversationPaneProps {
  readonly accountId: string;
  readonly peer: string;
  /** Extra header controls from the contacts feature (e.g. the contact's menu). */
  readonly actions?: ReactNode;
}

export function ConversationPane({ accountId, peer, actions }: ConversationPaneProps) {
  const { t } = useTranslation();
  const key = convKey(accountId, peer);
  const name = useAppStore(selectPeerName(accountId, peer));
  const contact = useAppStore((s) => s.rosters[accountId]?.find((c) => c.jid === peer));
  const peerState = useAppStore(selectPeerState(accountId, peer));
  const thread = useAppStore(selectThread(accountId, peer));
  const jump = useAppStore((s) => s.jump);
  const historyRequested = useAppStore((s) => s.historyRequested);
  const [generation, setGeneration] = useState(0);
  const titleId = useId();
  useMarkRead(accountId, peer);

  const jumpHere = jump && convKey(jump.accountId, jump.peer) === key ? jump : null;
  const loaded = thread !== undefined;
  const jumpLoaded = jumpHere ? thread?.messages.some((m) => m.id === jumpHere.messageId) : true;
  // Opening from the contact list has already asked for the newest page (the chat slice does it
  // in the click's own task); this covers the rest, e.g. a search hit's page.
  useEffect(() => {
    if (jumpHere && !jumpLoaded) void historyRequested(accountId, peer, jumpHere.messageId);
    else if (!jumpHere && !loaded) void historyRequested(accountId, peer);
  }, [jumpHere, jumpLoaded, loaded, accountId, peer, historyRequested]);

  const show = contact?.presence.show;
  const typing = peerState === 'composing';
  const toLatest = () => {
    void historyRequested(accountId, peer).then(() => setGeneration((g) => g + 1));
  };

  return (
    <section className="conversation" aria-labelledby={titleId}>
      <header className="conversation__head">
        <span className="conversation__avatar">
          <Avatar jid={peer} name={contact?.name} />
          {show && <PresenceDot show={show} className="conversation__dot" />}
        </span>
        <div className="conversation__title">
          <h2 id={titleId} className="conversation__name">
            {name}
          </h2>
          <p className="conversation__status" aria-live="polite">
            {typing ? (
              <span className="conversation__typing">{t('chat.typing')}</span>
            ) : (
              <>
                {show && t(`presence.${show}`)}
                {name !== peer && <span className="conversation__jid">{peer}</span>}
              </>
            )}
          </p>
        </div>
        <span
          className="conversation__account"
          title={t('chat.viaAccount', { account: accountId })}
        >
          {accountId}
        </span>
        {actions}
      </header>
      {thread?.error && (
        <Alert onDismiss={() => void historyRequested(accountId, peer)}>
          {t('chat.historyFailed', { error: errorText(t, thread.error) })}
        </Alert>
      )}
      {thread && thread.messages.length > 0 ? (
        <MessageList
          key={`${key}:${generation}`}
          accountId={accountId}
          peer={peer}
          thread={thread}
          labelledBy={titleId}
        />
      ) : (
        <div className="conversation__empty" role="log" aria-labelledby={titleId}>
          {thread && !thread.loading && <p>{t('chat.empty', { name })}</p>}
        </div>
      )}
      {thread?.hasNewer && (
        <button
          type="button"
          className="button button--small conversation__latest"
          onClick={toLatest}
        >
          {t('chat.latest')}
        </button>
      )}
      <Composer
        key={key}
        accountId={accountId}
        peer={peer}
        peerName={name}
        messages={thread?.messages ?? NO_MESSAGES}
      />
    </section>
  );
}
