/**
 * OTR keys of the accounts (issue 8): whether each has its private-conversation key, is making
 * it, and its fingerprint. Asked when shown, kept current by otr.key events.
 */
import type {
  OtrConversationState,
  OtrKeyEvent,
  OtrKeyStatus,
  OtrNotice,
  OtrPolicy,
  OtrPolicySetting,
  OtrSmpEvent,
} from '../../shared/contract';
import type { RequestParams, RequestResult } from '../../shared/contract';
import type { UiResult } from '../transport';
import { convKey } from './chat.selectors';
import type { SliceCreator } from './types';

/** Where verifying with SMP stands in a conversation. */
export type SmpPhase =
  | { readonly phase: 'waiting' }
  | { readonly phase: 'asked'; readonly question?: string }
  | { readonly phase: 'success' }
  | { readonly phase: 'failure' }
  | { readonly phase: 'aborted' }
  | { readonly phase: 'cheated' };

type OtrPassthrough =
  | 'otr.policy'
  | 'otr.setPolicy'
  | 'otr.importKey'
  | 'otr.importFingerprints'
  | 'otr.exportFingerprints'
  | 'otr.exportKey';

export interface OtrSlice {
  /** Requests whose answers only the component asking needs (policies). */
  otrRequest<N extends OtrPassthrough>(
    name: N,
    params: RequestParams<N>,
  ): Promise<UiResult<RequestResult<N>>>;
  /** Each contact's policy setting as last read or saved, by convKey (for the lock's menu). */
  readonly otrContactPolicies: Readonly<Record<string, OtrPolicySetting>>;
  /** Reads a contact's setting (policy, inherited, kept on disk) and keeps it. */
  otrContactPolicyRequested(accountId: string, peer: string): Promise<UiResult<OtrPolicySetting>>;
  /** Sets a contact's own policy (undefined: the account's) and, if given, keeping on disk. */
  otrContactPolicySaved(
    accountId: string,
    peer: string,
    policy: OtrPolicy | undefined,
    keepHistory?: boolean,
  ): Promise<UiResult<OtrPolicySetting>>;
  /** The last OTR notice of each conversation, by convKey, until dismissed. */
  readonly otrNotices: Readonly<Record<string, OtrNotice>>;
  otrNoticed(notice: OtrNotice): void;
  otrNoticeDismissed(accountId: string, peer: string): void;
  /** SMP in each conversation, by convKey (absent when none ran). */
  readonly otrSmp: Readonly<Record<string, SmpPhase>>;
  otrSmpChanged(event: OtrSmpEvent): void;
  /** Starts SMP (question optional), answers the contact's, or gives up. */
  otrSmpRequested(
    accountId: string,
    peer: string,
    action: 'start' | 'answer' | 'abort',
    secret?: string,
    question?: string,
  ): Promise<UiResult<null>>;
  /** Goes on with a contact whose key changed (what waited is sent). */
  otrAcknowledged(accountId: string, peer: string): Promise<UiResult<OtrConversationState>>;
  /** Forgets a finished SMP (its result was seen). */
  otrSmpDismissed(accountId: string, peer: string): void;
  /** The contact's fingerprint compared by hand (or not any more). */
  otrVerified(
    accountId: string,
    peer: string,
    fingerprint: string,
    verified: boolean,
  ): Promise<UiResult<OtrConversationState>>;
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
  /** Our messages go to this device of the contact (one of the state's devices). */
  otrDeviceSelected(
    accountId: string,
    peer: string,
    device: string,
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
  const putSmp = (accountId: string, peer: string, phase: SmpPhase | undefined) => {
    const next = { ...get().otrSmp };
    if (phase) next[convKey(accountId, peer)] = phase;
    else delete next[convKey(accountId, peer)];
    set({ otrSmp: next });
  };
  const putPolicy = (accountId: string, peer: string, setting: OtrPolicySetting) =>
    set({
      otrContactPolicies: { ...get().otrContactPolicies, [convKey(accountId, peer)]: setting },
    });
  return {
    otrRequest: (name, params) => api.request(name, params),
    otrContactPolicies: {},
    otrContactPolicyRequested: async (accountId, peer) => {
      const result = await api.request('otr.policy', { accountId, peer });
      if (result.ok) putPolicy(accountId, peer, result.value);
      return result;
    },
    otrContactPolicySaved: async (accountId, peer, policy, keepHistory) => {
      let result = await api.request('otr.setPolicy', {
        accountId,
        peer,
        ...(policy && { policy }),
      });
      if (result.ok && keepHistory !== undefined && keepHistory !== result.value.keepHistory) {
        result = await api.request('otr.setKeepHistory', { accountId, peer, keep: keepHistory });
      }
      if (result.ok) putPolicy(accountId, peer, result.value);
      return result;
    },
    otrKeys: {},
    otrStates: {},
    otrSmp: {},
    otrNotices: {},
    otrNoticed: (notice) =>
      set({
        otrNotices: { ...get().otrNotices, [convKey(notice.accountId, notice.peer)]: notice },
      }),
    otrNoticeDismissed: (accountId, peer) => {
      const next = { ...get().otrNotices };
      delete next[convKey(accountId, peer)];
      set({ otrNotices: next });
    },
    otrSmpChanged: ({ accountId, peer, event }) =>
      putSmp(
        accountId,
        peer,
        event.kind === 'asked'
          ? { phase: 'asked', ...(event.question !== undefined && { question: event.question }) }
          : event.kind === 'result'
            ? { phase: event.success ? 'success' : 'failure' }
            : { phase: event.kind },
      ),
    otrSmpRequested: async (accountId, peer, action, secret, question) => {
      const result = await api.request('otr.smp', {
        accountId,
        peer,
        action,
        ...(secret !== undefined && { secret }),
        ...(question !== undefined && question !== '' && { question }),
      });
      if (result.ok) putSmp(accountId, peer, action === 'abort' ? undefined : { phase: 'waiting' });
      return result;
    },
    otrSmpDismissed: (accountId, peer) => putSmp(accountId, peer, undefined),
    otrAcknowledged: async (accountId, peer) => {
      const result = await api.request('otr.acknowledge', { accountId, peer });
      if (result.ok) putState(result.value);
      return result;
    },
    otrVerified: async (accountId, peer, fingerprint, verified) => {
      const result = await api.request('otr.verify', { accountId, peer, fingerprint, verified });
      if (result.ok) putState(result.value);
      return result;
    },
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
    otrDeviceSelected: async (accountId, peer, device) => {
      const result = await api.request('otr.selectDevice', { accountId, peer, device });
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
