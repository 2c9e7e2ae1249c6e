/**
 * Who is in a room, beside its conversation: grouped as owners, admins, members, participants
 * and visitors (群主, 管理员, 成员… in Chinese), each with presence, status and, where our rights
 * allow, a menu (private message, voice, kick, ban, affiliations). Nicknames are text: hidden
 * characters are written out and a nickname that looks like another is marked, so nobody can
 * pass for someone else. Sorted once per change of the list; rooms of thousands stay cheap
 * because only the first screens of a long group are drawn, more as the list scrolls.
 */
import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Affiliation, Occupant, Role, RoomSnapshot } from '../../../shared/contract';
import { hasHiddenCharacters, lookalikes, visibleNick } from '../../../shared/nick';
import { Icon } from '../../components/Icon';
import { MenuButton, type MenuItem } from '../../components/Menu';
import { PresenceDot } from '../../components/PresenceDot';
import { useAppStore } from '../../store';
import { avatarTint } from '../../store/accounts.selectors';
import { convKey } from '../../store/chat.selectors';
import { selectLocale } from '../../store/ui.selectors';
import { PEOPLE_GROUPS, occupantActions, peopleGroup, type PeopleGroup } from './roomActions';
import { useOccupantCommands } from './useOccupantCommands';

const NO_OCCUPANTS: Readonly<Record<string, Occupant>> = {};
/** Rows drawn per group at first: a few screens, so that a room of thousands opens at once. */
const FIRST_ROWS = 60;
/** Rows added each time the end of the drawn part scrolls near. */
const MORE_ROWS = 200;

export function PeoplePanel({ room, name }: { room: RoomSnapshot; name: string }) {
  const { t } = useTranslation();
  const key = convKey(room.accountId, room.room);
  const occupants = useAppStore((s) => s.occupants[key] ?? NO_OCCUPANTS);
  const locale = useAppStore(selectLocale);
  const titleId = useId();
  const groups = useMemo(() => {
    const collator = new Intl.Collator(locale, { sensitivity: 'base' });
    const grouped = new Map<PeopleGroup, Occupant[]>(PEOPLE_GROUPS.map((g) => [g, []]));
    for (const occupant of Object.values(occupants))
      grouped.get(peopleGroup(occupant))!.push(occupant);
    for (const list of grouped.values()) list.sort((a, b) => collator.compare(a.nick, b.nick));
    return grouped;
  }, [occupants, locale]);
  const similar = useMemo(() => lookalikes(Object.keys(occupants)), [occupants]);

  return (
    <aside className="people" aria-labelledby={titleId}>
      <h2 className="people__title" id={titleId}>
        <span className="visually-hidden">{t('rooms.people.label', { room: name })}</span>
        <span aria-hidden="true">
          {t('rooms.people.title')} · {Object.keys(occupants).length}
        </span>
      </h2>
      <div className="people__scroll">
        {PEOPLE_GROUPS.map((group) => {
          const list = groups.get(group)!;
          return list.length === 0 ? null : (
            <PeopleGroupList key={group} group={group} list={list} room={room} similar={similar} />
          );
        })}
      </div>
    </aside>
  );
}

function PeopleGroupList({
  group,
  list,
  room,
  similar,
}: {
  group: PeopleGroup;
  list: readonly Occupant[];
  room: RoomSnapshot;
  similar: ReadonlySet<string>;
}) {
  const { t } = useTranslation();
  const [limit, setLimit] = useState(FIRST_ROWS);
  const headingId = useId();
  const shown = list.length > limit ? list.slice(0, limit) : list;
  const more = useRef<HTMLButtonElement>(null);
  const partial = shown.length < list.length;
  // Scrolling near the end of what is drawn draws more; the button does it at once for all.
  useEffect(() => {
    const button = more.current;
    if (!partial || !button || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setLimit((n) => n + MORE_ROWS);
      },
      { root: button.closest('.people__scroll'), rootMargin: '600px 0px' },
    );
    observer.observe(button);
    return () => observer.disconnect();
  }, [partial, limit]);
  return (
    <section className="people__group" aria-labelledby={headingId}>
      <h3 className="people__heading" id={headingId}>
        {t(`rooms.people.group.${group}`)} <span className="people__count">{list.length}</span>
      </h3>
      <ul className="people__list" aria-labelledby={headingId}>
        {shown.map((occupant) => (
          <OccupantRow
            key={occupant.nick}
            occupant={occupant}
            accountId={room.accountId}
            roomJid={room.room}
            ourRole={room.role}
            ourAffiliation={room.affiliation}
            lookalike={similar.has(occupant.nick)}
          />
        ))}
      </ul>
      {partial && (
        <button
          ref={more}
          type="button"
          className="button button--small button--ghost"
          onClick={() => setLimit(list.length)}
        >
          {t('rooms.people.showAll', { count: list.length })}
        </button>
      )}
    </section>
  );
}

/**
 * One person. Its props are plain values, so a room snapshot that changes (its count, every
 * tick while a crowd enters) does not draw every row again.
 */
const OccupantRow = memo(function OccupantRow({
  occupant,
  accountId,
  roomJid,
  ourRole,
  ourAffiliation,
  lookalike,
}: {
  occupant: Occupant;
  accountId: string;
  roomJid: string;
  ourRole: Role;
  ourAffiliation: Affiliation;
  lookalike: boolean;
}) {
  const { t } = useTranslation();
  const command = useOccupantCommands(accountId, roomJid);
  const nick = visibleNick(occupant.nick);
  const hidden = hasHiddenCharacters(occupant.nick);
  const standing = { role: ourRole, affiliation: ourAffiliation };
  const actions = occupantActions(standing, occupant);
  const items = (): MenuItem[] =>
    actions.map((action) => ({
      id: action.id,
      label: t(`rooms.people.${action.id}`),
      ...(action.danger && { danger: true }),
      icon: action.id === 'privateMessage' ? 'chat' : action.danger ? 'warning' : 'person',
      onSelect: () => command(occupant, action),
    }));
  const show =
    occupant.show === 'away' ||
    occupant.show === 'xa' ||
    occupant.show === 'dnd' ||
    occupant.show === 'chat'
      ? occupant.show
      : 'available';
  return (
    <li className="person" aria-label={nick}>
      <span className="person__face">
        <span
          className={`avatar avatar--sm avatar--tint${avatarTint(occupant.nick)}`}
          aria-hidden="true"
        >
          {[...occupant.nick.replace(/\s/gu, '')][0]?.toUpperCase() ?? '?'}
        </span>
        <PresenceDot show={show} className="person__dot" />
      </span>
      <span className="person__text">
        <span className={`person__nick nick--tint${avatarTint(occupant.nick)}`}>
          <bdi>{nick}</bdi>
          {occupant.self && <span className="person__you"> {t('rooms.people.you')}</span>}
          {(lookalike || hidden) && (
            <span
              className="person__warn"
              role="img"
              aria-label={lookalike ? t('rooms.people.lookalike') : t('rooms.people.hidden')}
              title={lookalike ? t('rooms.people.lookalike') : t('rooms.people.hidden')}
            >
              <Icon name="warning" />
            </span>
          )}
        </span>
        {(occupant.status || occupant.role === 'moderator') && (
          <span className="person__status">
            {occupant.role === 'moderator' && (
              <span className="person__role">{t('rooms.role.moderator')}</span>
            )}
            {occupant.status && <bdi>{occupant.status}</bdi>}
          </span>
        )}
      </span>
      {actions.length > 0 && (
        <MenuButton
          label={t('rooms.people.actionsFor', { nick })}
          items={items}
          className="person__menu"
        />
      )}
    </li>
  );
});
