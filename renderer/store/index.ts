/**
 * The renderer's one store, built from slices (zustand's slices pattern) around an injected
 * transport, and the React hook to read it.
 */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RendererApi } from '../transport';
import { batchable } from './batch';
import { createAccountsSlice } from './accounts.slice';
import { createChatSlice } from './chat.slice';
import { createOtrSlice } from './otr.slice';
import { createRealnameSlice } from './realname.slice';
import { createRoomsSlice } from './rooms.slice';
import { createRosterSlice } from './roster.slice';
import { createSubscriptionsSlice } from './subscriptions.slice';
import { createSearchSlice } from './search.slice';
import type { AppState } from './types';
import { createUiSlice } from './ui.slice';

export type AppStore = StoreApi<AppState>;
export type { AppState } from './types';

export function createAppStore(api: RendererApi): AppStore {
  // batchable: the bridge applies a batch of events as one update (see ./batch).
  return createStore<AppState>()(
    batchable((...args) => ({
      ...createAccountsSlice(api)(...args),
      ...createRosterSlice(api)(...args),
      ...createSubscriptionsSlice(api)(...args),
      ...createUiSlice(api)(...args),
      ...createChatSlice(api)(...args),
      ...createSearchSlice(api)(...args),
      ...createRoomsSlice(api)(...args),
      ...createOtrSlice(api)(...args),
      ...createRealnameSlice(api)(...args),
    })),
  );
}

export const StoreContext = createContext<AppStore | null>(null);

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStoreApi(), selector);
}

/**
 * The store itself, for reading it when something happens (an event handler) without
 * subscribing the component to it.
 */
export function useAppStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore outside StoreContext');
  return store;
}
