import { describe, expect, it } from 'vitest';
import { A, B, msg, tempStorage } from './helpers';

const C = 'carol@example.org';

describe('message store: insert and de-duplication', () => {
  it('stores a message and returns it as stored', () => {
    const { messages } = tempStorage();
    const m = msg({ body: 'hi', xmppId: 'x1' });
    const { message, inserted } = messages.insert(m);
    expect(inserted).toBe(true);
    expect(message).toEqual({
      id: m.id,
      accountId: A,
      kind: 'chat',
      peer: B,
      direction: 'in',
      body: 'hi',
      sentAt: m.sentAt,
      state: 'received',
      via: 'live',
      private: false,
    });
    expect(messages.get(m.id)).toEqual(message);
  });

  it('returns the existing row for the same stanza-id within an account', () => {
    const { messages } = tempStorage();
    const first = messages.insert(msg({ stanzaId: 's1', body: 'first' }));
    const again = messages.insert(msg({ stanzaId: 's1', body: 'again', via: 'archive' }));
    expect(again.inserted).toBe(false);
    expect(again.message).toEqual(first.message);
    // Another account may see the same stanza-id from its own server.
    expect(messages.insert(msg({ stanzaId: 's1', accountId: C })).inserted).toBe(true);
    expect(messages.page(A, B, { limit: 10 }).messages).toHaveLength(1);
  });

  it('returns the existing row for the same origin-id from the same peer', () => {
    const { messages } = tempStorage();
    const first = messages.insert(msg({ originId: 'o1' }));
    const carbon = messages.insert(msg({ originId: 'o1', via: 'carbon', stanzaId: 'new' }));
    expect(carbon).toMatchObject({ message: first.message, inserted: false });
    // Another peer choosing the same origin-id is a different message.
    expect(messages.insert(msg({ originId: 'o1', peer: C })).inserted).toBe(true);
  });

  it('tells an archive entry stored as such from one stored otherwise', () => {
    const { messages } = tempStorage();
    const first = messages.insert(msg({ originId: 'o1', stanzaId: 'x1' }));
    const same = messages.insert(msg({ originId: 'o1', stanzaId: 'x1', via: 'archive' }));
    expect(same).toEqual({ message: first.message, inserted: false });
    // The sender re-sent it: the archive holds it again, under a newer id.
    const resent = messages.insert(msg({ originId: 'o1', stanzaId: 'x2', via: 'archive' }));
    expect(resent).toEqual({ message: first.message, inserted: false, elsewhere: true });
    // One of ours, stored as we sent it: where the archive put it is not known.
    const sent = messages.insert(msg({ originId: 'o2', direction: 'out', state: 'sent' }));
    const archived = messages.insert(msg({ originId: 'o2', stanzaId: 'x3', direction: 'out' }));
    expect(archived).toEqual({ message: sent.message, inserted: false, elsewhere: true });
    // Not an archive result: nothing to say.
    expect(messages.insert(msg({ originId: 'o2', direction: 'out' })).elsewhere).toBeUndefined();
  });

  it('returns the existing row when our own id comes back', () => {
    const { messages } = tempStorage();
    const own = msg({ direction: 'out', state: 'pending' });
    messages.insert({ ...own, originId: own.id });
    const echo = messages.insert({ ...own, originId: own.id, state: 'sent', via: 'archive' });
    expect(echo.inserted).toBe(false);
    expect(echo.message.state).toBe('pending');
  });

  it('stores many in one call, de-duplicating within the batch', () => {
    const { messages } = tempStorage();
    const results = messages.insertMany([
      msg({ stanzaId: 'a' }),
      msg({ stanzaId: 'b' }),
      msg({ stanzaId: 'a' }),
    ]);
    expect(results.map((r) => r.inserted)).toEqual([true, true, false]);
  });
});

