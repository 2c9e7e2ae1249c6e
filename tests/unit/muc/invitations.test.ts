/** Invitations, mediated (XEP-0045 §7.8.2) and direct (XEP-0249): read, never acted on here. */
import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import {
  buildDecline,
  buildDirectInvitation,
  buildMediatedInvitation,
  readInvitation,
} from '../../../electron/muc/invitations';

const ROOM = 'darkcave@chat.shakespeare.lit';
const MUC_USER = 'http://jabber.org/protocol/muc#user';

describe('readInvitation', () => {
  it('reads a mediated invitation from the room, with reason and password', () => {
    const message = xml(
      'message',
      { from: ROOM, to: 'hecate@shakespeare.lit' },
      xml(
        'x',
        { xmlns: MUC_USER },
        xml('invite', { from: 'crone1@shakespeare.lit/desktop' }, xml('reason', {}, 'Hey Hecate')),
        xml('password', {}, 'cauldronburn'),
      ),
      // What Prosody adds for clients that know only direct invitations.
      xml('x', { xmlns: 'jabber:x:conference', jid: ROOM }),
    );
    expect(readInvitation(message)).toEqual({
      via: 'room',
      room: ROOM,
      inviter: 'crone1@shakespeare.lit',
      reason: 'Hey Hecate',
      password: 'cauldronburn',
    });
  });

  it('reads a direct invitation from its sender', () => {
    const message = xml(
      'message',
      { from: 'crone1@shakespeare.lit/desktop' },
      xml('x', { xmlns: 'jabber:x:conference', jid: ROOM, reason: '来喝茶' }),
    );
    expect(readInvitation(message)).toEqual({
      via: 'direct',
      room: ROOM,
      inviter: 'crone1@shakespeare.lit',
      reason: '来喝茶',
    });
  });

  it('takes nothing that is not an invitation of a room', () => {
    const invite = xml('x', { xmlns: MUC_USER }, xml('invite', { from: 'a@b' }));
    // A mediated invitation comes from the room's bare JID, not an occupant's.
    expect(readInvitation(xml('message', { from: `${ROOM}/nick` }, invite))).toBeUndefined();
    expect(readInvitation(xml('message', { from: 'shakespeare.lit' }, invite))).toBeUndefined();
    expect(
      readInvitation(
        xml(
          'message',
          { from: 'a@b' },
          xml('x', { xmlns: 'jabber:x:conference', jid: `${ROOM}/x` }),
        ),
      ),
    ).toBeUndefined();
    expect(readInvitation(xml('message', { from: ROOM, type: 'error' }, invite))).toBeUndefined();
    expect(readInvitation(xml('message', { from: ROOM }, xml('body', {}, 'hi')))).toBeUndefined();
  });
});

describe('invitation stanzas', () => {
  it('invites directly or through the room, and declines through the room', () => {
    expect(
      buildDirectInvitation({ id: 'i1', to: 'b@x', room: ROOM, reason: 'tea' }).toString(),
    ).toBe(
      `<message id="i1" to="b@x"><x xmlns="jabber:x:conference" jid="${ROOM}" reason="tea"/></message>`,
    );
    expect(buildMediatedInvitation({ id: 'i2', room: ROOM, to: 'b@x' }).toString()).toBe(
      `<message id="i2" to="${ROOM}"><x xmlns="${MUC_USER}"><invite to="b@x"/></x></message>`,
    );
    expect(buildDecline({ id: 'i3', room: ROOM, inviter: 'a@x', reason: 'busy' }).toString()).toBe(
      `<message id="i3" to="${ROOM}"><x xmlns="${MUC_USER}"><decline to="a@x"><reason>busy</reason></decline></x></message>`,
    );
  });
});
