// Routing by conversation kind (issue 6 point 1) through the whole ingest pipeline: private
// messages through a room kept apart from contacts, senders, kind handlers plugged in and out,
// the receive stages where OTR will decrypt, and archive results reported to their query.
import xml from '@xmpp/xml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArchiveResultInfo } from '../../../electron/chat/archiveQueries';
import type { Incoming, Target } from '../../../electron/chat/kinds/types';
import type { ReceiveInput } from '../../../electron/chat/stages';
import {
  archived,
  BOB,
  carbon,
  chat,
  createHarness,
  mucUser,
  NOW,
  OWN,
  receiptRequest,
  type Harness,
} from './ingestHarness';

const ROOM = 'room@muc.localhost';
const OCCUPANT = `${ROOM}/Bob`;

let h: Harness;
beforeEach(() => {
  // Receipts would be allowed to the room's JIDs too: the kind alone must stop them.
  h = createHarness({ rooms: ['known@muc.localhost'], receiptsTo: [BOB, ROOM, OCCUPANT] });
});
afterEach(() => h.close());

describe('private messages through a room', () => {
  it('are an occupant conversation named by the occupant JID, never the contact’s chat', () => {
    h.feed(
      chat({ from: OCCUPANT, id: 'p1' }, 'psst', mucUser(), receiptRequest()),
      chat({ from: `${ROOM}/bob` }, 'another occupant', mucUser()),
      chat({ from: `${BOB}/phone` }, 'from the contact'),
    );
    expect(h.messages(OCCUPANT)).toMatchObject([
      {
        kind: 'occupant',
        peer: OCCUPANT,
        body: 'psst',
        direction: 'in',
        sender: { jid: OCCUPANT, nick: 'Bob' },
      },
    ]);
    // The nickname is kept verbatim: Bob and bob are two occupants.
    expect(h.messages(`${ROOM}/bob`).map((m) => m.body)).toEqual(['another occupant']);
    expect(h.messages(BOB)).toMatchObject([
      { kind: 'chat', body: 'from the contact', sender: { jid: `${BOB}/phone` } },
    ]);
    // No receipt to an occupant, even when asked.
    expect(h.sent).toEqual([]);
  });

  it('are recognized without the marker when the room is known, and not from our own JID', () => {
    h.feed(
      chat({ from: 'known@muc.localhost/Carol' }, 'no marker'),
      chat({ from: 'unknown@muc.localhost/Dan' }, 'plain contact'),
      chat({ from: `${OWN}/other`, to: OWN }, 'note to self', mucUser()),
    );
    expect(h.messages('known@muc.localhost/Carol')).toMatchObject([{ kind: 'occupant' }]);
    expect(h.messages('unknown@muc.localhost')).toMatchObject([
      { kind: 'chat', sender: { jid: 'unknown@muc.localhost/Dan' } },
    ]);
    expect(h.messages(OWN)).toMatchObject([{ kind: 'chat', body: 'note to self' }]);
  });

  it('carry chat states per kind, and our own copies have no sender', () => {
    h.feed(
      chat({ from: OCCUPANT }, undefined, mucUser(), xml('composing', { xmlns: NS_STATES })),
      carbon('sent', chat({ from: `${OWN}/phone`, to: OCCUPANT }, 'mine', mucUser())),
      carbon('sent', chat({ from: `${OWN}/phone`, to: `${BOB}/x` }, 'to bob')),
    );
    expect(h.events.find((e) => e.event === 'chat.state')?.payload).toEqual({
      accountId: OWN,
      kind: 'occupant',
      peer: OCCUPANT,
      state: 'composing',
    });
    const mine = h.messages(OCCUPANT)[0]!;
    expect(mine).toMatchObject({ kind: 'occupant', direction: 'out', body: 'mine' });
    expect(mine.sender).toBeUndefined();
    expect(h.messages(BOB)[0]?.sender).toBeUndefined();
  });

  it('fail our message to an occupant on a bounce from that occupant', () => {
    h.storage.messages.insert({
      id: 'o1',
      accountId: OWN,
      kind: 'occupant',
      peer: OCCUPANT,
      direction: 'out',
      body: 'hello?',
      sentAt: NOW,
      state: 'sent',
      via: 'live',
      private: false,
      originId: 'o1',
      xmppId: 'o1',
    });
    h.feed(
      xml(
        'message',
        { from: OCCUPANT, type: 'error', id: 'o1' },
        mucUser(),
        xml(
          'error',
          { type: 'cancel' },
          xml('item-not-found', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }),
        ),
      ),
    );
    expect(h.storage.messages.get('o1')).toMatchObject({
      state: 'failed',
      error: { code: 'recipient-unavailable' },
    });
  });
});

