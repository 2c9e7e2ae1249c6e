/**
 * OTR keys of the accounts (issue 8): whether each has its private-conversation key, is making
 * it, and its fingerprint. Asked when shown, kept current by otr.key events.
 */
import type { OtrKeyEvent, OtrKeyStatus } from '../../shared/contract';
import type { UiResult } from '../transport';
import type { SliceCreator } from './types';

export interface OtrSlice {
  readonly otrKeys: Readonly<Record<string, OtrKeyStatus>>;
  otrKeyChanged(event: OtrKeyEvent): void;
  otrKeyRequested(accountId: string): Promise<UiResult<OtrKeyStatus>>;
  /** Makes the account's key; shows it as being made meanwhile. */
  otrKeyGenerated(accountId: string): Promise<UiResult<OtrKeyStatus>>;
}

export const createOtrSlice: SliceCreator<OtrSlice> = (api) => (set, get) => {
  const put = (accountId: string, status: OtrKeyStatus) =>
    set({ otrKeys: { ...get().otrKeys, [accountId]: status } });
  return {
    otrKeys: {},
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
