/** What a desktop notification says and when one is shown, by conversation kind. */
import { describe, expect, it } from 'vitest';
import type { Message } from '../../../shared/contract';
import { notificationText, shouldNotify } from '../../../renderer/features/notifications/notify';

const base: Message = {
  id: 'm1',
  accountId: 'alice@localhost',
  kind: 'chat',
  peer: 'bob@localhost',
  direction: 'in',
  body: 'hello',
  sentAt: 1,
  state: 'received',
  via: 'live',
  private: false,
};
const away = { visible: true, focused: false, openKey: null };

describe('notifications by kind', () => {
  it('notifies for chats and private messages through a room, not for every room message', () => {
    expect(shouldNotify(base, away, 'k')).toBe(true);
    const occupant = { ...base, kind: 'occupant' as const, peer: 'room@muc.localhost/eve' };
    expect(shouldNotify(occupant, away, 'k')).toBe(true);
    expect(shouldNotify({ ...base, kind: 'room', peer: 'room@muc.localhost' }, away, 'k')).toBe(
      false,
    );
  });

  it('notifies in a room for a mention of our nickname, or for everything when asked', () => {
    const room: Message = {
      ...base,
      kind: 'room',
      peer: 'room@muc.localhost',
      body: 'Alice, tea?',
    };
    expect(shouldNotify(room, { ...away, ownNick: 'alice' }, 'k')).toBe(true);
    expect(shouldNotify(room, { ...away, ownNick: 'Ali' }, 'k')).toBe(false);
    expect(shouldNotify({ ...room, body: 'tea?' }, { ...away, everyMessage: true }, 'k')).toBe(
      true,
    );
  });

  it('never shows the text of a private message, and names the room sender', () => {
    expect(notificationText({ ...base, private: true }, 'Bob', '🔒').body).toBe('🔒');
    const room: Message = { ...base, kind: 'room', sender: { nick: 'eve' }, body: 'hi all' };
    expect(notificationText(room, 'room', '🔒')).toEqual({ title: 'room', body: 'eve: hi all' });
  });

  it('leaves out archive catch-up and what was already read', () => {
    expect(shouldNotify({ ...base, via: 'archive' }, away, 'k')).toBe(false);
    expect(shouldNotify({ ...base, state: 'read' }, away, 'k')).toBe(false);
  });
});
