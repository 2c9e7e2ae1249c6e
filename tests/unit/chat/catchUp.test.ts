// The paging of the archive catch-up (newest first, then backwards in the background), against a
// scripted archive and the real SQLite store; the real server is exercised in
// tests/integration/chat/archive.test.ts.
import type { Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import type { ArchiveProgress } from '../../../shared/contract';
import {
  NEWEST_PAGE,
  PAGE_PAUSE_MS,
  startCatchUp,
  type CatchUpDeps,
} from '../../../electron/chat/catchUp';
import { PROGRESS_INTERVAL_MS } from '../../../electron/chat/catchUpProgress';
import { tempStorage } from '../storage/helpers';
import { FakeArchive, type Item } from './fakeArchive';

const OWN = 'alice@localhost';
const CAROL = 'carol@localhost';
const NOW = Date.UTC(2026, 0, 10);
const DAY = 24 * 3600 * 1000;

function setup() {
  const storage = tempStorage();
  const archive = new FakeArchive(storage, OWN);
  const progress: ArchiveProgress[] = [];
  const state = { clock: NOW, stopped: false };
  let n = 0;
  const deps = (over: Partial<CatchUpDeps> = {}): CatchUpDeps => ({
    accountId: OWN,
    archive: OWN,
    store: storage.messages,
    request: archive.request,
    queries: archive.queries,
    newId: () => `q${(n += 1)}`,
    flush: archive.flush,
    now: () => state.clock,
    stopped: () => state.stopped,
    progress: (p) => void progress.push(p),
    // Yields to the event loop without a timer, so that the tests run fast.
    pause: () => new Promise((resolve) => setImmediate(resolve)),
    ...over,
  });
  const gaps = () => storage.messages.archiveGaps(OWN, OWN);
  const befores = () => archive.sent.map((q) => q.before);
  return { storage, archive, progress, state, deps, gaps, befores };
}

const ids = (items: readonly Item[]) => items.map((i) => i.id);
const phases = (progress: readonly ArchiveProgress[]) => [...new Set(progress.map((p) => p.phase))];

describe('archive catch-up, newest first', () => {
  it('stores the newest page first, then older pages backwards, each message once', async () => {
    const t = setup();
    const items = t.archive.add(230, NOW - DAY);
    const run = startCatchUp(t.deps());

    await run.newest;
    // Shown before anything older is even asked for; stored newest first (ArchiveOrder).
    expect(t.archive.sent).toHaveLength(1);
    expect(t.archive.sent[0]).toMatchObject({ before: '', max: NEWEST_PAGE, start: NOW - 7 * DAY });
    expect(t.archive.committed).toEqual(ids(items.slice(-50)).reverse());

    expect(await run.done).toBe('done');
    expect(t.befores()).toEqual(['', 'a181', 'a131', 'a81', 'a31']);
    expect([...t.archive.committed].sort()).toEqual(ids(items).sort());
    expect(new Set(t.archive.committed).size).toBe(230);
    // First catch-up: the newest page is what arrived while away, the rest is history.
    expect(t.archive.stateOf('a230')).toBe('received');
    expect(t.archive.stateOf('a181')).toBe('received');
    expect(t.archive.stateOf('a180')).toBe('read');
    expect(t.archive.stateOf('a1')).toBe('read');
    expect(t.gaps()).toEqual([]);
    expect(t.archive.queries.size).toBe(0);
    expect(t.archive.maxInFlight).toBe(1);
    expect(phases(t.progress)).toEqual(['newest', 'older', 'done']);
    expect(t.progress.at(-1)).toMatchObject({ phase: 'done', fetched: 230, archive: OWN });
  });

  it('keeps archive order among messages of one second, though older pages come later', async () => {
    const t = setup();
    // Archive stamps have whole seconds: a busy second's messages all share one sent time.
    const items = Array.from({ length: 130 }, (_, i) => ({
      id: `s${i + 1}`,
      at: NOW - DAY,
      peer: 'bob@localhost',
    }));
    t.archive.items.push(...items);
    expect(await startCatchUp(t.deps()).done).toBe('done');
    const page = t.storage.messages.page(OWN, 'bob@localhost', { limit: 500 });
    expect(page.messages.map((m) => m.id)).toEqual(items.map((i) => `m-${i.id}`));
  });

  it('files a hole between messages of its second that came live where the archive has it', async () => {
    const t = setup();
    // Whole-second stamps in the archive; the live ones were dated to the millisecond.
    const second = NOW - DAY;
    const item = (id: string) => ({ id, at: second, peer: 'bob@localhost' });
    const before = ['p1', 'p2', 'p3'].map(item);
    const hole = ['h1', 'h2', 'h3'].map(item);
    const after = ['n1', 'n2', 'n3'].map(item);
    t.archive.items.push(...before, ...hole, ...after);
    const live = (items: readonly Item[], from: number) =>
      t.storage.messages.insertMany(
        items.map((i, k) => ({
          id: `m-${i.id}`,
          accountId: OWN,
          kind: 'chat' as const,
          peer: i.peer,
          direction: 'in' as const,
          body: `body ${i.id}`,
          sentAt: from + k,
          state: 'received' as const,
          via: 'live' as const,
          private: false,
          stanzaId: i.id,
          archive: OWN,
        })),
      );
    live(before, second + 100);
    live(after, second + 700);
    expect(await startCatchUp(t.deps()).done).toBe('done');
    const page = t.storage.messages.page(OWN, 'bob@localhost', { limit: 50 });
    expect(page.messages.map((m) => m.id)).toEqual(
      [...before, ...hole, ...after].map((i) => `m-${i.id}`),
    );
  });

  it('stops at the first page holding a message already stored (live ones count)', async () => {
    const t = setup();
    t.archive.live(t.archive.add(200, NOW - 2 * DAY));
    const away = t.archive.add(70, NOW - DAY, 'b');
    const run = startCatchUp(t.deps());
    expect(await run.done).toBe('done');
    // b21…b70, then a171…a200 + b1…b20, which holds stored messages: done.
    expect(t.befores()).toEqual(['', 'b21']);
    expect([...t.archive.committed.slice(200)].sort()).toEqual(ids(away).sort());
    // Stored history before: all of it arrived while away, so it is unread.
    expect(away.every((i) => t.archive.stateOf(i.id) === 'received')).toBe(true);
    expect(t.gaps()).toEqual([]);
  });

  it('goes on past stored history as far back as asked (what a lost stream carried)', async () => {
    const t = setup();
    const items = t.archive.add(200, NOW - DAY);
    t.archive.live(items);
    // Everything is stored: one page would do, but the walk must reach a110's time.
    const run = startCatchUp(t.deps({ reach: items[109]!.at }));
    let reached = false;
    void run.reached.then(() => (reached = true));
    expect(await run.done).toBe('done');
    expect(t.befores()).toEqual(['', 'a151']);
    expect(reached).toBe(true);
    expect(t.gaps()).toEqual([]);

    const u = setup();
    u.archive.live(u.archive.add(200, NOW - DAY));
    expect(await startCatchUp(u.deps()).done).toBe('done');
    expect(u.befores()).toEqual(['']);
  });

  it('walks on past results with nothing to store (receipts)', async () => {
    const t = setup();
    const items = t.archive.add(200, NOW - DAY);
    // Every tenth result is a receipt: not stored, and no sign of stored history either.
    t.archive.items.splice(
      0,
      200,
      ...items.map((i, k) => (k % 10 === 0 ? { ...i, skip: true } : i)),
    );
    expect(await startCatchUp(t.deps()).done).toBe('done');
    expect(t.befores()).toEqual(['', 'a151', 'a101', 'a51']);
    expect(t.archive.committed).toHaveLength(180);
  });

  it('asks one page only when everything is stored already', async () => {
    const t = setup();
    t.archive.live(t.archive.add(300, NOW - DAY));
    expect(await startCatchUp(t.deps()).done).toBe('done');
    expect(t.befores()).toEqual(['']);
    expect(t.archive.committed).toHaveLength(300);
    expect(phases(t.progress)).toEqual(['newest', 'done']);
  });

  it('resumes an interrupted catch-up: the new newest pass first, then the gap it left', async () => {
    const t = setup();
    const old = t.archive.add(300, NOW - 3 * DAY);
    t.archive.failures.set(3, Object.assign(new Error('timeout'), { name: 'TimeoutError' }));
    expect(await startCatchUp(t.deps()).done).toBe('failed');
    expect(t.progress.at(-1)?.phase).toBe('failed');
    // a251…a300, a201…a250 stored; the gap starts where the last committed page ended.
    expect(t.gaps()).toEqual([{ before: 'a201', notBefore: NOW - 7 * DAY }]);
    expect(t.archive.committed).toHaveLength(100);

    const fresh = t.archive.add(20, NOW - DAY, 'n');
    t.archive.sent.length = 0;
    t.archive.failures.clear();
    t.state.clock = NOW + 1000;
    expect(await startCatchUp(t.deps()).done).toBe('done');
    // The newest page (n1…n20 + a281…a300) meets stored history; then the old gap is filled.
    expect(t.befores()).toEqual(['', 'a201', 'a151', 'a101', 'a51']);
    expect([...t.archive.committed].sort()).toEqual(ids([...old, ...fresh]).sort());
    expect(t.gaps()).toEqual([]);
    expect(fresh.every((i) => t.archive.stateOf(i.id) === 'received')).toBe(true);
    // What the gap brought is older than anything stored before: history, not unread.
    expect(t.archive.stateOf('a200')).toBe('read');
    expect(t.archive.stateOf('a1')).toBe('read');
  });

  it('leaves the gap before a page that came back after the account detached', async () => {
    const t = setup();
    t.archive.add(300, NOW - DAY);
    const request = async (stanza: Element) => {
      const reply = await t.archive.request(stanza);
      if (t.archive.sent.length === 2) t.state.stopped = true;
      return reply;
    };
    expect(await startCatchUp(t.deps({ request })).done).toBe('stopped');
    // That page may be half stored: the next catch-up asks for it again.
    expect(t.gaps()).toEqual([{ before: 'a251', notBefore: NOW - 7 * DAY }]);
    expect(t.progress.at(-1)?.phase).toBe('failed');
  });

  it('keeps to the window: asks nothing older, and stops where a server sends older', async () => {
    const t = setup();
    t.storage.messages.setPreferences({ archiveWindowDays: 3 });
    t.archive.add(100, NOW - 9 * DAY, 'old');
    const recent = t.archive.add(60, NOW - DAY, 'b');
    expect(await startCatchUp(t.deps()).done).toBe('done');
    expect(t.archive.sent.map((q) => q.start)).toEqual([NOW - 3 * DAY, NOW - 3 * DAY]);
    expect([...t.archive.committed].sort()).toEqual(ids(recent).sort());

    const u = setup();
    u.archive.ignoreStart = true;
    u.archive.add(200, NOW - 9 * DAY, 'old');
    u.archive.add(60, NOW - DAY, 'b');
    expect(await startCatchUp(u.deps()).done).toBe('done');
    // b11…b60, then old161…old200 + b1…b10: past the window, so no further page.
    expect(u.befores()).toEqual(['', 'b11']);
    expect(u.gaps()).toEqual([]);
  });

  it('drops a gap whose start the archive no longer knows, and goes on with the next', async () => {
    const t = setup();
    const older = t.archive.add(60, NOW - 6 * DAY, 'o');
    t.archive.live(t.archive.add(60, NOW - DAY));
    t.storage.messages.setArchiveGap(OWN, OWN, { before: 'o41', notBefore: NOW - 7 * DAY });
    t.storage.messages.setArchiveGap(OWN, OWN, { before: 'gone', notBefore: NOW - 7 * DAY });
    expect(await startCatchUp(t.deps()).done).toBe('done');
    expect(t.befores()).toEqual(['', 'gone', 'o41']);
    expect(t.gaps()).toEqual([]);
    expect([...t.archive.committed.slice(60)].sort()).toEqual(ids(older.slice(0, 40)).sort());
  });

  it('stops at an answer that is not from the archive asked, keeping its gap', async () => {
    const t = setup();
    t.archive.add(300, NOW - DAY);
    t.archive.forgedAnswers.set(2, 'mallory@evil.example');
    expect(await startCatchUp(t.deps()).done).toBe('failed');
    expect(t.befores()).toEqual(['', 'a251']);
    expect(t.gaps()).toEqual([{ before: 'a251', notBefore: NOW - 7 * DAY }]);
    expect(t.progress.at(-1)?.phase).toBe('failed');

    const u = setup();
    u.archive.add(10, NOW - DAY);
    u.archive.forgedAnswers.set(1, 'mallory@evil.example');
    expect(await startCatchUp(u.deps()).done).toBe('failed');
    expect(u.gaps()).toEqual([]);
  });

  it('lets the results of a query that timed out go quietly when they come late', async () => {
    const t = setup();
    t.archive.add(10, NOW - DAY);
    t.archive.failures.set(1, Object.assign(new Error('timed out'), { name: 'TimeoutError' }));
    expect(await startCatchUp(t.deps()).done).toBe('failed');
    // Re-sent after a resumption, they find their query still known (not forged) and are
    // dropped: nothing stored, the next catch-up asks again.
    const [late] = [...t.archive.queries.values()];
    let stored = false;
    late?.hold?.({ correction: false, store: () => void (stored = true) });
    expect(late).toBeDefined();
    expect(stored).toBe(false);
    expect(t.archive.committed).toEqual([]);
  });

  it('ends quietly against an archive that does not do MAM', async () => {
    const t = setup();
    t.archive.failures.set(
      1,
      Object.assign(new Error('feature-not-implemented'), { condition: 'feature-not-implemented' }),
    );
    expect(await startCatchUp(t.deps()).done).toBe('unsupported');
    expect(t.progress.map((p) => [p.phase, p.fetched])).toEqual([
      ['newest', 0],
      ['done', 0],
    ]);
  });

  it('yields between pages: a live stanza is handled before the next page is asked', async () => {
    const t = setup();
    t.archive.add(200, NOW - DAY);
    const request = async (stanza: Element) => {
      // Only the query in flight has a tracker; results of any other are forged.
      const queryId = stanza.getChild('query')!.attrs.queryid as string;
      expect([...t.archive.queries.keys()]).toEqual([queryId]);
      const reply = await t.archive.request(stanza);
      // A live stanza arrives from the socket just after this page.
      if (t.archive.sent.length === 1) setImmediate(() => t.archive.log.push('live'));
      return reply;
    };
    const started = Date.now();
    // The real pause between pages (a timer), not the tests' shortcut.
    expect(await startCatchUp(t.deps({ request, pause: undefined })).done).toBe('done');
    expect(t.archive.log.slice(0, 3)).toEqual(['query ', 'live', 'query a151']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * PAGE_PAUSE_MS - 5);
    expect(t.archive.maxInFlight).toBe(1);
  });

  it('reports progress throttled: newest, older with the time reached, done', async () => {
    const t = setup();
    t.archive.cap = 20;
    const items = t.archive.add(400, NOW - 2 * DAY);
    const request = (stanza: Element) => {
      t.state.clock += 40;
      return t.archive.request(stanza);
    };
    expect(await startCatchUp(t.deps({ request })).done).toBe('done');
    expect(t.archive.sent).toHaveLength(20);
    expect(phases(t.progress)).toEqual(['newest', 'older', 'done']);
    // 20 pages over 800 ms: a few events a second, not one per page.
    const elapsed = t.state.clock - NOW;
    expect(t.progress.length).toBeLessThanOrEqual(elapsed / PROGRESS_INTERVAL_MS + 3);
    const older = t.progress.filter((p) => p.phase !== 'newest');
    const reached = older.map((p) => p.reachedAt!);
    expect(reached).toEqual([...reached].sort((a, b) => b - a));
    expect(t.progress.at(-1)).toMatchObject({ fetched: 400, reachedAt: items[0]!.at });
  });

  it('fetches an opened conversation’s newest page ahead of older history', async () => {
    const t = setup();
    const before = t.archive.add(150, NOW - 4 * DAY, 'o');
    const carol = t.archive.add(20, NOW - 3 * DAY, 'c', CAROL);
    const bob = t.archive.add(150, NOW - 2 * DAY);
    const run = startCatchUp(t.deps());
    await run.newest;
    expect(run.prioritize(CAROL)).toBe(true);
    expect(run.prioritize(CAROL)).toBe(false);
    expect(await run.done).toBe('done');
    expect(t.archive.sent[1]).toMatchObject({ with: CAROL, before: '' });
    // Carol's messages, stored by the priority page, do not end the walk through older history.
    expect([...t.archive.committed].sort()).toEqual(ids([...before, ...carol, ...bob]).sort());
    expect(t.archive.sent.at(-1)?.before).toBe('o21');
    expect(t.gaps()).toEqual([]);
    expect(run.prioritize(CAROL)).toBe(false);
    expect(t.archive.maxInFlight).toBe(1);
  });

  it('sends a room’s queries to the room and takes answers only from it', async () => {
    const t = setup();
    const ROOM = 'tea@conference.localhost';
    t.archive.add(10, NOW - DAY);
    t.archive.forgedAnswers.set(1, ROOM);
    const run = startCatchUp(t.deps({ archive: ROOM, to: ROOM }));
    expect(await run.done).toBe('done');
    expect(t.archive.sent[0]).toMatchObject({ to: ROOM, before: '' });
    expect(run.prioritize(CAROL)).toBe(false);

    const u = setup();
    u.archive.add(10, NOW - DAY);
    // No from: our own account answering, not the room.
    expect(await startCatchUp(u.deps({ archive: ROOM, to: ROOM })).done).toBe('failed');
  });
});
