import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { buildArchiveQuery, parseArchiveResult, parseFin } from '../../../electron/chat/archive';
import type { ArchiveQueries, ArchiveQueryTracker } from '../../../electron/chat/archiveQueries';
import { unwrapCarbon } from '../../../electron/chat/carbons';

const OWN = 'alice@localhost';
const inner = xml(
  'message',
  { from: 'bob@localhost/x', to: OWN, type: 'chat' },
  xml('body', {}, 'hi'),
);
const carbon = (attrs: Record<string, string>, kind = 'received') =>
  xml(
    'message',
    attrs,
    xml(
      kind,
      { xmlns: 'urn:xmpp:carbons:2' },
      xml('forwarded', { xmlns: 'urn:xmpp:forward:0' }, inner),
    ),
  );

describe('unwrapCarbon', () => {
  it('accepts a carbon from our own bare JID', () => {
    expect(unwrapCarbon(carbon({ from: OWN }), OWN)).toEqual({
      kind: 'received',
      message: inner,
      delays: [],
    });
    expect(unwrapCarbon(carbon({ from: OWN }, 'sent'), OWN).kind).toBe('sent');
  });
  it('refuses carbons from anyone else, from our full JID, or without from', () => {
    for (const attrs of [
      { from: 'bob@localhost' },
      { from: `${OWN}/other` },
      {},
      { from: 'localhost' },
    ] as Record<string, string>[]) {
      expect(unwrapCarbon(carbon(attrs), OWN).kind).toBe('forged');
    }
  });
  it('says none for an ordinary message', () => {
    expect(unwrapCarbon(inner, OWN)).toEqual({ kind: 'none' });
  });
  it('reads the delays of the forwarded wrapper, not those of the message it forwards', () => {
    const delayed = xml(
      'message',
      { from: OWN },
      xml(
        'received',
        { xmlns: 'urn:xmpp:carbons:2' },
        xml(
          'forwarded',
          { xmlns: 'urn:xmpp:forward:0' },
          xml('delay', {
            xmlns: 'urn:xmpp:delay',
            from: 'localhost',
            stamp: '2024-05-06T00:00:00Z',
          }),
          xml(
            'message',
            { from: 'bob@localhost/x', to: OWN, type: 'chat' },
            xml('body', {}, 'hi'),
            xml('delay', { xmlns: 'urn:xmpp:delay', stamp: '2001-01-01T00:00:00Z' }),
          ),
        ),
      ),
    );
    const unwrapped = unwrapCarbon(delayed, OWN);
    expect(unwrapped.kind === 'received' && unwrapped.delays).toEqual([
      { from: 'localhost', stamp: Date.UTC(2024, 4, 6) },
    ]);
  });
});

const result = (attrs: Record<string, string>, queryid: string, id = 'a1') =>
  xml(
    'message',
    attrs,
    xml(
      'result',
      { xmlns: 'urn:xmpp:mam:2', queryid, id },
      xml(
        'forwarded',
        { xmlns: 'urn:xmpp:forward:0' },
        xml('delay', { xmlns: 'urn:xmpp:delay', stamp: '2024-01-02T03:04:05Z' }),
        inner,
      ),
    ),
  );

describe('parseArchiveResult', () => {
  const active = new Set(['q1']);
  it('accepts results for our query from our account or without from', () => {
    for (const attrs of [{ from: OWN }, {}] as Record<string, string>[]) {
      expect(parseArchiveResult(result(attrs, 'q1'), OWN, active)).toEqual({
        kind: 'result',
        queryId: 'q1',
        archiveId: 'a1',
        message: inner,
        stamp: Date.UTC(2024, 0, 2, 3, 4, 5),
      });
    }
  });
  it('refuses results from others or for a query we did not send', () => {
    expect(parseArchiveResult(result({ from: 'bob@localhost' }, 'q1'), OWN, active).kind).toBe(
      'forged',
    );
    expect(parseArchiveResult(result({ from: OWN }, 'q2'), OWN, active).kind).toBe('forged');
    expect(parseArchiveResult(result({}, 'q1', ''), OWN, active).kind).toBe('forged');
  });
  it('says none without a result', () => {
    expect(parseArchiveResult(inner, OWN, active).kind).toBe('none');
  });

  const ROOM = 'room@muc.localhost';
  const tracker = (archive: string): ArchiveQueryTracker => ({
    archive,
    incomingState: 'received',
    onResult: () => {},
  });
  const queries: ArchiveQueries = new Map([
    ['own', tracker(OWN)],
    ['room', tracker(ROOM)],
  ]);
  it('accepts a result only from the archive its query asked, and hands back the tracker', () => {
    for (const attrs of [{ from: OWN }, {}] as Record<string, string>[]) {
      const parsed = parseArchiveResult(result(attrs, 'own'), OWN, queries);
      expect(parsed.kind === 'result' && parsed.tracker).toBe(queries.get('own'));
    }
    const fromRoom = parseArchiveResult(result({ from: ROOM }, 'room'), OWN, queries);
    expect(fromRoom.kind === 'result' && fromRoom.tracker).toBe(queries.get('room'));
  });
  it('refuses a result of one archive coming from another (or from nobody for a room)', () => {
    for (const [attrs, id] of [
      [{ from: ROOM }, 'own'],
      [{ from: 'bob@localhost' }, 'own'],
      [{ from: OWN }, 'room'],
      [{}, 'room'],
      [{ from: 'other@muc.localhost' }, 'room'],
      // A full JID is an occupant of the room or another device of ours, never the archive.
      [{ from: `${ROOM}/mallory` }, 'room'],
      [{ from: `${OWN}/phone` }, 'own'],
    ] as [Record<string, string>, string][]) {
      expect(parseArchiveResult(result(attrs, id), OWN, queries).kind).toBe('forged');
    }
  });
});

describe('archive query and fin', () => {
  it('builds a query with a start or an after cursor', () => {
    const q = buildArchiveQuery({ queryId: 'q', start: Date.UTC(2024, 0, 1), max: 10 });
    const query = q.getChild('query', 'urn:xmpp:mam:2')!;
    expect(query.attrs.queryid).toBe('q');
    const fields = query.getChild('x', 'jabber:x:data')!.getChildren('field');
    expect(fields.map((f) => [f.attrs.var, f.getChildText('value')])).toEqual([
      ['FORM_TYPE', 'urn:xmpp:mam:2'],
      ['start', '2024-01-01T00:00:00.000Z'],
    ]);
    expect(query.getChild('set', 'http://jabber.org/protocol/rsm')!.getChildText('max')).toBe('10');
    const after = buildArchiveQuery({ queryId: 'q', after: 'c9' }).getChild('query')!;
    expect(after.getChild('set')!.getChildText('after')).toBe('c9');
    expect(after.getChild('x')!.getChildren('field')).toHaveLength(1);
  });
  it('reads fin', () => {
    const fin = (complete: boolean, last?: string) =>
      xml(
        'iq',
        { type: 'result' },
        xml(
          'fin',
          { xmlns: 'urn:xmpp:mam:2', ...(complete && { complete: 'true' }) },
          xml(
            'set',
            { xmlns: 'http://jabber.org/protocol/rsm' },
            ...(last ? [xml('last', {}, last)] : []),
          ),
        ),
      );
    expect(parseFin(fin(true, 'z'))).toEqual({ complete: true, last: 'z' });
    expect(parseFin(fin(false))).toEqual({ complete: false });
    expect(parseFin(xml('iq', { type: 'result' }))).toBeNull();
  });
});
