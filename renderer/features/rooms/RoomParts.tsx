/**
 * The parts of a room's conversation pane: the header's subject line (or who is typing), the
 * People button, the room menu (what our rights allow), and the banner that says when we are
 * not in the room and why, with "Join again".
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomSnapshot } from '../../../shared/contract';
import { visibleNick } from '../../../shared/nick';
import { Icon } from '../../components/Icon';
import { MenuButton, type MenuItem } from '../../components/Menu';
import { useSubmit } from '../../components/useSubmit';
import { useAppStore } from '../../store';
import { convKey } from '../../store/chat.selectors';
import type { RoomActivity } from '../../store/rooms.slice';
import { roomPowers } from './roomActions';

const NO_TYPING: readonly string[] = [];

/** Under the room's name: who is typing, else the subject, else "Group chat". */
export function RoomStatusLine({ room }: { room: RoomSnapshot }) {
  const { t } = useTranslation();
  const typing = useAppStore((s) => s.roomTyping[convKey(room.accountId, room.room)] ?? NO_TYPING);
  if (typing.length > 0) {
    const names = typing.slice(0, 3).map(visibleNick).join(', ');
    return (
      <span className="conversation__typing">
        {t('rooms.header.typing', { count: typing.length, names })}
      </span>
    );
  }
  return (
    <span className="conversation__subject" title={room.subject}>
      {room.subject ? <bdi>{room.subject}</bdi> : t('rooms.header.noSubject')}
    </span>
  );
}

/** A room whose occupants see real addresses (non-anonymous) says so for as long as it is. */
export function AddressVisibleMark({ room }: { room: RoomSnapshot }) {
  const { t } = useTranslation();
  if (room.anonymity !== 'non-anonymous') return null;
  return (
    <span
      className="conversation__exposed"
      role="img"
      aria-label={t('rooms.header.seesAddress')}
      title={t('rooms.header.seesAddress')}
    >
      <Icon name="eye" />
    </span>
  );
}

export function PeopleButton({ room }: { room: RoomSnapshot }) {
  const { t } = useTranslation();
  const open = useAppStore((s) => s.peoplePanel);
  const toggled = useAppStore((s) => s.peoplePanelToggled);
  return (
    <button
      type="button"
      className="button button--small button--ghost conversation__people"
      aria-pressed={open}
      aria-label={t('rooms.header.showPeople')}
      title={t('rooms.header.showPeople')}
      onClick={toggled}
    >
      <Icon name="users" />
      <span aria-hidden="true">{room.occupants}</span>
    </button>
  );
}

export function RoomMenuButton({ room, name }: { room: RoomSnapshot; name: string }) {
  const { t } = useTranslation();
  const dialogOpened = useAppStore((s) => s.dialogOpened);
  const leave = useAppStore((s) => s.roomLeaveRequested);
  const actionFailed = useAppStore((s) => s.actionFailed);
  const key = convKey(room.accountId, room.room);
  const notifyAll = useAppStore((s) => s.settings.roomsNotifyAll?.includes(key) ?? false);
  const notifyChosen = useAppStore((s) => s.roomNotifyAllChosen);
  const ref = { accountId: room.accountId, room: room.room };
  const powers = roomPowers(room);
  const joined = room.status === 'joined';
  const items: MenuItem[] = [
    ...(joined && powers.subject
      ? [
          {
            id: 'subject',
            label: t('rooms.menu.subject'),
            icon: 'edit' as const,
            onSelect: () => dialogOpened({ kind: 'roomSubject', ...ref }),
          },
        ]
      : []),
    ...(joined
      ? [
          {
            id: 'invite',
            label: t('rooms.menu.invite'),
            icon: 'userPlus' as const,
            onSelect: () => dialogOpened({ kind: 'roomInvite', ...ref }),
          },
          {
            id: 'nick',
            label: t('rooms.menu.nick'),
            icon: 'tag' as const,
            onSelect: () => dialogOpened({ kind: 'roomNick', ...ref }),
          },
        ]
      : []),
    ...(joined && powers.configure
      ? [
          {
            id: 'configure',
            label: t('rooms.menu.configure'),
            icon: 'settings' as const,
            onSelect: () => dialogOpened({ kind: 'roomConfig', ...ref }),
          },
        ]
      : []),
    ...(joined && powers.lists
      ? [
          {
            id: 'members',
            label: t('rooms.menu.members'),
            icon: 'users' as const,
            onSelect: () => dialogOpened({ kind: 'roomLists', ...ref, list: 'roles' }),
          },
          {
            id: 'bans',
            label: t('rooms.menu.bans'),
            icon: 'shield' as const,
            onSelect: () => dialogOpened({ kind: 'roomLists', ...ref, list: 'bans' }),
          },
        ]
      : []),
    {
      id: 'notify',
      label: notifyAll ? t('rooms.menu.notifyMentions') : t('rooms.menu.notifyAll'),
      icon: 'chat',
      onSelect: () => notifyChosen(key, !notifyAll),
    },
    {
      id: 'leave',
      label: t('rooms.menu.leave'),
      icon: 'signOut',
      onSelect: () =>
        void leave(ref).then((result) => {
          if (!result.ok) actionFailed(result.error);
        }),
    },
    ...(joined && powers.destroy
      ? [
          {
            id: 'destroy',
            label: t('rooms.menu.destroy'),
            icon: 'trash' as const,
            danger: true,
            onSelect: () => dialogOpened({ kind: 'roomDestroy', ...ref }),
          },
        ]
      : []),
  ];
  return <MenuButton label={t('rooms.menu.label', { room: name })} items={items} />;
}

