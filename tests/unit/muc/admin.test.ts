/** Moderation stanzas (XEP-0045 §8-10), who may use them, and the self-ping's verdicts. */
import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import {
  buildDestroy,
  buildSetAffiliation,
  buildSetRole,
  canAdminister,
  canModerate,
  readAffiliationList,
} from '../../../electron/muc/admin';
import { buildSelfPing, selfPingOutcome } from '../../../electron/muc/selfPing';

const ROOM = 'coven@chat.shakespeare.lit';
const ADMIN = 'http://jabber.org/protocol/muc#admin';

describe('moderation stanzas', () => {
  it('kicks by nickname and bans by address, each with a reason', () => {
    expect(buildSetRole(ROOM, 'pistol', 'none', 'Avaunt, you cullion!').toString()).toBe(
      `<iq type="set" to="${ROOM}"><query xmlns="${ADMIN}"><item nick="pistol" role="none"><reason>Avaunt, you cullion!</reason></item></query></iq>`,
    );
    expect(buildSetAffiliation(ROOM, 'earlofcambridge@shakespeare.lit', 'outcast').toString()).toBe(
      `<iq type="set" to="${ROOM}"><query xmlns="${ADMIN}"><item jid="earlofcambridge@shakespeare.lit" affiliation="outcast"/></query></iq>`,
    );
    expect(
      buildDestroy(ROOM, 'Macbeth doth come.', 'darkcastle@chat.shakespeare.lit').toString(),
    ).toContain(
      '<destroy jid="darkcastle@chat.shakespeare.lit"><reason>Macbeth doth come.</reason></destroy>',
    );
  });

  it('reads an affiliation list, skipping entries without a valid address or affiliation', () => {
    const result = xml(
      'iq',
      { type: 'result', from: ROOM },
      xml(
        'query',
        { xmlns: ADMIN },
        xml(
          'item',
          { affiliation: 'outcast', jid: 'earlofcambridge@shakespeare.lit/x' },
          xml('reason', {}, 'Treason'),
        ),
        xml('item', { affiliation: 'outcast', jid: 'not a jid@@' }),
        xml('item', { affiliation: 'king', jid: 'a@b' }),
        xml('item', { affiliation: 'member', jid: 'hag66@shakespeare.lit', nick: 'thirdwitch' }),
      ),
    );
    expect(readAffiliationList(result)).toEqual([
      { jid: 'earlofcambridge@shakespeare.lit', affiliation: 'outcast', reason: 'Treason' },
      { jid: 'hag66@shakespeare.lit', affiliation: 'member', nick: 'thirdwitch' },
    ]);
    expect(readAffiliationList(xml('iq', { type: 'result' }))).toEqual([]);
  });

  it('lets moderators change roles, admins handle those below them, owners everyone', () => {
    expect(canModerate('moderator')).toBe(true);
    expect(canModerate('participant')).toBe(false);
    expect(canAdminister('admin', 'member', 'outcast')).toBe(true);
    expect(canAdminister('admin', 'admin', 'none')).toBe(false);
    expect(canAdminister('admin', 'member', 'owner')).toBe(false);
    expect(canAdminister('owner', 'admin', 'outcast')).toBe(true);
    expect(canAdminister('member', 'none', 'member')).toBe(false);
  });
});

describe('self-ping', () => {
  it('pings our own occupant JID and reads the answer as XEP-0410 says', () => {
    expect(buildSelfPing(ROOM, 'thirdwitch').toString()).toBe(
      `<iq type="get" to="${ROOM}/thirdwitch"><ping xmlns="urn:xmpp:ping"/></iq>`,
    );
    expect(selfPingOutcome(xml('iq', { type: 'result' }))).toBe('joined');
    expect(selfPingOutcome({ condition: 'service-unavailable' })).toBe('joined');
    expect(selfPingOutcome({ condition: 'feature-not-implemented' })).toBe('joined');
    expect(selfPingOutcome({ condition: 'item-not-found' })).toBe('joined');
    expect(selfPingOutcome({ condition: 'remote-server-not-found' })).toBe('unknown');
    expect(selfPingOutcome('timeout')).toBe('unknown');
    expect(selfPingOutcome({ condition: 'not-acceptable' })).toBe('not-joined');
    expect(selfPingOutcome({ condition: 'bad-request' })).toBe('not-joined');
  });
});