describe('message store: updates, outbox, receipts', () => {
  it('moves through states, sets and clears errors, corrects text', () => {
    const { messages } = tempStorage();
    const m = msg({ direction: 'out', state: 'pending' });
    messages.insert(m);
    const error = { code: 'storage-failed' as const, message: 'disk full' };
    expect(messages.update(m.id, { state: 'failed', error })).toMatchObject({
      state: 'failed',
      error,
    });
    const cleared = messages.update(m.id, {
      state: 'sent',
      error: null,
      stanzaId: 'st',
      archive: A,
    });
    expect(cleared?.state).toBe('sent');
    expect(cleared).not.toHaveProperty('error');
    const edited = messages.update(m.id, { body: 'fixed', editedAt: 5 });
    expect(edited).toMatchObject({ body: 'fixed', editedAt: 5 });
    expect(messages.update('nope', { state: 'sent' })).toBeUndefined();
    // The stanza-id now de-duplicates the archive copy.
    expect(messages.insert(msg({ stanzaId: 'st', direction: 'out' })).inserted).toBe(false);
  });

  it('lists only pending outgoing messages of the account, oldest first', () => {
    const { messages } = tempStorage();
    const late = msg({ direction: 'out', state: 'pending', sentAt: 3000 });
    const early = msg({ direction: 'out', state: 'pending', sentAt: 1000, peer: C });
    messages.insert(late);
    messages.insert(early);
    messages.insert(msg({ direction: 'out', state: 'failed', sentAt: 500 }));
    messages.insert(msg({ direction: 'out', state: 'sent', sentAt: 600 }));
    messages.insert(msg({ direction: 'out', state: 'pending', accountId: C }));
    expect(messages.outbox(A).map((m) => m.id)).toEqual([early.id, late.id]);
    messages.update(early.id, { state: 'sent' });
    expect(messages.outbox(A).map((m) => m.id)).toEqual([late.id]);
  });

  it('finds the message a receipt or correction refers to by XMPP id or origin-id', () => {
    const { messages } = tempStorage();
    const byXmpp = msg({ xmppId: 'x-1' });
    const byOrigin = msg({ originId: 'o-1', xmppId: 'x-2' });
    messages.insert(byXmpp);
    messages.insert(byOrigin);
    expect(messages.findByXmppId(A, B, 'x-1')?.id).toBe(byXmpp.id);
    expect(messages.findByXmppId(A, B, 'o-1')?.id).toBe(byOrigin.id);
    expect(messages.findByXmppId(A, C, 'x-1')).toBeUndefined();
    expect(messages.findByXmppId(C, B, 'x-1')).toBeUndefined();
  });
});

