/**
 * Presence in a room (XEP-0045 §7): what one presence stanza from a room JID says about an
 * occupant (role, affiliation, real JID where the room shows it, status, a new nickname), about
 * us (status 110, with the codes that matter on entering: 201 created, 210 nickname rewritten,
 * 100 non-anonymous, 170 logged), and why entering failed (the error conditions of §7.2). Pure:
 * the room session (issue 7) decides what to do with it. Nothing here throws; a presence that is
 * not from a room occupant is 'other'.
 */
import type { Element } from '@xmpp/xml';
import { bareJid, formatJid, parseJid } from '../../shared/jid';
import { NS } from '../../shared/namespaces';
import { REALNAME_NS } from '../../shared/realnamePolicy';
import { shortText } from '../xmpp/text';

export const ROLES = ['moderator', 'participant', 'visitor', 'none'] as const;
export const AFFILIATIONS = ['owner', 'admin', 'member', 'outcast', 'none'] as const;
export type Role = (typeof ROLES)[number];
export type Affiliation = (typeof AFFILIATIONS)[number];

/** Why the room refused us (XEP-0045 §7.2), or 'other' for anything else it said. */
export type JoinRefusal =
  | 'nickname-conflict'
  | 'password-required'
  | 'banned'
  | 'members-only'
  | 'room-full'
  | 'room-locked'
  | 'nickname-required'
  | 'not-allowed'
  | 'realname-required'
  | 'other';

export interface OccupantPresence {
  readonly kind: 'occupant';
  readonly room: string;
  readonly nick: string;
  readonly available: boolean;
  readonly role: Role;
  readonly affiliation: Affiliation;
  /** The occupant's real bare-or-full JID, when the room shows it to us. */
  readonly realJid?: string;
  readonly show?: string;
  readonly status?: string;
  /** Status codes (XEP-0045 §15.6), e.g. 110 (this is us), 303 (nickname changed). */
  readonly codes: readonly number[];
  /** The new nickname of an occupant who changed it (unavailable with code 303). */
  readonly newNick?: string;
  /** Who is us: code 110. */
  readonly self: boolean;
  /** The room was destroyed (XEP-0045 §10.9): its reason and where to go instead. */
  readonly destroyed?: { readonly reason?: string; readonly alternate?: string };
}

export interface RoomError {
  readonly kind: 'error';
  readonly room: string;
  readonly nick: string;
  readonly refusal: JoinRefusal;
  /** The room's own words, if any (shown as its text, never as markup). */
  readonly text?: string;
}

export type RoomPresence = OccupantPresence | RoomError | { readonly kind: 'other' };

const REFUSALS: Record<string, JoinRefusal> = {
  conflict: 'nickname-conflict',
  'not-authorized': 'password-required',
  forbidden: 'banned',
  'registration-required': 'members-only',
  'service-unavailable': 'room-full',
  'item-not-found': 'room-locked',
  'jid-malformed': 'nickname-required',
  'not-allowed': 'not-allowed',
};

const MAX_CODES = 16;

function oneOf<T extends string>(list: readonly T[], value: unknown, fallback: T): T {
  return list.includes(value as T) ? (value as T) : fallback;
}

/** Reads a presence from `room/nick`; a bare-JID or non-presence stanza is 'other'. */
export function readRoomPresence(stanza: Element): RoomPresence {
  if (stanza.name !== 'presence') return { kind: 'other' };
  const from = parseJid(String(stanza.attrs.from ?? ''));
  if (!from || from.local === '' || from.resource === '') return { kind: 'other' };
  const room = `${from.local}@${from.domain}`;
  const nick = from.resource;

  if (stanza.attrs.type === 'error') {
    const error = stanza.getChild('error');
    const condition = error?.children.find(
      (child): child is Element =>
        typeof child !== 'string' && child.attrs.xmlns === NS.stanzas && child.name !== 'text',
    );
    const text = shortText(error?.getChildText('text', NS.stanzas));
    // A service under a real-name policy refuses creation with forbidden plus its own element
    // (server/README.md): not a ban, and the user can do something about it.
    const realname = error?.getChild('registration-required', REALNAME_NS.feature) !== undefined;
    return {
      kind: 'error',
      room,
      nick,
      refusal: realname
        ? 'realname-required'
        : ((condition && REFUSALS[condition.name]) ?? 'other'),
      ...(text ? { text } : {}),
    };
  }

  const x = stanza.getChild('x', NS.mucUser);
  if (!x) return { kind: 'other' };
  const item = x.getChild('item');
  const codes = x
    .getChildren('status')
    .slice(0, MAX_CODES)
    .map((status) => Number(status.attrs.code))
    .filter((code) => Number.isInteger(code) && code >= 100 && code <= 999);
  const real = item?.attrs.jid !== undefined ? parseJid(String(item.attrs.jid)) : null;
  const newNick = codes.includes(303) ? item?.attrs.nick : undefined;
  const show = stanza.getChildText('show') ?? undefined;
  const destroy = x.getChild('destroy');
  const alternate = destroy && parseJid(String(destroy.attrs.jid ?? ''));
  const destroyReason = shortText(destroy?.getChildText('reason'));
  const status = shortText(stanza.getChildText('status'));
  return {
    kind: 'occupant',
    room,
    nick,
    available: stanza.attrs.type !== 'unavailable',
    role: oneOf(ROLES, item?.attrs.role, 'none'),
    affiliation: oneOf(AFFILIATIONS, item?.attrs.affiliation, 'none'),
    ...(real ? { realJid: formatJid(real) } : {}),
    ...(show ? { show: show.slice(0, 16) } : {}),
    ...(status ? { status } : {}),
    codes,
    ...(typeof newNick === 'string' && newNick !== '' ? { newNick } : {}),
    self: codes.includes(110),
    ...(destroy && {
      destroyed: {
        ...(destroyReason && { reason: destroyReason }),
        ...(alternate && alternate.local !== '' && { alternate: bareJid(alternate) }),
      },
    }),
  };
}
