// The paging logic of the archive catch-up, against a scripted archive (the real server is
// exercised in tests/integration/chat).
import xml, { type Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { catchUp, FIRST_CATCH_UP_MS } from '../../../electron/chat/catchUp';

function fin(complete: boolean, last?: string, from?: string): Element {
  return xml(
    'iq',
    { type: 'result', ...(from && { from }) },
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
}

function harness(replies: Array<Element | Error>, cursor?: string) {
  const cursors: string[] = [];
  const sent: Element[] = [];
  const queries = new Set<string>();
  const seenQueries: string[][] = [];
  let n = 0;
  const deps = {
    accountId: 'alice@localhost',
    store: {
      archiveCursor: () => cursor,
      setArchiveCursor: (_: string, c: string) => void cursors.push(c),
    },
    request: async (stanza: Element) => {
      sent.push(stanza);
      seenQueries.push([...queries]);
      const reply = replies.shift();
      if (!reply) throw new Error('unexpected query');
      if (reply instanceof Error) throw reply;
      return reply;
    },
    queries,
    newId: () => `q${(n += 1)}`,
    now: () => 10 * FIRST_CATCH_UP_MS,
    stopped: () => false,
  };
  return { deps, cursors, sent, queries, seenQueries };
}

const rsm = (stanza: Element) => stanza.getChild('query')!.getChild('set')!;
const start = (stanza: Element) =>
  stanza
    .getChild('query')!
    .getChild('x')!
    .getChildren('field')
    .find((f) => f.attrs.var === 'start')
    ?.getChildText('value');

describe('catchUp', () => {
  it('starts from the first-use window, pages with after=last until complete, moves the cursor', async () => {
    const h = harness([fin(false, 'a'), fin(false, 'b'), fin(true, 'c')]);
    expect(await catchUp(h.deps)).toBe(3);
    expect(start(h.sent[0]!)).toBe(new Date(9 * FIRST_CATCH_UP_MS).toISOString());
    expect(h.sent.map((s) => rsm(s).getChildText('after'))).toEqual([null, 'a', 'b']);
    expect(h.cursors).toEqual(['a', 'b', 'c']);
    // Each query id is active while its page is in flight, and only then.
    expect(h.seenQueries).toEqual([['q1'], ['q2'], ['q3']]);
    expect(h.queries.size).toBe(0);
  });

  it('continues after the stored cursor and stops on an empty complete page', async () => {
    const h = harness([fin(true)], 'c0');
    await catchUp(h.deps);
    expect(rsm(h.sent[0]!).getChildText('after')).toBe('c0');
    expect(start(h.sent[0]!)).toBeUndefined();
    expect(h.cursors).toEqual([]);
  });

  it('falls back to the date window when the server no longer knows the cursor', async () => {
    const notFound = Object.assign(new Error('item-not-found'), { condition: 'item-not-found' });
    const h = harness([notFound, fin(true, 'z')], 'gone');
    await catchUp(h.deps);
    expect(rsm(h.sent[1]!).getChildText('after')).toBeNull();
    expect(start(h.sent[1]!)).toBeDefined();
    expect(h.cursors).toEqual(['z']);
  });

  it('refuses an answer from someone else and keeps the cursor', async () => {
    const h = harness([fin(true, 'evil', 'bob@localhost')]);
    await catchUp(h.deps);
    expect(h.cursors).toEqual([]);
  });

  it('passes other errors on', async () => {
    const h = harness([new Error('timeout')], 'c0');
    await expect(catchUp(h.deps)).rejects.toThrow('timeout');
    expect(h.queries.size).toBe(0);
  });
});
