/** Contacts per account, as the main process reports them, with their latest presence. */
import type { Contact, Presence } from '../../shared/contract';
import type { SliceCreator } from './types';

export interface RosterSlice {
  readonly rosters: Readonly<Record<string, readonly Contact[]>>;
  rosterReplaced(accountId: string, contacts: readonly Contact[]): void;
  contactPresenceChanged(accountId: string, jid: string, presence: Presence): void;
  rosterRequested(accountId: string): Promise<void>;
}

export const createRosterSlice: SliceCreator<RosterSlice> = (api) => (set, get) => ({
  rosters: {},

  rosterReplaced: (accountId, contacts) =>
    set((state) => ({ rosters: { ...state.rosters, [accountId]: contacts } })),

  contactPresenceChanged: (accountId, jid, presence) =>
    set((state) => {
      const contacts = state.rosters[accountId];
      if (!contacts?.some((c) => c.jid === jid)) return {};
      const next = contacts.map((c) => (c.jid === jid ? { ...c, presence } : c));
      return { rosters: { ...state.rosters, [accountId]: next } };
    }),

  rosterRequested: async (accountId) => {
    const result = await api.request('roster.get', { accountId });
    if (result.ok) get().rosterReplaced(accountId, result.value);
  },
});
