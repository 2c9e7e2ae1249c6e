/**
 * What a notification for an incoming message says, and whether to show one. A private (OTR)
 * message never has its text in a notification: the system may show, log or sync it.
 */
import type { Message } from '../../../shared/contract';
import { mentions } from '../../../shared/nick';

export const NOTIFY_BODY_CHARS = 180;

export interface NotificationText {
  readonly title: string;
  readonly body: string;
}

export function notificationText(
  message: Message,
  senderName: string,
  privateText: string,
): NotificationText {
  if (message.private) return { title: senderName, body: privateText };
  const text =
    message.kind === 'room' && message.sender?.nick
      ? `${message.sender.nick}: ${message.body}`
      : message.body;
  const body = text.length > NOTIFY_BODY_CHARS ? `${text.slice(0, NOTIFY_BODY_CHARS - 1)}…` : text;
  return { title: senderName, body };
}

/**
 * Notify for a new incoming message unless the user is looking at its conversation right now.
 * Archive catch-up is left out: after a night offline it would be dozens at once.
 */
export function shouldNotify(
  message: Message,
  view: {
    visible: boolean;
    focused: boolean;
    openKey: string | null;
    /** In a room: our nickname there (a mention of it notifies). */
    ownNick?: string;
    /** In a room: the user asked to hear of every message. */
    everyMessage?: boolean;
  },
  key: string,
): boolean {
  if (message.direction !== 'in' || message.via === 'archive' || message.state === 'read') {
    return false;
  }
  // Every message of a busy room would be a notification: a room notifies for mentions of our
  // nickname, and for the rest only when the user asked for it.
  if (
    message.kind === 'room' &&
    !view.everyMessage &&
    !(view.ownNick !== undefined && mentions(message.body, view.ownNick))
  ) {
    return false;
  }
  return !view.visible || !view.focused || view.openKey !== key;
}
