/**
 * The stanzas that enter and leave a room (XEP-0045 §7.2, §7.14). Entering asks for the room's
 * history as the room session needs it: none when the room's own archive will be read (MAM,
 * de-duplicated by the room's stanza-ids), else what came since we were last there.
 */
import xml, { type Element } from '@xmpp/xml';
import { NS } from '../../shared/namespaces';

export interface JoinOptions {
  readonly room: string;
  readonly nick: string;
  readonly password?: string;
  /** 'none': the archive will be read; a date: what came since (epoch ms); absent: the room's default. */
  readonly history?: 'none' | { readonly since: number };
}

export function buildJoin(options: JoinOptions): Element {
  const history =
    options.history === 'none'
      ? xml('history', { maxstanzas: '0' })
      : options.history
        ? xml('history', { since: new Date(options.history.since).toISOString() })
        : undefined;
  return xml(
    'presence',
    { to: `${options.room}/${options.nick}` },
    xml(
      'x',
      { xmlns: NS.muc },
      ...(options.password !== undefined ? [xml('password', {}, options.password)] : []),
      ...(history ? [history] : []),
    ),
  );
}

export function buildLeave(room: string, nick: string, status?: string): Element {
  return xml(
    'presence',
    { to: `${room}/${nick}`, type: 'unavailable' },
    ...(status ? [xml('status', {}, status)] : []),
  );
}

/** Asks for another nickname in a room we are in (§7.6): presence to the new occupant JID. */
export function buildNickChange(room: string, nick: string): Element {
  return xml('presence', { to: `${room}/${nick}` });
}