const NS_STATES = 'http://jabber.org/protocol/chatstates';

describe('kind handlers', () => {
  it('drop group messages while no room handler is registered, then hand them to one', () => {
    const groupMessage = () =>
      xml('message', { from: `${ROOM}/Bob`, type: 'groupchat' }, xml('body', {}, 'hi all'));
    h.feed(groupMessage());
    expect(h.messages(ROOM)).toEqual([]);

    const seen: [Incoming, Target][] = [];
    const remove = h.ctx.kinds.register('room', {
      receive: (_, incoming, target) => void seen.push([incoming, target]),
    });
    expect(() => h.ctx.kinds.register('room', { receive: () => {} })).toThrow();
    h.feed(groupMessage());
    expect(seen.map(([incoming, target]) => [incoming.via, incoming.message.body, target])).toEqual(
      [['live', 'hi all', { kind: 'room', peer: ROOM, sender: { jid: OCCUPANT, nick: 'Bob' } }]],
    );
    remove();
    h.feed(groupMessage());
    expect(seen).toHaveLength(1);
  });
});

describe('receive stages', () => {
  it('may turn a message (decrypt), mark it private, or consume it; receipts follow suit', () => {
    const inputs: ReceiveInput[] = [];
    h.stages.add({
      name: 'stand-in',
      receive(input) {
        inputs.push(input);
        const body = input.message.body!;
        if (body.startsWith('?KEY')) return { action: 'consume' };
        if (body === 'boom') throw new Error('cannot read');
        if (!body.startsWith('?ENC:')) return { action: 'pass' };
        const message = { ...input.message, body: body.slice(5).split('').reverse().join('') };
        return { action: 'pass', message, private: true };
      },
    });
    h.feed(
      chat({ from: `${BOB}/a`, id: 'm1' }, '?ENC:terces', receiptRequest()),
      chat({ from: `${BOB}/a`, id: 'm2' }, '?KEY exchange', receiptRequest()),
      chat({ from: `${BOB}/a`, id: 'm3' }, 'boom', receiptRequest()),
      chat({ from: `${BOB}/a`, id: 'm4' }, 'plain', receiptRequest()),
    );
    expect(h.messages().map((m) => [m.body, m.private])).toEqual([
      ['secret', true],
      ['plain', false],
    ]);
    expect(h.sent.map((s) => s.getChild('received')?.attrs.id)).toEqual(['m1', 'm4']);
    expect(inputs[0]).toMatchObject({
      accountId: OWN,
      kind: 'chat',
      peer: BOB,
      direction: 'in',
      via: 'live',
    });
  });
});

describe('archive results', () => {
  it('are filed as their query says and reported to it after the commit', () => {
    const reports: ArchiveResultInfo[] = [];
    const stored: string[][] = [];
    h.queries.set('q1', {
      archive: OWN,
      incomingState: 'read',
      onResult(info) {
        reports.push(info);
        // Reported after the commit: the message is in the store already.
        stored.push(h.messages().map((m) => m.body));
      },
    });
    const inner = (body?: string) => chat({ from: `${BOB}/a`, to: OWN }, body);
    h.feed(
      archived('q1', 'a1', inner('old news'), '2024-06-01T00:00:00Z'),
      archived('q1', 'a1', inner('old news'), '2024-06-01T00:00:00Z'),
      archived('q1', 'a2', inner(undefined), '2024-06-02T00:00:00Z'),
      archived('q1', 'a3', inner('from a room'), '2024-06-03T00:00:00Z', ROOM),
    );
    expect(h.messages()).toMatchObject([{ body: 'old news', state: 'read', via: 'archive' }]);
    expect(reports).toEqual([
      { archiveId: 'a1', inserted: true, sentAt: Date.UTC(2024, 5, 1) },
      { archiveId: 'a1', inserted: false, sentAt: Date.UTC(2024, 5, 1) },
      // Nothing to store (a receipt, a chat state): says nothing about what was stored before.
      { archiveId: 'a2', inserted: false, skipped: true, sentAt: Date.UTC(2024, 5, 2) },
    ]);
    expect(stored[0]).toEqual(['old news']);
  });
});
