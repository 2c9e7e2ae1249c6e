import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_CHARS } from '../../../shared/schemas/chat';
import {
  buildChatMessage,
  buildChatState,
  buildReceipt,
  clampBody,
  errorCodeOf,
  parseMessage,
  parseStamp,
  TRUNCATION_MARKER,
} from '../../../electron/chat/stanzas';

const OWN = 'alice@localhost';

describe('parseMessage', () => {
  it('reads body, ids, every stanza-id and delay as claimed, receipt request, chat state, correction', () => {
    const stanza = xml(
      'message',
      { from: 'Bob@LocalHost/phone', to: 'alice@localhost/desk', type: 'chat', id: 'm1' },
      xml('body', {}, 'hello <b>'),
      xml('request', { xmlns: 'urn:xmpp:receipts' }),
      xml('origin-id', { xmlns: 'urn:xmpp:sid:0', id: 'o1' }),
      xml('stanza-id', { xmlns: 'urn:xmpp:sid:0', by: 'bob@localhost', id: 'foreign' }),
      xml('stanza-id', { xmlns: 'urn:xmpp:sid:0', by: 'alice@localhost', id: 'forged' }),
      xml('stanza-id', { xmlns: 'urn:xmpp:sid:0', by: 'alice@localhost', id: 's1' }),
      xml('composing', { xmlns: 'http://jabber.org/protocol/chatstates' }),
      xml('replace', { xmlns: 'urn:xmpp:message-correct:0', id: 'm0' }),
      xml('delay', { xmlns: 'urn:xmpp:delay', stamp: '2024-01-02T03:04:05Z' }),
      xml('delay', { xmlns: 'urn:xmpp:delay', from: 'localhost', stamp: '2024-01-03T00:00:00Z' }),
      xml('delay', { xmlns: 'urn:xmpp:delay', stamp: 'not a time' }),
    );
    expect(parseMessage(stanza, OWN)).toEqual({
      from: 'Bob@LocalHost/phone',
      fromBare: 'bob@localhost',
      to: 'alice@localhost/desk',
      toBare: 'alice@localhost',
      type: 'chat',
      id: 'm1',
      body: 'hello <b>',
      truncated: false,
      originId: 'o1',
      // Verbatim and in order: trust.ts decides which of them to believe.
      stanzaIds: [
        { by: 'bob@localhost', id: 'foreign' },
        { by: 'alice@localhost', id: 'forged' },
        { by: 'alice@localhost', id: 's1' },
      ],
      delays: [
        { stamp: Date.UTC(2024, 0, 2, 3, 4, 5) },
        { from: 'localhost', stamp: Date.UTC(2024, 0, 3) },
      ],
      mucUser: false,
      roomConfigChanged: false,
      invitation: false,
      receiptRequested: true,
      chatState: 'composing',
      replaces: 'm0',
    });
  });

  it('says when a room announces that its configuration changed (104, 170-174)', () => {
    const notice = (...codes: number[]) =>
      xml(
        'message',
        { from: 'room@muc.localhost', type: 'groupchat' },
        xml(
          'x',
          { xmlns: 'http://jabber.org/protocol/muc#user' },
          ...codes.map((code) => xml('status', { code: String(code) })),
        ),
      );
    expect(parseMessage(notice(104), OWN)?.roomConfigChanged).toBe(true);
    expect(parseMessage(notice(172), OWN)?.roomConfigChanged).toBe(true);
    expect(parseMessage(notice(110, 100), OWN)?.roomConfigChanged).toBe(false);
    expect(parseMessage(notice(), OWN)?.roomConfigChanged).toBe(false);
  });

  it('says whether a message came through a room (muc#user marker)', () => {
    const pm = xml(
      'message',
      { from: 'room@muc.localhost/Nick', type: 'chat' },
      xml('body', {}, 'psst'),
      xml('x', { xmlns: 'http://jabber.org/protocol/muc#user' }),
    );
    expect(parseMessage(pm, OWN)?.mucUser).toBe(true);
    const other = xml('message', { from: 'bob@localhost' }, xml('x', { xmlns: 'jabber:x:data' }));
    expect(parseMessage(other, OWN)?.mucUser).toBe(false);
  });

  it('fills a missing from/to with our own JID and defaults the type to normal', () => {
    const parsed = parseMessage(xml('message', {}, xml('body', {}, 'note')), OWN);
    expect(parsed).toMatchObject({ fromBare: OWN, toBare: OWN, type: 'normal', body: 'note' });
  });

  it('returns null for malformed addresses and non-messages', () => {
    expect(parseMessage(xml('message', { from: 'a@@b' }, xml('body', {}, 'x')), OWN)).toBeNull();
    expect(parseMessage(xml('message', { from: 'bob@localhost', to: '' }), OWN)).toBeNull();
    expect(parseMessage(xml('presence', { from: 'bob@localhost' }), OWN)).toBeNull();
  });

  it('reads receipts and errors', () => {
    const receipt = xml(
      'message',
      { from: 'bob@localhost/x' },
      xml('received', { xmlns: 'urn:xmpp:receipts', id: 'm1' }),
    );
    expect(parseMessage(receipt, OWN)).toMatchObject({ receiptFor: 'm1' });
    const error = xml(
      'message',
      { from: 'nobody@localhost', type: 'error', id: 'm2' },
      xml(
        'error',
        { type: 'cancel' },
        xml('service-unavailable', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }),
      ),
    );
    expect(parseMessage(error, OWN)?.error).toEqual({
      code: 'recipient-unavailable',
      condition: 'service-unavailable',
    });
  });

  it('cuts an oversized body with a marker instead of dropping it', () => {
    const body = 'a'.repeat(MAX_BODY_CHARS + 10);
    const parsed = parseMessage(
      xml('message', { from: 'bob@localhost' }, xml('body', {}, body)),
      OWN,
    );
    expect(parsed?.truncated).toBe(true);
    expect(parsed?.body).toBe('a'.repeat(MAX_BODY_CHARS) + TRUNCATION_MARKER);
  });

  it('ignores ids that are empty or absurdly long', () => {
    const stanza = xml(
      'message',
      { from: 'bob@localhost', id: '' },
      xml('origin-id', {
        xmlns: 'urn:xmpp:sid:0',
        id: 'x'.repeat(5000),
      }),
    );
    const parsed = parseMessage(stanza, OWN);
    expect(parsed?.id).toBeUndefined();
    expect(parsed?.originId).toBeUndefined();
  });
});

