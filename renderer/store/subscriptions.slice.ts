/** Incoming subscription requests of all accounts, still unanswered, and answering them. */
import type { SubscriptionRequest } from '../../shared/contract';
import type { SliceCreator } from './types';

export interface SubscriptionsSlice {
  readonly requests: readonly SubscriptionRequest[];
  /** Requests being answered right now, by contactKey, so their buttons can wait. */
  readonly answering: Readonly<Record<string, true>>;
  subscriptionsReplaced(requests: readonly SubscriptionRequest[]): void;
  subscriptionAnswered(accountId: string, jid: string, accept: boolean): Promise<void>;
}

/** One key for a contact of an account, for maps and list keys across accounts. */
export const contactKey = (accountId: string, jid: string): string => `${accountId}\u0000${jid}`;

export const createSubscriptionsSlice: SliceCreator<SubscriptionsSlice> = (api) => (set, get) => ({
  requests: [],
  answering: {},

  subscriptionsReplaced: (requests) => set({ requests }),

  subscriptionAnswered: async (accountId, jid, accept) => {
    const key = contactKey(accountId, jid);
    set((state) => ({ answering: { ...state.answering, [key]: true } }));
    const result = await api.request('subscription.answer', { accountId, jid, accept });
    set((state) => {
      const answering = { ...state.answering };
      delete answering[key];
      // The main process follows with subscriptions.replaced; drop the row now so it feels done.
      const requests = result.ok
        ? state.requests.filter((r) => r.accountId !== accountId || r.jid !== jid)
        : state.requests;
      return { answering, requests };
    });
    if (!result.ok) get().actionFailed(result.error);
  },
});
