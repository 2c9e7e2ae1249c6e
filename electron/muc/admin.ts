/**
 * Moderation and administration of a room (XEP-0045 §8 and §9), as stanzas: changing an
 * occupant's role (kick = none, voice = participant, revoke = visitor, moderator), a user's
 * affiliation (member, admin, owner, outcast = ban, none) with a reason, the lists of each
 * affiliation, the subject, and destroying the room. Which of these the user may do is the room
 * session's to know from our role and affiliation (canModerate, canAdminister); the room refuses
 * the rest anyway. Reading a list never throws and skips entries without a valid JID.
 */
import xml, { type Element } from '@xmpp/xml';
import { bareJid, parseJid } from '../../shared/jid';
import type { DataForm } from '../../shared/dataforms';
import { buildDataForm } from '../xmpp/dataforms';
import { shortText } from '../xmpp/text';
import { AFFILIATIONS, type Affiliation, type Role } from './presence';
import { NS } from '../../shared/namespaces';

const MAX_LIST = 5000;

const reasonOf = (reason?: string) => (reason ? [xml('reason', {}, reason)] : []);

/** An occupant's new role, by nickname (kick, voice, revoke voice, grant moderator). */
export function buildSetRole(room: string, nick: string, role: Role, reason?: string): Element {
  return xml(
    'iq',
    { type: 'set', to: room },
    xml('query', { xmlns: NS.mucAdmin }, xml('item', { nick, role }, ...reasonOf(reason))),
  );
}

/** A user's new affiliation, by bare JID (membership, ban, admin, owner, none). */
export function buildSetAffiliation(
  room: string,
  jid: string,
  affiliation: Affiliation,
  reason?: string,
): Element {
  return xml(
    'iq',
    { type: 'set', to: room },
    xml('query', { xmlns: NS.mucAdmin }, xml('item', { jid, affiliation }, ...reasonOf(reason))),
  );
}

/** Asks for the users of one affiliation (e.g. the ban list: outcast). */
export function buildAffiliationList(room: string, affiliation: Affiliation): Element {
  return xml(
    'iq',
    { type: 'get', to: room },
    xml('query', { xmlns: NS.mucAdmin }, xml('item', { affiliation })),
  );
}

export interface AffiliationEntry {
  readonly jid: string;
  readonly affiliation: Affiliation;
  readonly nick?: string;
  readonly reason?: string;
}

/** The list in a muc#admin result. */
export function readAffiliationList(result: Element): AffiliationEntry[] {
  const query = result.getChild('query', NS.mucAdmin);
  if (!query) return [];
  const entries: AffiliationEntry[] = [];
  for (const item of query.getChildren('item').slice(0, MAX_LIST)) {
    const jid = parseJid(String(item.attrs.jid ?? ''));
    const affiliation = AFFILIATIONS.find((a) => a === item.attrs.affiliation);
    if (!jid || !affiliation) continue;
    const nick = typeof item.attrs.nick === 'string' ? item.attrs.nick : undefined;
    const reason = shortText(item.getChildText('reason'));
    entries.push({
      jid: bareJid(jid),
      affiliation,
      ...(nick && { nick }),
      ...(reason && { reason }),
    });
  }
  return entries;
}

/** A new subject for the room (a message of type groupchat with only a subject). */
export function buildSetSubject(id: string, room: string, subject: string): Element {
  return xml('message', { id, to: room, type: 'groupchat' }, xml('subject', {}, subject));
}

const INSTANT: DataForm = { type: 'submit', instructions: [], fields: [] };

/**
 * Submits a room's configuration (a submission made by submissionOf from the room's form), or
 * an empty one, which accepts the defaults: an instant room (XEP-0045 §10.1.2-3).
 */
export function buildConfigure(room: string, form: DataForm = INSTANT): Element {
  return xml(
    'iq',
    { type: 'set', to: room },
    xml('query', { xmlns: NS.mucOwner }, buildDataForm(form)),
  );
}

/** Destroys the room, with a reason and optionally where its occupants may go instead. */
export function buildDestroy(room: string, reason?: string, alternate?: string): Element {
  return xml(
    'iq',
    { type: 'set', to: room },
    xml(
      'query',
      { xmlns: NS.mucOwner },
      xml('destroy', alternate ? { jid: alternate } : {}, ...reasonOf(reason)),
    ),
  );
}

/** Whether we may change roles (kick, voice): moderators may (XEP-0045 §8). */
export function canModerate(role: Role): boolean {
  return role === 'moderator';
}

/**
 * Whether we may change someone's affiliation to `to`, and theirs now is `theirs` (XEP-0045
 * §9, §10): admins handle members and outcasts below admin; owners handle everything.
 */
export function canAdminister(ours: Affiliation, theirs: Affiliation, to: Affiliation): boolean {
  if (ours === 'owner') return true;
  if (ours !== 'admin') return false;
  const below = (a: Affiliation) => a === 'member' || a === 'outcast' || a === 'none';
  return below(theirs) && below(to);
}
