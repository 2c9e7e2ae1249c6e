/**
 * The roster, subscriptions and search slices through createAppStore on a fake transport:
 * presence for unknown contacts is ignored, a failed request leaves state as it was, answered
 * requests leave the list at once, and a search answer that comes after a newer query is dropped.
 */
import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../shared/contract';
import { createAppStore } from '../../../renderer/store';
import { contact, fail, fakeApi, request, settle } from './fakeApi';

const A = 'alice@example.org';

describe('roster slice', () => {
  it('replaces an account roster and follows presence of known contacts only', () => {
    const store = createAppStore(fakeApi());
    store.getState().rosterReplaced(A, [contact('b@x'), contact('c@x')]);
    store.getState().contactPresenceChanged(A, 'b@x', { show: 'away' } as never);
    const roster = store.getState().rosters[A]!;
    expect(roster.map((c) => c.presence.show)).toEqual(['away', 'available']);
    const before = store.getState().rosters;
    store.getState().contactPresenceChanged(A, 'stranger@x', { show: 'away' } as never);
    store.getState().contactPresenceChanged('other@x', 'b@x', { show: 'away' } as never);
    expect(store.getState().rosters).toBe(before);
  });

  it('loads a roster on request, and keeps the old one when the request fails', async () => {
    const api = fakeApi();
    api.answer('roster.get', () => ({ ok: true, value: [contact('b@x')] }));
    const store = createAppStore(api);
    await store.getState().rosterRequested(A);
    expect(store.getState().rosters[A]).toHaveLength(1);
    api.answer('roster.get', () => fail('not-connected'));
    await store.getState().rosterRequested(A);
    expect(store.getState().rosters[A]).toHaveLength(1);
  });

  it('removing the open contact closes its conversation; a failed removal does not', async () => {
    const api = fakeApi();
    const store = createAppStore(api);
    store.setState({ selected: { accountId: A, kind: 'chat', peer: 'b@x' } });
    api.answer('contact.remove', () => fail('not-connected'));
    expect((await store.getState().contactRemoveRequested(A, 'b@x')).ok).toBe(false);
    expect(store.getState().selected?.peer).toBe('b@x');
    api.answer('contact.remove', () => ({ ok: true, value: null }));
    await store.getState().contactRemoveRequested(A, 'c@x');
    expect(store.getState().selected?.peer).toBe('b@x');
    await store.getState().contactRemoveRequested(A, 'b@x');
    expect(store.getState().selected).toBeNull();
  });

  it('add and update hand the result back to the dialog', async () => {
    const api = fakeApi();
    api.answer('contact.add', () => fail('bad-request'));
    const store = createAppStore(api);
    const result = await store
      .getState()
      .contactAddSubmitted({ accountId: A, jid: 'b@x' } as never);
    expect(!result.ok && result.error.code).toBe('bad-request');
    expect(store.getState().rosters[A]).toBeUndefined();
  });
});

describe('subscriptions slice', () => {
  it('drops an answered request at once and marks it busy meanwhile', async () => {
    const api = fakeApi();
    let release!: () => void;
    api.answer(
      'subscription.answer',
      () => new Promise((resolve) => (release = () => resolve({ ok: true, value: null }))),
    );
    const store = createAppStore(api);
    store.getState().subscriptionsReplaced([request(A, 'b@x'), request(A, 'c@x')]);
    const done = store.getState().subscriptionAnswered(A, 'b@x', true);
    expect(Object.keys(store.getState().answering)).toHaveLength(1);
    await settle();
    release();
    await done;
    expect(store.getState().answering).toEqual({});
    expect(store.getState().requests).toEqual([request(A, 'c@x')]);
    expect(api.requests.at(-1)?.params).toEqual({ accountId: A, jid: 'b@x', accept: true });
  });

  it('a failed answer keeps the request and reports the error', async () => {
    const api = fakeApi();
    api.answer('subscription.answer', () => fail('not-connected'));
    const store = createAppStore(api);
    store.getState().subscriptionsReplaced([request(A, 'b@x')]);
    await store.getState().subscriptionAnswered(A, 'b@x', false);
    expect(store.getState().requests).toEqual([request(A, 'b@x')]);
    expect(store.getState().answering).toEqual({});
    expect(store.getState().actionError?.code).toBe('not-connected');
  });
});

describe('search slice', () => {
  const hit = (id: string) => ({ id }) as unknown as SearchHit;

  it('opens, closes and keeps the query', () => {
    const store = createAppStore(fakeApi());
    store.getState().searchOpened();
    store.getState().searchQueryChanged('hello');
    expect(store.getState()).toMatchObject({ searchOpen: true, searchQuery: 'hello' });
    store.getState().searchClosed();
    expect(store.getState().searchOpen).toBe(false);
  });

  it('a blank query asks nothing and clears the hits', async () => {
    const api = fakeApi();
    const store = createAppStore(api);
    store.setState({ searchHits: [hit('old')], searchStatus: 'done' });
    store.getState().searchQueryChanged('   ');
    await store.getState().searchRequested();
    expect(api.requests).toEqual([]);
    expect(store.getState()).toMatchObject({ searchHits: [], searchStatus: 'idle' });
  });

  it('runs the trimmed query, and a failure empties the hits with the error', async () => {
    const api = fakeApi();
    api.answer('search.messages', () => ({ ok: true, value: [hit('h1')] }));
    const store = createAppStore(api);
    store.getState().searchQueryChanged(' hello ');
    const done = store.getState().searchRequested();
    expect(store.getState().searchStatus).toBe('searching');
    await done;
    expect(api.requests.at(-1)?.params).toMatchObject({ query: 'hello' });
    expect(store.getState()).toMatchObject({ searchHits: [hit('h1')], searchStatus: 'done' });
    api.answer('search.messages', () => fail('internal'));
    await store.getState().searchRequested();
    expect(store.getState().searchHits).toEqual([]);
    expect(store.getState().searchStatus).toBe('failed');
    expect(store.getState().searchError?.code).toBe('internal');
  });

  it('drops the answer to an older query that comes after a newer one', async () => {
    const api = fakeApi();
    const pending: Record<string, (value: SearchHit[]) => void> = {};
    api.answer(
      'search.messages',
      (params) =>
        new Promise((resolve) => {
          pending[(params as { query: string }).query] = (value) => resolve({ ok: true, value });
        }),
    );
    const store = createAppStore(api);
    store.getState().searchQueryChanged('old');
    const first = store.getState().searchRequested();
    store.getState().searchQueryChanged('new');
    const second = store.getState().searchRequested();
    await settle();
    pending.new!([hit('n')]);
    await second;
    pending.old!([hit('o')]);
    await first;
    expect(store.getState().searchHits).toEqual([hit('n')]);
    expect(store.getState().searchStatus).toBe('done');
  });
});
