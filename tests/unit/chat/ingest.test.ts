// The ingest pipeline fed stanza by stanza, against the real SQLite store in a temporary folder:
// routing, clamping, receipts, corrections and errors, deterministic clock and ids.
import xml from '@xmpp/xml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BODY_CHARS } from '../../../shared/schemas/chat';
import { TRUNCATION_MARKER } from '../../../electron/chat/stanzas';
import { FLOOR_SLACK_MS } from '../../../electron/chat/trust';
import { BOB, chat, createHarness, delay, NOW, OWN, type Harness } from './ingestHarness';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

const feed: Harness['feed'] = (...stanzas) => h.feed(...stanzas);
const messages: Harness['messages'] = (peer) => h.messages(peer);

describe('ingest', () => {
  it('stores a message, then answers its receipt request to the sender’s full JID', () => {
    feed(
      chat(
        { from: `${BOB}/phone`, id: 'm1' },
        'hi',
        xml('request', { xmlns: 'urn:xmpp:receipts' }),
      ),
    );
    expect(messages()).toMatchObject([
      { body: 'hi', direction: 'in', state: 'received', via: 'live', sentAt: NOW },
    ]);
    expect(h.sent.map(String)).toEqual([
      `<message id="id2" to="${BOB}/phone"><received xmlns="urn:xmpp:receipts" id="m1"/></message>`,
    ]);
    expect(h.events.map((e) => e.event)).toEqual(['message.upserted']);
  });

  it("stores a stranger's message but sends them no receipt (it would reveal we are online)", () => {
    feed(
      chat(
        { from: 'stranger@elsewhere.example/x', id: 'm9' },
        'who is there?',
        xml('request', { xmlns: 'urn:xmpp:receipts' }),
      ),
    );
    expect(messages('stranger@elsewhere.example')).toMatchObject([{ body: 'who is there?' }]);
    expect(h.sent).toEqual([]);
  });

  it('cuts oversized bodies, clamps future delay stamps, ignores malformed stanzas', () => {
    feed(
      chat({ from: BOB }, 'x'.repeat(MAX_BODY_CHARS + 1)),
      // Held by our own server (offline storage): dated by its stamp, never in the future.
      chat({ from: BOB }, 'late', delay('2030-01-01T00:00:00Z', 'localhost')),
      chat({ from: BOB }, 'early', delay('2024-01-01T00:00:00Z', 'localhost')),
      chat({ from: 'not a jid@@' }, 'bad'),
      xml('message', { from: BOB }, xml('body', {}, 'normal type is fine')),
      // A room's message, and no room handler registered: dropped.
      xml('message', { from: BOB, type: 'groupchat' }, xml('body', {}, 'not one-to-one')),
    );
    const bodies = messages().map((m) => [m.body.slice(-20), m.sentAt]);
    // Those dated now a millisecond apart (DistinctTimes); the older stamp as it is.
    expect(bodies).toEqual([
      ['early', Date.UTC(2024, 0, 1)],
      [('x'.repeat(20) + TRUNCATION_MARKER).slice(-20), NOW],
      ['late', NOW + 1],
      ['normal type is fine', NOW + 2],
    ]);
  });

  it('dates a live message held by our server no earlier than the floor, and keeps later stamps', () => {
    // The floor: a minute before the newest message stored when the session began.
    const floored = createHarness({ delayFloor: Date.UTC(2024, 5, 1) + FLOOR_SLACK_MS });
    try {
      floored.feed(
        chat({ from: BOB }, 'forged', delay('2001-01-01T00:00:00Z', 'localhost')),
        chat({ from: BOB }, 'held', delay('2024-06-01T00:00:00.500Z', 'localhost')),
      );
      expect(floored.messages().map((m) => [m.body, m.sentAt])).toEqual([
        ['forged', Date.UTC(2024, 5, 1)],
        ['held', Date.UTC(2024, 5, 1) + 500],
      ]);
    } finally {
      floored.close();
    }
  });

  it('keeps the stamps of a lost session’s messages handed on, from just before the newest', () => {
    // Delivered to the old session unconfirmed, re-sent by our server to the new one after the
    // newest stored message: dated by their stamps, before it, not moved after it.
    const newest = Date.UTC(2024, 5, 1);
    const floored = createHarness({ delayFloor: newest });
    try {
      floored.feed(chat({ from: BOB }, 'handed on', delay('2024-05-31T23:59:58Z', 'localhost')));
      expect(floored.messages().map((m) => m.sentAt)).toEqual([newest - 2_000]);
    } finally {
      floored.close();
    }
  });

  it('gives a stream’s messages of one millisecond distinct times, in stream order', () => {
    feed(...['s1', 's2', 's3'].map((body) => chat({ from: BOB }, body)));
    expect(messages().map((m) => [m.body, m.sentAt])).toEqual([
      ['s1', NOW],
      ['s2', NOW + 1],
      ['s3', NOW + 2],
    ]);
  });

  it('keeps stream order for a stamp a little older than the last time, not an old one', () => {
    feed(
      chat({ from: BOB }, 'live'),
      // A lost session's message handed on, stamped with the second it was first queued in.
      chat({ from: BOB }, 'handed on', delay(new Date(NOW - 2_000).toISOString(), 'localhost')),
      // Held offline for hours: its own time.
      chat({ from: BOB }, 'offline', delay(new Date(NOW - 7_200_000).toISOString(), 'localhost')),
    );
    expect(messages().map((m) => [m.body, m.sentAt])).toEqual([
      ['offline', NOW - 7_200_000],
      ['live', NOW],
      ['handed on', NOW + 1],
    ]);
  });

  it('gives each message moved up to the floor a millisecond of its own, in stream order', () => {
    // Several held messages on one floor, with a hole between them that the archive fills
    // later: one shared millisecond would leave no room for it in the order.
    const floor = Date.UTC(2024, 5, 1);
    const floored = createHarness({ delayFloor: floor + FLOOR_SLACK_MS });
    try {
      floored.feed(
        ...['h1', 'h2', 'h3'].map((body) =>
          chat({ from: BOB }, body, delay('2024-05-01T00:00:00Z', 'localhost')),
        ),
      );
      expect(floored.messages().map((m) => [m.body, m.sentAt])).toEqual([
        ['h1', floor],
        ['h2', floor + 1],
        ['h3', floor + 2],
      ]);
    } finally {
      floored.close();
    }
  });

  it('emits chat states without storing them', () => {
    feed(
      chat(
        { from: `${BOB}/x` },
        undefined,
        xml('composing', { xmlns: 'http://jabber.org/protocol/chatstates' }),
      ),
    );
    expect(h.events).toEqual([
      {
        event: 'chat.state',
        payload: { accountId: OWN, kind: 'chat', peer: BOB, state: 'composing' },
      },
    ]);
    expect(messages()).toEqual([]);
  });

  it('marks our message delivered only on a receipt from its peer', () => {
    const out = h.storage.messages.insert({
      id: 'o1',
      accountId: OWN,
      kind: 'chat',
      peer: BOB,
      direction: 'out',
      body: 'q',
      sentAt: NOW,
      state: 'sent',
      via: 'live',
      private: false,
      originId: 'o1',
      xmppId: 'o1',
    }).message;
    const receipt = (from: string) =>
      chat({ from }, undefined, xml('received', { xmlns: 'urn:xmpp:receipts', id: 'o1' }));
    feed(receipt('eve@localhost/x'));
    expect(h.storage.messages.get(out.id)?.state).toBe('sent');
    feed(receipt(`${BOB}/x`));
    expect(h.storage.messages.get(out.id)?.state).toBe('delivered');
  });

  it('fails our message on an error bounce with a coded reason', () => {
    h.storage.messages.insert({
      id: 'o2',
      accountId: OWN,
      kind: 'chat',
      peer: BOB,
      direction: 'out',
      body: 'q',
      sentAt: NOW,
      state: 'sent',
      via: 'live',
      private: false,
      originId: 'o2',
      xmppId: 'o2',
    });
    feed(
      xml(
        'message',
        { from: BOB, type: 'error', id: 'o2' },
        xml(
          'error',
          { type: 'modify' },
          xml('policy-violation', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }),
          xml('text', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }, 'Message too large'),
        ),
      ),
    );
    expect(h.storage.messages.get('o2')).toMatchObject({
      state: 'failed',
      error: { code: 'message-too-large' },
    });
  });

  it('applies a correction arriving in the same burst as its original', () => {
    feed(
      chat({ from: `${BOB}/x`, id: 'b1' }, 'teh'),
      chat(
        { from: `${BOB}/x`, id: 'b2' },
        'the',
        xml('replace', { xmlns: 'urn:xmpp:message-correct:0', id: 'b1' }),
      ),
    );
    expect(messages()).toMatchObject([{ body: 'the', editedAt: NOW + 1 }]);
  });

  it('stores messages to ourselves and de-duplicates by origin-id', () => {
    const note = () =>
      chat(
        { from: `${OWN}/other`, to: OWN },
        'note',
        xml('origin-id', { xmlns: 'urn:xmpp:sid:0', id: 'n1' }),
      );
    feed(note(), note());
    expect(messages(OWN)).toMatchObject([{ body: 'note', peer: OWN }]);
  });

  it('never throws on garbage', () => {
    expect(() =>
      feed(
        xml('message', {}, xml('result', { xmlns: 'urn:xmpp:mam:2' })),
        xml('message', { from: OWN }, xml('sent', { xmlns: 'urn:xmpp:carbons:2' })),
        xml(
          'message',
          { from: OWN },
          xml(
            'received',
            { xmlns: 'urn:xmpp:carbons:2' },
            xml('forwarded', { xmlns: 'urn:xmpp:forward:0' }, xml('message', { from: '@@' })),
          ),
        ),
        xml('iq', { type: 'get' }),
      ),
    ).not.toThrow();
    expect(messages()).toEqual([]);
  });
});
