/**
 * Invitations to a room, both kinds: mediated, sent through the room (XEP-0045 §7.8.2: a message
 * from the room with <x xmlns='muc#user'><invite from=…/></x>), and direct, from the inviter
 * (XEP-0249: <x xmlns='jabber:x:conference' jid=…/>). Reading one never joins anything: the
 * room session shows it as a request the user accepts or declines (issue 7), and whether the
 * inviter is a stranger is its decision, made from `inviter`. Nothing here throws.
 */
import type { Element } from '@xmpp/xml';
import xml from '@xmpp/xml';
import { bareJid, parseJid } from '../../shared/jid';
import { NS } from '../../shared/namespaces';
import { shortText } from '../xmpp/text';

export interface Invitation {
  readonly via: 'room' | 'direct';
  /** The room's bare JID. */
  readonly room: string;
  /** Who invites, as a bare JID: for a mediated one, as the room reports it. */
  readonly inviter: string;
  readonly reason?: string;
  readonly password?: string;
}

/** The invitation a message carries, if any (the mediated one when both are there). */
export function readInvitation(message: Element): Invitation | undefined {
  if (message.name !== 'message' || message.attrs.type === 'error') return undefined;
  const from = parseJid(String(message.attrs.from ?? ''));
  if (!from) return undefined;

  // Mediated: the room itself sends it, from its bare JID. Prosody adds a direct one for
  // clients that know only that: the mediated one says who really invites.
  const user = message.getChild('x', NS.mucUser);
  const invite = user?.getChild('invite');
  if (user && invite) {
    if (from.local === '' || from.resource !== '') return undefined;
    const inviter = parseJid(String(invite.attrs.from ?? ''));
    if (!inviter) return undefined;
    const reason = shortText(invite.getChildText('reason'));
    const password = shortText(user.getChildText('password'));
    return {
      via: 'room',
      room: bareJid(from),
      inviter: bareJid(inviter),
      ...(reason && { reason }),
      ...(password && { password }),
    };
  }

  const direct = message.getChild('x', NS.directInvite);
  if (!direct) return undefined;
  const room = parseJid(String(direct.attrs.jid ?? ''));
  if (!room || room.local === '' || room.resource !== '') return undefined;
  const reason = shortText(direct.attrs.reason as string | undefined);
  const password = shortText(direct.attrs.password as string | undefined);
  return {
    via: 'direct',
    room: bareJid(room),
    inviter: bareJid(from),
    ...(reason && { reason }),
    ...(password && { password }),
  };
}

/** A direct invitation (XEP-0249) from us to `to`. */
export function buildDirectInvitation(options: {
  readonly id: string;
  readonly to: string;
  readonly room: string;
  readonly reason?: string;
  readonly password?: string;
}): Element {
  return xml(
    'message',
    { id: options.id, to: options.to },
    xml('x', {
      xmlns: NS.directInvite,
      jid: options.room,
      ...(options.reason && { reason: options.reason }),
      ...(options.password && { password: options.password }),
    }),
  );
}

/** A message through the room carrying one muc#user element (an invite or a decline). */
function throughRoom(
  id: string,
  room: string,
  name: 'invite' | 'decline',
  to: string,
  reason?: string,
) {
  return xml(
    'message',
    { id, to: room },
    xml(
      'x',
      { xmlns: NS.mucUser },
      xml(name, { to }, ...(reason ? [xml('reason', {}, reason)] : [])),
    ),
  );
}

/** A mediated invitation, sent through the room (XEP-0045 §7.8.2). */
export function buildMediatedInvitation(options: {
  readonly id: string;
  readonly room: string;
  readonly to: string;
  readonly reason?: string;
}): Element {
  return throughRoom(options.id, options.room, 'invite', options.to, options.reason);
}

/** Declining a mediated invitation, through the room (XEP-0045 §7.8.2). */
export function buildDecline(options: {
  readonly id: string;
  readonly room: string;
  readonly inviter: string;
  readonly reason?: string;
}): Element {
  return throughRoom(options.id, options.room, 'decline', options.inviter, options.reason);
}