describe('message store: conversations and unread counts', () => {
  it('keeps the newest message and the unread count per conversation', () => {
    const { messages } = tempStorage();
    messages.insert(msg({ peer: B, sentAt: 1000 }));
    const newestB = msg({ peer: B, sentAt: 5000 });
    messages.insert(newestB);
    // An archived message older than what we have does not become the last message.
    messages.insert(msg({ peer: B, sentAt: 10, via: 'archive' }));
    messages.insert(msg({ peer: C, sentAt: 3000, direction: 'out', state: 'sent' }));
    messages.insert(msg({ peer: B, sentAt: 2000, state: 'read' }));

    const list = messages.conversations();
    expect(list.map((c) => [c.peer, c.unread, c.lastMessage?.id])).toEqual([
      [B, 3, newestB.id],
      [C, 0, expect.any(String)],
    ]);
    expect(messages.conversation(A, B).unread).toBe(3);
    expect(messages.conversation(A, 'nobody@x')).toEqual({
      accountId: A,
      kind: 'chat',
      peer: 'nobody@x',
      unread: 0,
    });
  });

  it('keeps them the same way when the messages come in one batch, duplicates included', () => {
    const { messages } = tempStorage();
    const newestB = msg({ peer: B, sentAt: 5000 });
    const again = msg({ peer: B, sentAt: 1000, stanzaId: 's1', archive: A });
    messages.insertMany([
      msg({ peer: B, sentAt: 1000 }),
      newestB,
      again,
      // Older than newestB, later in the batch: neither the last message nor the kind.
      msg({ peer: B, sentAt: 10, via: 'archive', kind: 'room' }),
      msg({ peer: C, sentAt: 3000, direction: 'out', state: 'sent' }),
      msg({ peer: B, sentAt: 2000, state: 'read' }),
      { ...again, id: 'same-archive-entry' },
    ]);
    messages.insertMany([msg({ peer: C, sentAt: 4000 })]);

    expect(
      messages.conversations().map((c) => [c.peer, c.kind, c.unread, c.lastMessage?.id]),
    ).toEqual([
      // Four received, one read, and the second copy of one archive entry not counted again.
      [B, 'chat', 4, newestB.id],
      [C, 'chat', 1, expect.any(String)],
    ]);
  });

  it('markRead turns received into read and resets unread', () => {
    const { messages } = tempStorage();
    messages.insert(msg());
    messages.insert(msg());
    messages.insert(msg({ peer: C }));
    messages.insert(msg({ direction: 'out', state: 'sent' }));
    expect(messages.markRead(A, B)).toBe(2);
    expect(messages.conversation(A, B).unread).toBe(0);
    expect(messages.conversation(A, C).unread).toBe(1);
    expect(messages.page(A, B, { limit: 10 }).messages.map((m) => m.state)).toEqual([
      'read',
      'read',
      'sent',
    ]);
    expect(messages.markRead(A, B)).toBe(0);
    messages.insert(msg());
    expect(messages.conversation(A, B).unread).toBe(1);
  });

  it('counts a message read through update too', () => {
    const { messages } = tempStorage();
    const m = msg();
    messages.insert(m);
    messages.update(m.id, { state: 'read' });
    expect(messages.conversation(A, B).unread).toBe(0);
  });

  it('puts an older page before what a millisecond held, in order, across several commits', () => {
    const { messages } = tempStorage();
    const at = 1_700_000_000_000;
    const newer = ['n1', 'n2', 'n3'].map((id) => msg({ id, sentAt: at }));
    messages.insertMany(newer);
    // One older page, committed in two batches, then a page older still.
    const page = { size: 50, next: new Map<number, number>() };
    messages.insertMany(['o1', 'o2'].map((id) => msg({ id, sentAt: at, placement: page })));
    messages.insertMany(['o3'].map((id) => msg({ id, sentAt: at, placement: page })));
    const older = { size: 50, next: new Map<number, number>() };
    messages.insertMany(['p1', 'p2'].map((id) => msg({ id, sentAt: at, placement: older })));
    // A page into an empty millisecond keeps its own order too.
    messages.insertMany(['e1', 'e2'].map((id) => msg({ id, sentAt: at - 5, placement: older })));
    const ids = messages.page(A, B, { limit: 50 }).messages.map((m) => m.id);
    expect(ids).toEqual(['e1', 'e2', 'p1', 'p2', 'o1', 'o2', 'o3', 'n1', 'n2', 'n3']);
  });

  it('files an archive result right before its successor in the archive, of the same second', () => {
    const { messages } = tempStorage();
    const second = 1_700_000_000_000;
    // Two messages came live, dated to the millisecond; the one between them only comes back
    // from the archive, stamped with the whole second. A catch-up stores newest first.
    messages.insert(msg({ id: 'l1', stanzaId: 's1', sentAt: second + 408 }));
    messages.insert(msg({ id: 'l3', stanzaId: 's3', sentAt: second + 700 }));
    const order = {};
    const result = (id: string, stanzaId: string) =>
      msg({ id, stanzaId, sentAt: second, via: 'archive', order });
    messages.insertMany([result('a3', 's3'), result('a2', 's2'), result('a1', 's1')]);
    const stored = messages.page(A, B, { limit: 10 }).messages;
    // A millisecond before its successor: the history view orders by time.
    expect(stored.map((m) => [m.id, m.sentAt])).toEqual([
      ['l1', second + 408],
      ['a2', second + 699],
      ['l3', second + 700],
    ]);
  });

  it('believes the stamp when the successor is a minute later or more, and keeps a run in order', () => {
    const { messages } = tempStorage();
    const second = 1_700_000_000_000;
    messages.insert(msg({ id: 'l9', stanzaId: 's9', sentAt: second + 90_000 }));
    // Ours, stored as we sent it: its archive copy is no landmark (we sent it maybe long
    // before the server had it), the next older result goes by the one before.
    messages.insert(msg({ id: 'o1', originId: 'o1', direction: 'out', sentAt: second + 300 }));
    const order = {};
    const result = (id: string, stanzaId: string, extra: object = {}) =>
      msg({ id, stanzaId, sentAt: second, via: 'archive', order, ...extra });
    messages.insertMany([
      result('l9again', 's9', { sentAt: second + 90_000 }),
      result('x4', 'r4'),
      result('x3', 'r3'),
      result('x2', 'r2'),
      result('o1again', 'r1', { originId: 'o1', direction: 'out' }),
      result('x0', 'r0'),
    ]);
    const stored = messages.page(A, B, { limit: 10 }).messages;
    // The newest at the end of its second (what the archive holds before it is dated earlier),
    // each older one a millisecond before the one after it.
    expect(stored.map((m) => [m.id, m.sentAt])).toEqual([
      ['o1', second + 300],
      ['x0', second + 996],
      ['x2', second + 997],
      ['x3', second + 998],
      ['x4', second + 999],
      ['l9', second + 90_000],
    ]);
  });

  it('files a result below a successor that came live seconds after its stamp', () => {
    const { messages } = tempStorage();
    const second = 1_700_000_000_000;
    // A stalled link: both came live seconds after the archive stamped the one between them.
    messages.insert(msg({ id: 'l1', stanzaId: 's1', sentAt: second + 4_200 }));
    messages.insert(msg({ id: 'l3', stanzaId: 's3', sentAt: second + 4_300 }));
    const order = {};
    const result = (id: string, stanzaId: string) =>
      msg({ id, stanzaId, sentAt: second, via: 'archive', order });
    messages.insertMany([result('a3', 's3'), result('a2', 's2'), result('a1', 's1')]);
    const stored = messages.page(A, B, { limit: 10 }).messages;
    expect(stored.map((m) => m.id)).toEqual(['l1', 'a2', 'l3']);
  });

  it('files the walk’s newest result after what was stored when the walk began', () => {
    const { messages } = tempStorage();
    const second = 1_700_000_000_000;
    // Came live after a stalled link, seconds after the archive stamped the newer one.
    messages.insert(msg({ id: 'l1', stanzaId: 's1', sentAt: second + 4_200 }));
    const order = { notBefore: second + 4_200, notAfter: second + 5_000 };
    const result = (id: string, stanzaId: string) =>
      msg({ id, stanzaId, sentAt: second, via: 'archive', order });
    messages.insertMany([result('a2', 's2'), result('a1', 's1')]);
    expect(messages.page(A, B, { limit: 10 }).messages.map((m) => m.id)).toEqual(['l1', 'a2']);
  });
});
