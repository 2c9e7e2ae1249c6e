// Conversation kinds through the real server: a private message through a room (marked with
// muc#user, XEP-0045 §7.5) is its own conversation with the occupant JID, never merged with the
// sender's one-to-one chat, and gets no receipt. (A real room arrives with issue 7; the marker
// from a contact's full JID is what a room's private message looks like on the wire.)
import type { Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { allMessages, bare, connect, device, nextStanza, online, token, xml } from './helpers';

const ALICE = bare('alice');
const BOB = bare('bob');
const NS_RECEIPTS = 'urn:xmpp:receipts';

describe('conversation kinds', () => {
  it('keeps a private message through a room apart, with its sender, and sends it no receipt', async () => {
    const alice = await device('alice');
    const resource = token('Nick');
    const bob = await connect('bob', resource);
    await online(bob);
    const receipts: string[] = [];
    bob.entity.on('stanza', (s: Element) => {
      const id = s.getChild('received', NS_RECEIPTS)?.attrs.id;
      if (typeof id === 'string') receipts.push(id);
    });
    const to = alice.client.entity.jid!.toString();
    const occupant = `${BOB}/${resource}`;
    const pm = token('through-a-room');
    const plain = token('plain');
    await bob.entity.send(
      xml(
        'message',
        { to, type: 'chat', id: 'pm-1' },
        xml('body', {}, pm),
        xml('request', { xmlns: NS_RECEIPTS }),
        xml('x', { xmlns: 'http://jabber.org/protocol/muc#user' }),
      ),
    );
    const receipt = nextStanza(
      bob,
      (s) => s.getChild('received', NS_RECEIPTS)?.attrs.id === 'plain-1',
    );
    await bob.entity.send(
      xml(
        'message',
        { to, type: 'chat', id: 'plain-1' },
        xml('body', {}, plain),
        xml('request', { xmlns: NS_RECEIPTS }),
      ),
    );
    const stored = await alice.recorder.message((m) => m.body === pm);
    expect(stored).toMatchObject({
      kind: 'occupant',
      peer: occupant,
      sender: { jid: occupant, nick: resource },
    });
    await alice.recorder.message((m) => m.body === plain);
    expect(allMessages(alice.storage, ALICE, BOB).map((m) => m.body)).not.toContain(pm);
    expect(allMessages(alice.storage, ALICE, BOB).find((m) => m.body === plain)).toMatchObject({
      kind: 'chat',
      sender: { jid: occupant },
    });
    // Receipts go in order: the plain message's came back, the private one's never did.
    await receipt;
    expect(receipts).toEqual(['plain-1']);
  });
});
