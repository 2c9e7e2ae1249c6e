import { describe, expect, it } from 'vitest';
import { isStorageError } from '../../../electron/storage';
import type { NewMessage } from '../../../electron/storage/types';
import { A, B, msg, tempStorage } from './helpers';

/** n messages; `sameTime` puts runs of them on one millisecond, as second-precision stamps do. */
function conversation(n: number, sameTime = 1): NewMessage[] {
  return Array.from({ length: n }, (_, i) =>
    msg({ id: `h${i}`, body: `n${i}`, sentAt: 1_000_000 + Math.floor(i / sameTime) * 1000 }),
  );
}

function walkBack(store: ReturnType<typeof tempStorage>['messages'], limit: number): string[][] {
  const pages: string[][] = [];
  let before: string | undefined;
  for (;;) {
    const page = store.page(A, B, { limit, ...(before ? { before } : {}) });
    pages.push(page.messages.map((m) => m.id));
    if (!page.olderCursor) return pages;
    before = page.olderCursor;
  }
}

describe('history pages', () => {
  it('pages back through equal timestamps without gaps or repeats', () => {
    const { messages } = tempStorage();
    // 1,000+ on one millisecond also exercises the overflow into the next millisecond's slots.
    const all = [...conversation(23, 7), msg({ id: 'crowd', sentAt: 5 })];
    messages.insertMany(all);
    const crowd = Array.from({ length: 1005 }, (_, i) => msg({ id: `c${i}`, sentAt: 7 }));
    messages.insertMany(crowd);

    const pages = walkBack(messages, 10);
    const ids = pages.flat();
    // Oldest first within each page and across pages (read in reverse page order).
    const chronological = pages.reverse().flat();
    expect(new Set(ids).size).toBe(ids.length);
    expect(chronological).toEqual([
      'crowd',
      ...crowd.map((m) => m.id),
      ...all.slice(0, 23).map((m) => m.id),
    ]);
  });

  it('gives the newest page first, then older ones, and no cursor at the start', () => {
    const { messages } = tempStorage();
    messages.insertMany(conversation(5));
    const latest = messages.page(A, B, { limit: 3 });
    expect(latest.messages.map((m) => m.id)).toEqual(['h2', 'h3', 'h4']);
    expect(latest.hasNewer).toBe(false);
    const older = messages.page(A, B, { limit: 3, before: latest.olderCursor! });
    expect(older.messages.map((m) => m.id)).toEqual(['h0', 'h1']);
    expect(older.olderCursor).toBeUndefined();
    expect(older.hasNewer).toBe(true);
    expect(messages.page(A, 'empty@x', { limit: 3 })).toEqual({ messages: [], hasNewer: false });
  });

  it('only shows the one conversation', () => {
    const { messages } = tempStorage();
    messages.insertMany(conversation(3));
    messages.insert(msg({ peer: 'other@x' }));
    messages.insert(msg({ accountId: 'other@x' }));
    expect(messages.page(A, B, { limit: 50 }).messages).toHaveLength(3);
  });

  it('centres a page on a message, clamped at either end', () => {
    const { messages } = tempStorage();
    messages.insertMany(conversation(30, 4));
    const mid = messages.page(A, B, { around: 'h15', limit: 5 });
    expect(mid.messages.map((m) => m.id)).toEqual(['h13', 'h14', 'h15', 'h16', 'h17']);
    expect(mid.hasNewer).toBe(true);
    const older = messages.page(A, B, { before: mid.olderCursor!, limit: 5 });
    expect(older.messages.map((m) => m.id)).toEqual(['h8', 'h9', 'h10', 'h11', 'h12']);

    const start = messages.page(A, B, { around: 'h1', limit: 5 });
    expect(start.messages.map((m) => m.id)).toEqual(['h0', 'h1', 'h2', 'h3', 'h4']);
    expect(start.olderCursor).toBeUndefined();

    const end = messages.page(A, B, { around: 'h29', limit: 5 });
    expect(end.messages.map((m) => m.id)).toEqual(['h25', 'h26', 'h27', 'h28', 'h29']);
    expect(end.hasNewer).toBe(false);
    expect(end.olderCursor).toBeDefined();
  });

  it('gives the newest page for a message of another conversation', () => {
    const { messages } = tempStorage();
    messages.insertMany(conversation(4));
    const elsewhere = msg({ peer: 'other@x' });
    messages.insert(elsewhere);
    expect(
      messages.page(A, B, { around: elsewhere.id, limit: 2 }).messages.map((m) => m.id),
    ).toEqual(['h2', 'h3']);
  });

  it('rejects a cursor it did not make', () => {
    const { messages } = tempStorage();
    for (const before of ['garbage', '', Buffer.from('h1:-5').toString('base64url')]) {
      let caught: unknown;
      try {
        messages.page(A, B, { before, limit: 5 });
      } catch (error) {
        caught = error;
      }
      expect(isStorageError(caught) && caught.code).toBe('invalid-params');
    }
  });
});
