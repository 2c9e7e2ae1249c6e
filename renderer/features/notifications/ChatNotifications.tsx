/**
 * Desktop notifications for incoming messages, the unread total in the window title, and the
 * one-time offer to turn notifications on (browsers only grant permission after a user gesture,
 * and asking unprompted at start-up is rude anyway). Both read only what they need: the title a
 * running total, the notifier the `incoming` signal, which changes once per batch of events with
 * new incoming messages and names at most one message per conversation.
 */
import { useContext, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StoreContext, useAppStore } from '../../store';
import { convKey, selectTotalUnread } from '../../store/chat.selectors';
import { conversationName, conversationTitle } from '../chats/conversationName';
import type { Message } from '../../../shared/contract';
import type { AppState } from '../../store';
import { openConversation } from '../chat/openConversation';
import { notificationText, shouldNotify } from './notify';

const ASKED_KEY = 'hutong.notificationsAsked';
const supported = () => typeof Notification !== 'undefined';

/** Title writes reach the window manager: during a flood, at most this often. */
const TITLE_EVERY_MS = 500;

function useUnreadTitle(): void {
  const { t, i18n } = useTranslation();
  const total = useAppStore(selectTotalUnread);
  const lastWrite = useRef(0);
  useEffect(() => {
    const write = () => {
      lastWrite.current = performance.now();
      document.title = total > 0 ? `(${total}) ${t('app.name')}` : t('app.name');
    };
    const wait = lastWrite.current + TITLE_EVERY_MS - performance.now();
    if (wait > 0) {
      const timer = window.setTimeout(write, wait);
      return () => window.clearTimeout(timer);
    }
    // After the commit's other effects, so App's own title effect cannot overwrite ours.
    queueMicrotask(write);
  }, [total, t, i18n.language]);
}

function useIncomingNotifications(): void {
  const { t } = useTranslation();
  const store = useContext(StoreContext);
  useEffect(() => {
    if (!store || !supported()) return;
    const notify = (state: AppState, message: Message, openKey: string | null) => {
      const key = convKey(message.accountId, message.peer);
      const view = {
        visible: document.visibilityState === 'visible',
        focused: document.hasFocus(),
        openKey,
        ...(message.kind === 'room' && {
          ownNick: state.rooms[key]?.nick,
          everyMessage: state.settings.roomsNotifyAll?.includes(key) ?? false,
        }),
      };
      // The permission last: reading it costs more than the rest (a flood into the open
      // conversation, the common case, stops before it).
      if (!shouldNotify(message, view, key) || Notification.permission !== 'granted') return;
      // Named by kind: an occupant as "nick (via room)", never as a contact of the same name.
      const name = conversationTitle(
        t,
        conversationName(
          state.rosters[message.accountId],
          message.kind,
          message.peer,
          state.rooms[key]?.name,
        ),
      );
      const text = notificationText(message, name, t('notify.private'));
      // The tag makes a later notification of the same conversation replace this one.
      const notification = new Notification(text.title, { body: text.body, tag: key });
      notification.onclick = () => {
        window.focus();
        const { accountId, kind, peer } = message;
        openConversation(store.getState(), { accountId, kind, peer });
        notification.close();
      };
    };
    return store.subscribe((state, previous) => {
      const incoming = state.incoming;
      if (!incoming || incoming === previous.incoming) return;
      const open = state.selected;
      const openKey = open ? convKey(open.accountId, open.peer) : null;
      for (const message of incoming.messages) notify(state, message, openKey);
    });
  }, [store, t]);
}

export function ChatNotifications() {
  const { t } = useTranslation();
  useUnreadTitle();
  useIncomingNotifications();
  const [asked, setAsked] = useState(
    () =>
      !supported() || Notification.permission !== 'default' || !!localStorage.getItem(ASKED_KEY),
  );
  if (asked) return null;

  const answer = async (enable: boolean) => {
    localStorage.setItem(ASKED_KEY, '1');
    setAsked(true);
    if (enable) await Notification.requestPermission();
  };

  return (
    <div className="notify-offer" role="region" aria-label={t('notify.offerLabel')}>
      <p>{t('notify.offer')}</p>
      <div className="notify-offer__actions">
        <button
          type="button"
          className="button button--small button--primary"
          onClick={() => void answer(true)}
        >
          {t('notify.enable')}
        </button>
        <button
          type="button"
          className="button button--small button--ghost"
          onClick={() => void answer(false)}
        >
          {t('notify.notNow')}
        </button>
      </div>
    </div>
  );
}