/** Not in the room (entering, offline, put out): why, and a way back in. */
export function RoomBanner({ room }: { room: RoomSnapshot }) {
  const { t } = useTranslation();
  const accountOnline = useAppStore((s) => s.accounts[room.accountId]?.status === 'online');
  const join = useAppStore((s) => s.roomJoinRequested);
  const { busy, failure, run } = useSubmit();
  if (room.status === 'joined') {
    return room.nickRewritten ? (
      <p className="room-banner" role="status">
        {t('rooms.status.rewritten', { nick: visibleNick(room.nick) })}
      </p>
    ) : null;
  }
  if (room.status === 'joining') {
    return (
      <p className="room-banner" role="status">
        {t('rooms.status.joining')}
      </p>
    );
  }
  const reason = room.refusal ? t(`rooms.refusal.${room.refusal}`) : null;
  return (
    <div className="room-banner room-banner--out" role="status">
      <span>
        {!accountOnline
          ? t('rooms.status.accountOffline')
          : reason
            ? t('rooms.status.failed', { reason })
            : t('rooms.status.offline')}
        {room.refusalText && (
          <span className="room-banner__said">
            {' '}
            {t('rooms.status.roomSaid', { text: room.refusalText })}
          </span>
        )}
        {failure && <span className="room-banner__said"> {failure}</span>}
      </span>
      {accountOnline && room.refusal !== 'destroyed' && (
        <button
          type="button"
          className="button button--small button--primary"
          disabled={busy}
          onClick={() =>
            void run(() => join({ accountId: room.accountId, room: room.room, nick: room.nick }))
          }
        >
          {t('rooms.status.rejoin')}
        </button>
      )}
    </div>
  );
}

const NO_ACTIVITY: readonly RoomActivity[] = [];
/** Names shown before "and N more". */
const ACTIVITY_NAMES = 3;

/**
 * Who came and went, in one quiet line above the composer rather than between messages: the
 * latest few by name, the rest counted, all of it on demand; dismissed with one click.
 */
export function RoomActivityLine({ room }: { room: RoomSnapshot }) {
  const { t } = useTranslation();
  const key = convKey(room.accountId, room.room);
  const activity = useAppStore((s) => s.roomActivity[key] ?? NO_ACTIVITY);
  const cleared = useAppStore((s) => s.roomActivityCleared);
  const [all, setAll] = useState(false);
  if (activity.length === 0) return null;
  const shown = all ? activity : activity.slice(-ACTIVITY_NAMES);
  const more = activity.length - shown.length;
  return (
    <div className="room-activity" role="status" aria-label={t('rooms.people.joinsAndLeaves')}>
      <span className={`room-activity__text${all ? ' room-activity__text--all' : ''}`}>
        {shown.map((a) => t(`rooms.event.${a.what}`, { nick: visibleNick(a.nick) })).join(' · ')}
      </span>
      {more > 0 && (
        <button
          type="button"
          className="button button--small button--ghost"
          onClick={() => setAll(true)}
        >
          {t('rooms.event.more', { count: more })}
        </button>
      )}
      <button
        type="button"
        className="icon-button room-activity__close"
        aria-label={t('rooms.event.dismiss')}
        title={t('rooms.event.dismiss')}
        onClick={() => cleared(key)}
      >
        <Icon name="close" />
      </button>
    </div>
  );
}
