/**
 * Answers the group service's questions (mod_hutong_realname): is this person registered, and
 * is this room (through its owners)? Only the group services the policy covers may ask: the
 * answer says whether someone has a real-name registration, which nobody else needs to know.
 *
 *   <query xmlns='urn:hutong:realname:0'><user jid='a@example'/></query>
 *     → <user jid='a@example' state='none|pending|approved|rejected'/>
 *   <query xmlns='urn:hutong:realname:0'><room jid='r@groups.example'><owner jid='a@example'/>…
 *     → <room jid='r@groups.example' state='registered|pending|rejected|missing'/>
 */
import { xml } from '@xmpp/component';
import type { Element } from '@xmpp/xml';
import { errorElement } from './commandXml';
import type { PolicyConfig } from './config';
import { REALNAME } from './protocol';
import type { RegistrationStorage } from './store';

const MAX_OWNERS = 100;

export type UserState = 'none' | 'pending' | 'approved' | 'rejected';

export async function userState(store: RegistrationStorage, jid: string): Promise<UserState> {
  return (await store.latestFor(jid))?.status ?? 'none';
}

/** A room is registered when one of its owners is (pending counts when the policy says so). */
export async function roomState(
  store: RegistrationStorage,
  policy: Pick<PolicyConfig, 'pendingCounts'>,
  owners: readonly string[],
): Promise<'registered' | 'pending' | 'rejected' | 'missing'> {
  const states = await Promise.all(owners.map((owner) => userState(store, owner)));
  if (states.includes('approved')) return 'registered';
  if (states.includes('pending')) return policy.pendingCounts ? 'registered' : 'pending';
  if (states.includes('rejected')) return 'rejected';
  return 'missing';
}

export async function handleQuery(
  store: RegistrationStorage,
  policy: PolicyConfig,
  from: string,
  query: Element,
): Promise<Element> {
  if (!policy.services.includes(from)) return errorElement('auth', 'forbidden');
  const user = query.getChild('user');
  const room = query.getChild('room');
  const jid = (user ?? room)?.attrs.jid;
  if (typeof jid !== 'string' || jid === '') return errorElement('modify', 'bad-request');
  if (user)
    return xml(
      'query',
      { xmlns: REALNAME.ns },
      xml('user', { jid, state: await userState(store, jid) }),
    );
  const owners = room!
    .getChildren('owner')
    .slice(0, MAX_OWNERS)
    .map((owner) => owner.attrs.jid)
    .filter((owner): owner is string => typeof owner === 'string');
  return xml(
    'query',
    { xmlns: REALNAME.ns },
    xml('room', { jid, state: await roomState(store, policy, owners) }),
  );
}
