/**
 * OTR keys of the accounts (issue 8): whether each has its private-conversation key, is making
 * it, and its fingerprint. Asked when shown, kept current by otr.key events.
 */
import type { OtrConversationState, OtrKeyEvent, OtrKeyStatus } from '../../shared/contract';
import type { UiResult } from '../transport';
import { convKey } from './chat.selectors';
import type { SliceCreator } from './types';

export interface OtrSlice {
  readonly otrKeys: Readonly<Record<string, OtrKeyStatus>>;
  /** One-to-one conversations and where they stand with OTR, by convKey. */
  readonly otrStates: Readonly<Record<string, OtrConversationState>>;
  otrStateChanged(state: OtrConversationState): void;
  otrStateRequested(accountId: string, peer: string): Promise<UiResult<OtrConversationState>>;
  /** Start (or refresh) or end a private conversation. */
  otrRequested(
    action: 'start' | 'end',
    accountId: string,
    peer: string,
  ): Promise<UiResult<OtrConversationState>>;
  otrKeyChanged(event: OtrKeyEvent): void;
  otrKeyRequested(accountId: string): Promise<UiResult<OtrKeyStatus>>;
  /** Makes the account's key; shows it as being made meanwhile. */
  otrKeyGenerated(accountId: string): Promise<UiResult<OtrKeyStatus>>;
}

export const createOtrSlice: SliceCreator<OtrSlice> = (api) => (set, get) => {
  const put = (accountId: string, status: OtrKeyStatus) =>
    set({ otrKeys: { ...get().otrKeys, [accountId]: status } });
  const putState = (state: OtrConversationState) =>
    set({ otrStates: { ...get().otrStates, [convKey(state.accountId, state.peer)]: state } });
  return {
    otrKeys: {},
    otrStates: {},
    otrStateChanged: putState,
    otrStateRequested: async (accountId, peer) => {
      const result = await api.request('otr.state', { accountId, peer });
      if (result.ok) putState(result.value);
      return result;
    },
    otrRequested: async (action, accountId, peer) => {
      const result = await api.request(action === 'start' ? 'otr.start' : 'otr.end', {
        accountId,
        peer,
      });
      if (result.ok) putState(result.value);
      return result;
    },
    otrKeyChanged: ({ accountId, status }) => put(accountId, status),
    otrKeyRequested: async (accountId) => {
      const result = await api.request('otr.key', { accountId });
      if (result.ok) put(accountId, result.value);
      return result;
    },
    otrKeyGenerated: async (accountId) => {
      const before = get().otrKeys[accountId];
      put(accountId, { state: 'generating' });
      const result = await api.request('otr.generate', { accountId });
      if (result.ok) put(accountId, result.value);
      else put(accountId, before ?? { state: 'none' });
      return result;
    },
  };
};
