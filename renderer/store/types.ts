/** The store's combined shape and the slice-creator signature every slice follows. */
import type { StateCreator } from 'zustand/vanilla';
import type { RendererApi } from '../transport';
import type { AccountsSlice } from './accounts.slice';
import type { ChatSlice } from './chat.slice';
import type { OtrSlice } from './otr.slice';
import type { RealnameSlice } from './realname.slice';
import type { RoomsSlice } from './rooms.slice';
import type { RosterSlice } from './roster.slice';
import type { SubscriptionsSlice } from './subscriptions.slice';
import type { SearchSlice } from './search.slice';
import type { UiSlice } from './ui.slice';

export type AppState = AccountsSlice &
  RosterSlice &
  SubscriptionsSlice &
  UiSlice &
  ChatSlice &
  SearchSlice &
  RoomsSlice &
  OtrSlice &
  RealnameSlice;

/** Slices get the transport passed in, so tests can hand them a fake. */
export type SliceCreator<T> = (api: RendererApi) => StateCreator<AppState, [], [], T>;
