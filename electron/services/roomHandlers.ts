/** The room.* and invitation.* requests of the contract, answered by the room service. */
import type { RequestHandlers } from '../../shared/contract';
import { fail, ok } from '../../shared/errors';
import type { RoomService } from '../muc/roomService';

type RoomRequests = Pick<
  RequestHandlers,
  Extract<keyof RequestHandlers, `room.${string}` | `invitation.${string}`>
>;

export function roomHandlers(rooms: RoomService, accountIds: () => string[]): RoomRequests {
  const { moderation, invitations } = rooms;
  return {
    'room.list': async () => ok(rooms.list(accountIds())),
    'room.occupants': async (p) => rooms.occupants(p),
    'room.services': (p) => rooms.services(p.accountId),
    'room.directory': (p) => rooms.directory(p.accountId, p.service),
    'room.info': (p) => rooms.info(p),
    'room.join': (p) => rooms.join(p),
    'room.leave': (p) => rooms.leave(p),
    'room.nick': (p) => rooms.changeNick(p, p.nick),
    'room.setSubject': (p) => moderation.setSubject(p, p.subject),
    'room.setRole': (p) => moderation.setRole(p, p.nick, p.role, p.reason),
    'room.setAffiliation': (p) => moderation.setAffiliation(p, p.jid, p.affiliation, p.reason),
    'room.affiliations': (p) => moderation.affiliations(p, p.affiliation),
    'room.config': (p) => moderation.config(p),
    'room.configure': (p) => moderation.configure(p, p.values),
    'room.destroy': (p) => moderation.destroy(p, p.reason),
    'room.invite': (p) => moderation.invite(p, p.jid, p.reason),
    'room.checkAddress': (p) => rooms.checkAddress(p.accountId, p.service, p.local),
    'room.create': (p) => rooms.create(p),
    'invitation.list': async () => ok(invitations.list()),
    'invitation.answer': async ({ id, accept, nick }) => {
      const held = invitations.peek(id);
      if (!held) return fail('not-found', 'No such invitation');
      const { accountId, room, inviter, via } = held.invitation;
      if (!accept) {
        invitations.take(id);
        if (via === 'room') await moderation.decline(accountId, room, inviter);
        return ok(null);
      }
      // Kept until the room lets us in: a nickname in use can be changed and tried again.
      const joined = await rooms.join({
        accountId,
        room,
        nick: nick ?? accountId.split('@')[0]!,
        ...(held.password !== undefined && { password: held.password }),
      });
      if (joined.ok) invitations.take(id);
      return joined;
    },
  };
}
