// Trust scoped to where it belongs (issue 6 point 2), fed through the whole ingest pipeline:
// which stanza-id counts, which receipts go back, which delay dates a message. Each case here
// failed on the pipeline of the release before (checked by running this file against it).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  archived,
  BOB,
  carbon,
  chat,
  createHarness,
  delay,
  NOW,
  OWN,
  originId,
  receiptRequest,
  stanzaId,
  type Harness,
} from './ingestHarness';
import xml from '@xmpp/xml';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

const bodies = (peer = BOB) => h.messages(peer).map((m) => m.body);
const receipts = () => h.sent.map((s) => s.getChild('received', 'urn:xmpp:receipts')?.attrs.id);

describe('a stanza-id counts only when stamped by the archive’s exact bare JID', () => {
  it('is believed when `by` is exactly our bare JID (a later message with it is a duplicate)', () => {
    h.feed(
      chat({ from: `${BOB}/a` }, 'first', stanzaId(OWN, 'X1')),
      chat({ from: `${BOB}/a` }, 'second', stanzaId(OWN, 'X1')),
    );
    expect(bodies()).toEqual(['first']);
  });

  it.each([
    ['a resource', `${OWN}/desk`],
    ['a leading space', ` ${OWN}`],
    ['a trailing space', `${OWN} `],
    ['another case', 'Alice@localhost'],
    ['another domain case', 'alice@LOCALHOST'],
  ])('is not ours with %s in `by`: nothing gets dropped as a duplicate', (_, by) => {
    h.feed(
      chat({ from: `${BOB}/a` }, 'first', stanzaId(by, 'X1')),
      chat({ from: `${BOB}/a` }, 'second', stanzaId(by, 'X1')),
    );
    expect(bodies()).toEqual(['first', 'second']);
  });

  it('is not ours with another case of a non-ASCII letter', () => {
    h.close();
    h = createHarness({ own: 'élodie@localhost' });
    h.feed(
      chat({ from: `${BOB}/a` }, 'first', stanzaId('Élodie@localhost', 'X1')),
      chat({ from: `${BOB}/a` }, 'second', stanzaId('Élodie@localhost', 'X1')),
    );
    expect(bodies()).toEqual(['first', 'second']);
  });
});

describe('receipts answer only what was stored', () => {
  it('sends none for a message dropped as a duplicate by stanza-id', () => {
    h.feed(
      chat({ from: `${BOB}/a`, id: 'm1' }, 'real', receiptRequest(), stanzaId(OWN, 'X1')),
      chat({ from: `${BOB}/a`, id: 'm2' }, 'claims X1', receiptRequest(), stanzaId(OWN, 'X1')),
    );
    expect(bodies()).toEqual(['real']);
    expect(receipts()).toEqual(['m1']);
  });

  it('answers a genuine resend (same sender, origin-id and text) again, storing it once', () => {
    const resend = () =>
      chat({ from: `${BOB}/a`, id: 'm1' }, 'hello', receiptRequest(), originId('o1'));
    h.feed(resend());
    h.feed(resend());
    expect(bodies()).toEqual(['hello']);
    expect(receipts()).toEqual(['m1', 'm1']);
  });

  it('sends none for another text under an origin-id already stored', () => {
    h.feed(
      chat({ from: `${BOB}/a`, id: 'm1' }, 'hello', receiptRequest(), originId('o1')),
      chat({ from: `${BOB}/a`, id: 'm2' }, 'not the same', receiptRequest(), originId('o1')),
    );
    expect(bodies()).toEqual(['hello']);
    expect(receipts()).toEqual(['m1']);
  });

  it('sends none for a correction that was ignored (bob correcting our message)', () => {
    h.storage.messages.insert({
      id: 'o1',
      accountId: OWN,
      kind: 'chat',
      peer: BOB,
      direction: 'out',
      body: 'ours',
      sentAt: NOW,
      state: 'sent',
      via: 'live',
      private: false,
      originId: 'o1',
      xmppId: 'o1',
    });
    const replace = xml('replace', { xmlns: 'urn:xmpp:message-correct:0', id: 'o1' });
    h.feed(chat({ from: `${BOB}/a`, id: 'c1' }, 'not yours', receiptRequest(), replace));
    expect(bodies()).toEqual(['ours']);
    expect(receipts()).toEqual([]);
  });
});

describe('only our server or an archive dates a message', () => {
  const sentAt = (body: string, peer = BOB) =>
    h.messages(peer).find((m) => m.body === body)?.sentAt;

  it('dates a live message now whatever delay its sender wrote', () => {
    h.feed(
      chat({ from: `${BOB}/a` }, 'no from', delay('2001-01-01T00:00:00Z')),
      chat({ from: `${BOB}/a` }, 'from bob', delay('2001-01-01T00:00:00Z', BOB)),
      chat({ from: `${BOB}/a` }, 'from elsewhere', delay('2001-01-01T00:00:00Z', 'example.org')),
      chat({ from: `${BOB}/a` }, 'a full JID', delay('2001-01-01T00:00:00Z', `${OWN}/x`)),
    );
    // Now, a millisecond apart (one stream's messages never share a time: DistinctTimes).
    ['no from', 'from bob', 'from elsewhere', 'a full JID'].forEach((body, i) =>
      expect(sentAt(body)).toBe(NOW + i),
    );
  });

  it('dates a message by the last delay our own server added (offline storage, resent)', () => {
    const offline = Date.UTC(2024, 5, 1);
    h.feed(
      // The sender's forgery first, then the server's own stamp appended after it.
      chat(
        { from: `${BOB}/a` },
        'offline',
        delay('2001-01-01T00:00:00Z', 'localhost'),
        delay('2024-06-01T00:00:00Z', 'localhost'),
      ),
      chat({ from: `${BOB}/a` }, 'resent', delay('2024-06-01T00:00:00Z', OWN)),
    );
    expect(sentAt('offline')).toBe(offline);
    // The same stamp again: a millisecond after (DistinctTimes).
    expect(sentAt('resent')).toBe(offline + 1);
  });

  it('dates a carbon by our server’s stamp on the wrapper only, not the forwarded delay', () => {
    h.feed(
      carbon(
        'received',
        chat({ from: `${BOB}/a`, to: OWN }, 'carbon', delay('2001-01-01T00:00:00Z')),
      ),
      carbon(
        'received',
        chat({ from: `${BOB}/a`, to: OWN }, 'held carbon'),
        delay('2024-06-01T00:00:00Z', 'localhost'),
      ),
    );
    expect(sentAt('carbon')).toBe(NOW);
    expect(sentAt('held carbon')).toBe(Date.UTC(2024, 5, 1));
  });

  it('dates an archive result by the archive’s stamp, never the message’s own delay', () => {
    h.queries.set('q1', { archive: OWN, incomingState: 'read', onResult: () => {} });
    const inner = (body: string) =>
      chat({ from: `${BOB}/a`, to: OWN }, body, delay('2001-01-01T00:00:00Z', 'localhost'));
    h.feed(
      archived('q1', 'a1', inner('stamped'), '2024-06-01T00:00:00Z'),
      archived('q1', 'a2', inner('unstamped')),
    );
    expect(sentAt('stamped')).toBe(Date.UTC(2024, 5, 1));
    expect(sentAt('unstamped')).toBe(NOW);
  });
});