describe('clampBody', () => {
  it('never splits a surrogate pair', () => {
    const body = 'a'.repeat(MAX_BODY_CHARS - 1) + '😀' + 'b';
    const { body: cut, truncated } = clampBody(body);
    expect(truncated).toBe(true);
    expect(cut).toBe('a'.repeat(MAX_BODY_CHARS - 1) + TRUNCATION_MARKER);
  });
  it('keeps a body at the limit', () => {
    expect(clampBody('a'.repeat(MAX_BODY_CHARS))).toEqual({
      body: 'a'.repeat(MAX_BODY_CHARS),
      truncated: false,
    });
  });
});

describe('parseStamp and errorCodeOf', () => {
  it('accepts XEP-0082 stamps only', () => {
    expect(parseStamp('2024-01-02T03:04:05.123+01:00')).toBe(Date.UTC(2024, 0, 2, 2, 4, 5, 123));
    expect(parseStamp('yesterday')).toBeUndefined();
    expect(parseStamp(42)).toBeUndefined();
  });
  it('maps conditions to codes', () => {
    expect(errorCodeOf('item-not-found', '')).toBe('recipient-unavailable');
    expect(errorCodeOf('policy-violation', 'Message too large')).toBe('message-too-large');
    expect(errorCodeOf('policy-violation', 'spam')).toBe('rejected-by-server');
    expect(errorCodeOf('forbidden', '')).toBe('rejected-by-server');
  });
});

describe('builders', () => {
  it('builds a chat message with receipt request, origin-id = id and active state', () => {
    expect(buildChatMessage({ id: 'i1', to: 'bob@localhost', body: 'hi' }).toString()).toBe(
      '<message type="chat" id="i1" to="bob@localhost"><body>hi</body>' +
        '<request xmlns="urn:xmpp:receipts"/><origin-id xmlns="urn:xmpp:sid:0" id="i1"/>' +
        '<active xmlns="http://jabber.org/protocol/chatstates"/></message>',
    );
    const correction = buildChatMessage({
      id: 'i2',
      to: 'bob@localhost',
      body: 'x',
      replaces: 'i1',
    });
    expect(correction.getChild('replace', 'urn:xmpp:message-correct:0')?.attrs.id).toBe('i1');
    expect(correction.getChild('x', 'http://jabber.org/protocol/muc#user')).toBeUndefined();
  });
  it('marks messages and chat states to an occupant as sent through the room', () => {
    const to = 'room@muc.localhost/Nick';
    for (const stanza of [
      buildChatMessage({ id: 'i3', to, body: 'psst', occupant: true }),
      buildChatState({ id: 's', to, state: 'composing', occupant: true }),
    ]) {
      expect(stanza.attrs).toMatchObject({ to, type: 'chat' });
      expect(stanza.getChild('x', 'http://jabber.org/protocol/muc#user')).toBeDefined();
    }
  });
  it('builds receipts and standalone chat states', () => {
    expect(buildReceipt({ id: 'r', to: 'bob@localhost/x', receivedId: 'm1' }).toString()).toBe(
      '<message id="r" to="bob@localhost/x"><received xmlns="urn:xmpp:receipts" id="m1"/></message>',
    );
    const state = buildChatState({ id: 's', to: 'bob@localhost', state: 'composing' });
    expect(state.getChild('composing', 'http://jabber.org/protocol/chatstates')).toBeDefined();
    expect(state.getChild('body')).toBeUndefined();
  });
});
