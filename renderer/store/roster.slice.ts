/**
 * Contacts per account, as the main process reports them, with their latest presence, and the
 * contact actions (add, rename or regroup, remove). Add/update answer with the result so the
 * dialog that asked can show an error in place.
 */
import type {
  AddContactParams,
  Contact,
  Presence,
  UpdateContactParams,
} from '../../shared/contract';
import type { UiResult } from '../transport';
import type { SliceCreator } from './types';

export interface RosterSlice {
  readonly rosters: Readonly<Record<string, readonly Contact[]>>;
  rosterReplaced(accountId: string, contacts: readonly Contact[]): void;
  contactPresenceChanged(accountId: string, jid: string, presence: Presence): void;
  rosterRequested(accountId: string): Promise<void>;
  contactAddSubmitted(params: AddContactParams): Promise<UiResult<null>>;
  contactUpdateSubmitted(params: UpdateContactParams): Promise<UiResult<null>>;
  contactRemoveRequested(accountId: string, jid: string): Promise<UiResult<null>>;
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

  // The roster push that follows (roster.replaced) updates the list; nothing to patch here.
  contactAddSubmitted: (params) => api.request('contact.add', params),

  contactUpdateSubmitted: (params) => api.request('contact.update', params),

  contactRemoveRequested: async (accountId, jid) => {
    const result = await api.request('contact.remove', { accountId, jid });
    if (result.ok) {
      const { selected } = get();
      // The chat stays in the Chats list (its history is kept); the pane closes with the contact.
      if (selected?.kind === 'chat' && selected.accountId === accountId && selected.peer === jid)
        get().conversationClosed();
    }
    return result;
  },
});
