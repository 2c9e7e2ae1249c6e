/**
 * One store update for many actions. The bridge applies a batch of events (hundreds during a
 * flood) by calling each event's slice action; every action's `set` would notify every subscriber
 * and every component's selector. Inside `inOneUpdate` the actions write to a draft instead (and
 * read it back through `get`), and the store is set once, with one notification, at the end.
 * Slices need not know: the middleware hands them a `set` and `get` that follow the draft.
 */
import type { StateCreator, StoreApi } from 'zustand/vanilla';

type Run = <T>(fn: () => T) => T;

const runners = new WeakMap<StoreApi<never>, Run>();

/** Middleware (root only): makes `inOneUpdate` work on the store it creates. */
export function batchable<S extends object>(creator: StateCreator<S>): StateCreator<S> {
  return (set, get, api) => {
    let draft: S | null = null;
    const draftSet: typeof set = (partial: unknown, replace?: boolean) => {
      if (draft === null) {
        (set as (p: unknown, r?: boolean) => void)(partial, replace);
        return;
      }
      const next =
        typeof partial === 'function' ? (partial as (state: S) => S | Partial<S>)(draft) : partial;
      if (next === draft || next === null || next === undefined) return;
      draft = replace ? (next as S) : { ...draft, ...(next as Partial<S>) };
    };
    const draftGet = (): S => draft ?? get();
    api.setState = draftSet;
    api.getState = draftGet;
    runners.set(api as unknown as StoreApi<never>, <T>(fn: () => T): T => {
      if (draft !== null) return fn();
      const before = get();
      draft = before;
      try {
        return fn();
      } finally {
        const after = draft;
        draft = null;
        if (after !== before) set(after, true);
      }
    });
    return creator(draftSet, draftGet, api);
  };
}

/**
 * Runs `fn` so that the store's subscribers hear of all its updates once, when it returns (or
 * throws: what was applied before stays applied). Nested calls join the outer one.
 */
export function inOneUpdate<S, T>(store: StoreApi<S>, fn: () => T): T {
  const run = runners.get(store as unknown as StoreApi<never>);
  return run ? run(fn) : fn();
}
