/**
 * What we may do in a room and to an occupant, from our role and affiliation (XEP-0045 §8-10).
 * The room has the last word (it answers not-allowed); this only keeps the menus to what our
 * rights allow, so nobody is offered a button that must fail.
 */
import type { Affiliation, Occupant, Role, RoomSnapshot } from '../../../shared/contract';

export interface OccupantAction {
  readonly id:
    | 'privateMessage'
    | 'kick'
    | 'ban'
    | 'voice'
    | 'mute'
    | 'makeModerator'
    | 'makeMember'
    | 'makeAdmin'
    | 'makeOwner'
    | 'removeAffiliation';
  readonly role?: Role;
  readonly affiliation?: Affiliation;
  readonly danger?: boolean;
}

const rank: Record<Affiliation, number> = { owner: 4, admin: 3, member: 2, none: 1, outcast: 0 };

/** Whether our affiliation may change theirs to `to` (admins below admin, owners all). */
function mayAffiliate(ours: Affiliation, theirs: Affiliation, to: Affiliation): boolean {
  if (ours === 'owner') return true;
  if (ours !== 'admin') return false;
  return rank[theirs] < rank.admin && rank[to] < rank.admin;
}

/** Our own standing in a room: all that decides what we may do there. */
export type OurStanding = Pick<RoomSnapshot, 'role' | 'affiliation'>;

export function occupantActions(room: OurStanding, occupant: Occupant): OccupantAction[] {
  if (occupant.self) return [];
  const actions: OccupantAction[] = [{ id: 'privateMessage' }];
  const moderator = room.role === 'moderator';
  // A moderator cannot kick or silence someone of a higher affiliation than theirs (§8.2).
  const outranked = rank[occupant.affiliation] > rank[room.affiliation];
  if (moderator && !outranked) {
    if (occupant.role === 'visitor') actions.push({ id: 'voice', role: 'participant' });
    if (occupant.role === 'participant') actions.push({ id: 'mute', role: 'visitor' });
  }
  if (room.affiliation === 'admin' || room.affiliation === 'owner') {
    if (occupant.role !== 'moderator' && occupant.affiliation !== 'owner') {
      actions.push({ id: 'makeModerator', role: 'moderator' });
    }
  }
  const theirs = occupant.affiliation;
  const affiliate = (id: OccupantAction['id'], to: Affiliation) => {
    if (theirs !== to && occupant.realJid && mayAffiliate(room.affiliation, theirs, to)) {
      actions.push({ id, affiliation: to });
    }
  };
  affiliate('makeMember', 'member');
  affiliate('makeAdmin', 'admin');
  affiliate('makeOwner', 'owner');
  if (theirs !== 'none') affiliate('removeAffiliation', 'none');
  if (moderator && !outranked) actions.push({ id: 'kick', role: 'none', danger: true });
  if (mayAffiliate(room.affiliation, theirs, 'outcast')) {
    actions.push({ id: 'ban', affiliation: 'outcast', danger: true });
  }
  return actions;
}

/** Room menu entries our rights allow. */
export function roomPowers(room: RoomSnapshot) {
  const admin = room.affiliation === 'admin' || room.affiliation === 'owner';
  return {
    subject: room.role === 'moderator' || room.role === 'participant',
    configure: room.affiliation === 'owner',
    lists: admin,
    destroy: room.affiliation === 'owner',
  };
}

/** Groups of the people list, in order, with who belongs to each. */
export const PEOPLE_GROUPS = ['owner', 'admin', 'member', 'participant', 'visitor'] as const;
export type PeopleGroup = (typeof PEOPLE_GROUPS)[number];

export function peopleGroup(occupant: Occupant): PeopleGroup {
  if (occupant.affiliation === 'owner' || occupant.affiliation === 'admin') {
    return occupant.affiliation;
  }
  if (occupant.affiliation === 'member') return 'member';
  return occupant.role === 'visitor' ? 'visitor' : 'participant';
}
