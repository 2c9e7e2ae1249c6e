// Archive catch-up newest first against the real Prosody (mod_mam, 50 results a page): the
// newest page is stored before anything older, everything in the window arrives once, what was
// received live is not paged through again, and an interrupted catch-up is finished by the next.
// heidi, judy and ken are this file's alone (globalSetup): their archives hold only what it sends.
import { describe, expect, it } from 'vitest';
import { allMessages, bare, connect, device, openStore, token } from './helpers';
import {
  awayHistory,
  IVAN,
  LENA,
  phone,
  progress,
  sendMany,
  signIn,
  storedOnce,
  upserted,
} from './catchUpHelpers';

describe('archive catch-up, newest first', () => {
  it('stores the newest page before anything older, and every message once', async () => {
    const { bodies } = await awayHistory('heidi', 260, 'away');

    const { storage } = openStore();
    const session = await signIn('heidi', storage);
    const newest = bodies.at(-1)!;
    await session.recorder.message((m) => m.body === newest);
    await session.chat.whenCaughtUp(bare('heidi'));

    const events = upserted(session.recorder, bodies);
    // The newest page (Prosody's 50) came first, as one page, newest message included.
    expect(new Set(events.slice(0, 50).map((e) => e.payload.body))).toEqual(
      new Set(bodies.slice(-50)),
    );
    expect(events).toHaveLength(260);
    const stored = storedOnce(storage, 'heidi', bodies);
    // First catch-up: the newest page is unread, older history is filed as read.
    const stateOf = (body: string) => stored.find((m) => m.body === body)?.state;
    expect([stateOf(newest), stateOf(bodies[210]!)]).toEqual(['received', 'received']);
    expect([stateOf(bodies[209]!), stateOf(bodies[0]!)]).toEqual(['read', 'read']);
    // Newest page, then four older pages (the last one says complete).
    expect(session.queries).toHaveLength(6);
    expect(session.queries[0]).toBe('');
    expect(storage.messages.archiveGaps(bare('heidi'), bare('heidi'))).toEqual([]);
    const phases = progress(session.recorder).map((p) => p.phase);
    expect([...new Set(phases)]).toEqual(['newest', 'older', 'done']);
    expect(progress(session.recorder).at(-1)).toMatchObject({ phase: 'done', fetched: 260 });
  });

  it('fetches an opened conversation’s newest page ahead of older history', async () => {
    const ivan = await connect('ivan', token('writer'));
    const lena = await connect('lena', token('writer'));
    const heidiPhone = await phone('heidi');
    // lena wrote long ago, ivan a lot since: her messages are far from the newest page.
    const hers = await sendMany(lena, 'heidi', 3, 'from-lena');
    const his = await sendMany(ivan, 'heidi', 150, 'from-ivan');
    await heidiPhone.received([...hers, ...his]);

    const { storage } = openStore();
    const session = await signIn('heidi', storage);
    await session.chat.whenSynced(bare('heidi'));
    const opened = session.chat.history({ accountId: bare('heidi'), peer: LENA });
    expect(opened.ok).toBe(true);
    await session.recorder.message((m) => m.body === hers.at(-1));
    await session.chat.whenCaughtUp(bare('heidi'));
    // Right after the newest page; then the walk goes on through everything older.
    expect(session.queries.slice(0, 2)).toEqual(['', `with ${LENA} `]);
    storedOnce(storage, 'heidi', his);
    const fromLena = allMessages(storage, bare('heidi'), LENA).map((m) => m.body);
    expect(fromLena.filter((body) => hers.includes(body))).toEqual(hers);
    expect(storage.messages.archiveGaps(bare('heidi'), bare('heidi'))).toEqual([]);
  });

  it('does not page again through messages received live', async () => {
    const ivan = await connect('ivan', token('writer'));
    const { storage } = openStore();
    const judy = await device('judy', { storage });
    const bodies = await sendMany(ivan, 'judy', 120, 'live');
    await judy.recorder.message((m) => m.body === bodies.at(-1));
    await judy.chat.whenCaughtUp(bare('judy'));
    storedOnce(storage, 'judy', bodies);
    judy.detach();
    await judy.client.stop();

    const again = await signIn('judy', storage);
    await again.chat.whenCaughtUp(bare('judy'));
    // One page: it holds messages stored already, so the catch-up is over.
    expect(again.queries).toEqual(['']);
    expect(progress(again.recorder).at(-1)).toMatchObject({ phase: 'done', fetched: 50 });
    expect(upserted(again.recorder, bodies)).toEqual([]);
    storedOnce(storage, 'judy', bodies);
  });

  it('finishes an interrupted catch-up at the next sign-in, after its own newest page', async () => {
    const { ivan, phone: kenPhone, bodies: old } = await awayHistory('ken', 260, 'before-quit');

    // Quits while the third page (the second older one) is on its way.
    const { storage } = openStore();
    const first = await signIn('ken', storage, (n, session) => {
      if (n === 3) session.detach();
    });
    await first.recorder.waitFor(
      (e) => e.event === 'archive.progress' && e.payload.phase === 'failed',
      'the interrupted catch-up',
    );
    const gaps = storage.messages.archiveGaps(bare('ken'), bare('ken'));
    expect(gaps).toHaveLength(1);
    expect(allMessages(storage, bare('ken'), IVAN)).toHaveLength(100);
    await first.client.stop();

    const fresh = await sendMany(ivan, 'ken', 5, 'while-away');
    await kenPhone.received(fresh);
    const second = await signIn('ken', storage);
    await second.chat.whenCaughtUp(bare('ken'));
    // Its own newest page first (it meets stored history), then the gap the first one left.
    expect(second.queries.slice(0, 2)).toEqual(['', gaps[0]!.before]);
    const stored = storedOnce(storage, 'ken', [...old, ...fresh]);
    expect(storage.messages.archiveGaps(bare('ken'), bare('ken'))).toEqual([]);
    const stateOf = (body: string) => stored.find((m) => m.body === body)?.state;
    expect(fresh.map(stateOf)).toEqual(fresh.map(() => 'received'));
    expect(stateOf(old[0]!)).toBe('read');
  });
});
