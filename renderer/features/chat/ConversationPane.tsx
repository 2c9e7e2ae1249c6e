/**
 * The center pane for one conversation: header (name, and by kind: a contact's presence or
 * "typing…", a room's address, or the room a private conversation goes through), the message
 * list and the composer. Loads the newest page on first open, or the page around a message the
 * user jumped to.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationKind, Message } from '../../../shared/contract';
import { occupantParts } from '../../../shared/conversation';
import { Alert } from '../../components/Alert';
import { Avatar } from '../../components/Avatar';
import { Icon } from '../../components/Icon';
import { PresenceDot } from '../../components/PresenceDot';
import { errorText } from '../../i18n/errorText';
import { useAppStore } from '../../store';
import { convKey, selectPeerState, selectThread } from '../../store/chat.selectors';
import { useConversationTitle } from '../chats/conversationName';
import {
  AddressVisibleMark,
  PeopleButton,
  RoomActivityLine,
  RoomBanner,
  RoomMenuButton,
  RoomStatusLine,
} from '../rooms/RoomParts';
import { Composer } from './Composer';
import { shownContact } from '../../store/roster.selectors';
import { MessageList } from './MessageList';
import { OtrBanner, OtrButton } from './OtrParts';
import { useMarkRead } from './useMarkRead';
import '../../styles/chat.css';

const NO_MESSAGES: readonly Message[] = [];

interface ConversationPaneProps {
  readonly accountId: string;
  readonly kind: ConversationKind;
  readonly peer: string;
  /** Extra header controls from the contacts feature (e.g. the contact's menu). */
  readonly actions?: ReactNode;
}

export function ConversationPane({ accountId, kind, peer, actions }: ConversationPaneProps) {
  const { t } = useTranslation();
  const key = convKey(accountId, peer);
  const name = useConversationTitle(accountId, kind, peer);
  const contact = useAppStore((s) =>
    kind === 'chat' ? s.rosters[accountId]?.find((c) => c.jid === peer) : undefined,
  );
  const peerState = useAppStore(selectPeerState(accountId, peer));
  const room = useAppStore((s) => (kind === 'room' ? s.rooms[key] : undefined));
  const thread = useAppStore(selectThread(accountId, peer));
  const jump = useAppStore((s) => s.jump);
  const historyRequested = useAppStore((s) => s.historyRequested);
  const [generation, setGeneration] = useState(0);
  const titleId = useId();
  useMarkRead(accountId, kind, peer);

  const jumpHere = jump && convKey(jump.accountId, jump.peer) === key ? jump : null;
  const loaded = thread !== undefined;
  const jumpLoaded = jumpHere ? thread?.messages.some((m) => m.id === jumpHere.messageId) : true;
  // Opening from the contact list has already asked for the newest page (the chat slice does it
  // in the click's own task); this covers the rest, e.g. a search hit's page.
  useEffect(() => {
    const ref = { accountId, kind, peer };
    if (jumpHere && !jumpLoaded) void historyRequested(ref, jumpHere.messageId);
    else if (!jumpHere && !loaded) void historyRequested(ref);
  }, [jumpHere, jumpLoaded, loaded, accountId, kind, peer, historyRequested]);

  // Offline, nobody's presence is known (see shownContact).
  const accountOnline = useAppStore((s) => s.accounts[accountId]?.status === 'online');
  const show = contact && shownContact(contact, accountOnline).presence.show;
  // In a room, typing is per occupant: the header does not say "typing…" for the whole room.
  const typing = kind !== 'room' && peerState === 'composing';
  const reload = () => historyRequested({ accountId, kind, peer });
  const toLatest = () => {
    void reload().then(() => setGeneration((g) => g + 1));
  };
  const via = kind === 'occupant' ? occupantParts(peer)?.room : undefined;

  return (
    <section className="conversation" aria-labelledby={titleId}>
      <header className="conversation__head">
        <span className="conversation__avatar">
          <Avatar
            jid={peer}
            name={kind === 'occupant' ? occupantParts(peer)?.nick : contact?.name}
            shape={kind === 'room' ? 'square' : 'round'}
          />
          {show && <PresenceDot show={show} className="conversation__dot" />}
          {kind !== 'chat' && (
            <span className={`chat__kind chat__kind--${kind}`} aria-hidden="true">
              <Icon name={kind === 'room' ? 'users' : 'person'} />
            </span>
          )}
        </span>
        <div className="conversation__title">
          <h2 id={titleId} className="conversation__name">
            <bdi>{name}</bdi>
          </h2>
          <p className="conversation__status" aria-live="polite">
            {typing ? (
              <span className="conversation__typing">{t('chat.typing')}</span>
            ) : room ? (
              <RoomStatusLine room={room} />
            ) : kind === 'room' ? (
              <>
                <span>{t('chat.kind.room')}</span>
                <span className="conversation__jid">{peer}</span>
              </>
            ) : kind === 'occupant' ? (
              <span className="conversation__via">
                {t('chat.kind.occupant', { room: via ?? peer })}
              </span>
            ) : (
              <>
                {show && t(`presence.${show}`)}
                {name !== peer && <span className="conversation__jid">{peer}</span>}
                {!contact && <span>{t('chat.notContact')}</span>}
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
        {kind === 'chat' && <OtrButton accountId={accountId} peer={peer} name={name} />}
        {room && <AddressVisibleMark room={room} />}
        {room && <PeopleButton room={room} />}
        {room && <RoomMenuButton room={room} name={name} />}
        {actions}
      </header>
      {room && <RoomBanner room={room} />}
      {kind === 'chat' && <OtrBanner accountId={accountId} peer={peer} name={name} />}
      {thread?.error && (
        <Alert onDismiss={() => void reload()}>
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
          {thread && !thread.loading && (
            <p>{kind === 'room' ? t('chat.emptyRoom', { name }) : t('chat.empty', { name })}</p>
          )}
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
      {room && <RoomActivityLine room={room} />}
      <Composer
        key={key}
        accountId={accountId}
        kind={kind}
        peer={peer}
        peerName={name}
        messages={thread?.messages ?? NO_MESSAGES}
      />
    </section>
  );
}
