/**
 * Message search: whether the panel is open, the query and its hits. Answers to an older query
 * that arrive after a newer one was sent are dropped (a sequence number tells them apart).
 */
import type { SearchHit } from '../../shared/contract';
import type { UiErrorInfo } from '../transport';
import type { SliceCreator } from './types';

export interface SearchSlice {
  readonly searchOpen: boolean;
  readonly searchQuery: string;
  readonly searchHits: readonly SearchHit[];
  readonly searchStatus: 'idle' | 'searching' | 'done' | 'failed';
  readonly searchError: UiErrorInfo | null;
  searchOpened(): void;
  searchClosed(): void;
  searchQueryChanged(query: string): void;
  /** Runs the current query (the panel debounces typing before calling this). */
  searchRequested(): Promise<void>;
}

const LIMIT = 100;

export const createSearchSlice: SliceCreator<SearchSlice> = (api) => (set, get) => {
  let seq = 0;
  return {
    searchOpen: false,
    searchQuery: '',
    searchHits: [],
    searchStatus: 'idle',
    searchError: null,

    searchOpened: () => set({ searchOpen: true }),
    searchClosed: () => set({ searchOpen: false }),
    searchQueryChanged: (query) => set({ searchQuery: query }),

    searchRequested: async () => {
      const query = get().searchQuery.trim();
      const mine = ++seq;
      if (!query) {
        set({ searchHits: [], searchStatus: 'idle', searchError: null });
        return;
      }
      set({ searchStatus: 'searching' });
      const result = await api.request('search.messages', { query, limit: LIMIT });
      if (mine !== seq) return;
      if (result.ok) set({ searchHits: result.value, searchStatus: 'done', searchError: null });
      else set({ searchHits: [], searchStatus: 'failed', searchError: result.error });
    },
  };
};
