/**
 * Accounts the main process holds (snapshots only: never a password) and the sign-in flow,
 * including a certificate the user is asked to trust. Actions are named for what happened.
 */
import type {
  AccountSnapshot,
  PresenceShow,
  SignInParams,
  UpdateAccountParams,
} from '../../shared/contract';
import type { CertificateInfo } from '../../shared/errors';
import { parseJid, toBare } from '../../shared/jid';
import type { UiErrorInfo, UiResult } from '../transport';
import type { SliceCreator } from './types';

/** Where a sign-in was going, to name the server in error texts. */
export interface ServerTarget {
  /** The XMPP domain: the name the certificate must prove. */
  readonly domain: string;
  readonly host: string;
  readonly port: number;
}

export interface CertificatePrompt {
  readonly accountId: string;
  readonly certificate: CertificateInfo;
  /** True when the server's certificate differs from the one pinned earlier. */
  readonly changed: boolean;
}

export interface SignInFlow {
  readonly busy: boolean;
  readonly error: UiErrorInfo | null;
  readonly prompt: CertificatePrompt | null;
  readonly target: ServerTarget | null;
}

export interface AccountsSlice {
  readonly accounts: Readonly<Record<string, AccountSnapshot>>;
  readonly accountOrder: readonly string[];
  readonly signIn: SignInFlow;
  accountChanged(snapshot: AccountSnapshot): void;
  accountRemoved(accountId: string): void;
  accountsListed(snapshots: readonly AccountSnapshot[]): void;
  signInSubmitted(params: SignInParams): Promise<void>;
  certificateTrusted(): Promise<void>;
  certificateRejected(): Promise<void>;
  signInErrorDismissed(): void;
  /** A fresh sign-in flow, e.g. when the add-account dialog opens. */
  signInReset(): void;
  accountEnabledChosen(accountId: string, enabled: boolean): Promise<void>;
  accountUpdateSubmitted(params: UpdateAccountParams): Promise<UiResult<AccountSnapshot>>;
  /** Forgets the account (settings, password, pins); its history stays. */
  accountRemoveRequested(accountId: string): Promise<UiResult<null>>;
  reconnectRequested(accountId: string): Promise<void>;
  /** The user has seen that the account's certificate changed (its notice goes). */
  certificateChangeSeen(accountId: string): Promise<void>;
  presenceChosen(accountId: string, show: PresenceShow, status: string): Promise<void>;
}

const IDLE: SignInFlow = { busy: false, error: null, prompt: null, target: null };

const isCertError = (error: UiErrorInfo | undefined): boolean =>
  error?.code === 'cert-untrusted' || error?.code === 'cert-changed';

function targetOf(params: SignInParams): ServerTarget {
  const domain = parseJid(params.jid)?.domain ?? params.jid;
  const port = params.port ?? (params.tls === 'direct' ? 5223 : 5222);
  return { domain, host: params.host || domain, port };
}

export const createAccountsSlice: SliceCreator<AccountsSlice> = (api) => (set, get) => {
  /** The account a failed sign-in belongs to: one the main process told us about, or its JID. */
  const accountIdFor = (jid: string): string => {
    const bare = toBare(jid) ?? jid;
    const { accounts, accountOrder } = get();
    return accountOrder.find((id) => toBare(accounts[id]?.jid ?? '') === bare) ?? bare;
  };

  const succeeded = async (snapshot: AccountSnapshot): Promise<void> => {
    get().accountChanged(snapshot);
    set((state) => ({
      signIn: IDLE,
      dialog: state.dialog?.kind === 'addAccount' ? null : state.dialog,
    }));
    if (!get().selected) get().accountActivated(snapshot.accountId);
    await get().rosterRequested(snapshot.accountId);
  };

  const failed = (error: UiErrorInfo, jid: string, accountId?: string): void => {
    // After a reload the form's target is gone; the account's domain still names the server.
    const target = get().signIn.target ?? targetOf({ jid, password: '-' });
    if (isCertError(error) && error.certificate) {
      const prompt = {
        accountId: accountId ?? accountIdFor(jid),
        certificate: error.certificate,
        changed: error.code === 'cert-changed',
      };
      set({ signIn: { busy: false, error: null, prompt, target } });
    } else {
      set({ signIn: { busy: false, error, prompt: null, target } });
    }
  };

  return {
    accounts: {},
    accountOrder: [],
    signIn: IDLE,

    accountChanged: (snapshot) =>
      set((state) => ({
        accounts: { ...state.accounts, [snapshot.accountId]: snapshot },
        accountOrder: state.accountOrder.includes(snapshot.accountId)
          ? state.accountOrder
          : [...state.accountOrder, snapshot.accountId],
        // Offline, nobody's "typing" is known any more: after a reconnection the state that
        // ended it may never come (the contact's client sent it while we were away).
        ...(snapshot.status !== 'online' && {
          peerStates: withoutAccount(state.peerStates, snapshot.accountId),
          roomTyping: withoutAccount(state.roomTyping, snapshot.accountId),
        }),
      })),

    accountRemoved: (accountId) => {
      set((state) => {
        const accounts = { ...state.accounts };
        delete accounts[accountId];
        const rosters = { ...state.rosters };
        delete rosters[accountId];
        const accountOrder = state.accountOrder.filter((id) => id !== accountId);
        const active = state.activeAccountId === accountId ? null : state.activeAccountId;
        return {
          accounts,
          accountOrder,
          rosters,
          requests: state.requests.filter((r) => r.accountId !== accountId),
          accountFilter: state.accountFilter === accountId ? null : state.accountFilter,
          activeAccountId:
            active ?? accountOrder.find((id) => accounts[id]?.status === 'online') ?? null,
          selected: state.selected?.accountId === accountId ? null : state.selected,
          // A catch-up cut short by the removal never reports that it is done.
          archiveProgress: Object.fromEntries(
            Object.entries(state.archiveProgress).filter(([, p]) => p.accountId !== accountId),
          ),
          // Its groups, invitations, typing and key went with it (room.removed never comes for
          // them); conversations and their history stay, as in the main process.
          rooms: withoutAccount(state.rooms, accountId),
          occupants: withoutAccount(state.occupants, accountId),
          roomConversations: withoutAccount(state.roomConversations, accountId),
          roomTyping: withoutAccount(state.roomTyping, accountId),
          roomActivity: withoutAccount(state.roomActivity, accountId),
          peerStates: withoutAccount(state.peerStates, accountId),
          invitations: state.invitations.filter((i) => i.accountId !== accountId),
          otrKeys: Object.fromEntries(
            Object.entries(state.otrKeys).filter(([id]) => id !== accountId),
          ),
        };
      });
    },

    accountsListed: (snapshots) => {
      const accounts: Record<string, AccountSnapshot> = {};
      for (const snapshot of snapshots) accounts[snapshot.accountId] = snapshot;
      const order = snapshots.map((s) => s.accountId);
      set({ accounts, accountOrder: order });
      const current = get().activeAccountId;
      if (current && accounts[current]) return;
      const live = snapshots.find((s) => s.status === 'online' || s.status === 'connecting');
      const pendingCert = snapshots.find((s) => isCertError(s.error) && s.error?.certificate);
      if (live) {
        get().accountActivated(live.accountId);
      } else if (pendingCert?.error?.certificate && !get().signIn.busy) {
        // A reloaded renderer picks the certificate question up where it was left.
        failed(pendingCert.error, pendingCert.jid, pendingCert.accountId);
      } else if (snapshots[0]) {
        get().accountActivated(snapshots[0].accountId);
      } else {
        get().accountActivated(null);
      }
    },

    signInSubmitted: async (params) => {
      set({ signIn: { busy: true, error: null, prompt: null, target: targetOf(params) } });
      const result = await api.request('account.signIn', params);
      if (result.ok) await succeeded(result.value);
      else failed(result.error, params.jid);
    },

    certificateTrusted: async () => {
      const { prompt, target } = get().signIn;
      if (!prompt) return;
      set({ signIn: { busy: true, error: null, prompt, target } });
      const result = await api.request('account.trustCertificate', {
        accountId: prompt.accountId,
        fingerprint: prompt.certificate.fingerprint,
      });
      if (result.ok) await succeeded(result.value);
      else failed(result.error, prompt.accountId, prompt.accountId);
    },

    certificateRejected: async () => {
      const { prompt } = get().signIn;
      set({ signIn: IDLE });
      if (!prompt) return;
      // A pending first sign-in is abandoned; a saved account is only turned off, so that it
      // stops asking, and keeps its settings until the user removes it.
      if (get().accounts[prompt.accountId]?.saved) {
        await get().accountEnabledChosen(prompt.accountId, false);
      } else {
        await api.request('account.remove', { accountId: prompt.accountId });
      }
    },

    signInErrorDismissed: () => set((state) => ({ signIn: { ...state.signIn, error: null } })),

    signInReset: () => set({ signIn: IDLE }),

    accountEnabledChosen: async (accountId, enabled) => {
      const result = await api.request('account.setEnabled', { accountId, enabled });
      if (result.ok) get().accountChanged(result.value);
      else get().actionFailed(result.error);
    },

    accountUpdateSubmitted: async (params) => {
      const result = await api.request('account.update', params);
      if (result.ok) get().accountChanged(result.value);
      return result;
    },

    accountRemoveRequested: async (accountId) => {
      const result = await api.request('account.remove', { accountId });
      // Removing only fails when the account is gone already; forget it either way.
      if (result.ok || result.error.code === 'not-found') get().accountRemoved(accountId);
      return result;
    },

    reconnectRequested: async (accountId) => {
      const result = await api.request('account.reconnect', { accountId });
      if (result.ok) get().accountChanged(result.value);
      else if (isCertError(result.error)) failed(result.error, accountId, accountId);
      else get().actionFailed(result.error);
    },

    certificateChangeSeen: async (accountId) => {
      const result = await api.request('account.certificateChangeSeen', { accountId });
      if (result.ok) get().accountChanged(result.value);
      else get().actionFailed(result.error);
    },

    presenceChosen: async (accountId, show, status) => {
      const params = status.trim()
        ? { accountId, show, status: status.trim() }
        : { accountId, show };
      const result = await api.request('presence.set', params);
      if (result.ok) get().accountChanged(result.value);
      else get().actionFailed(result.error);
    },
  };
};

/** A by-convKey record without the conversations of one account (the same object if none). */
function withoutAccount<T>(record: Readonly<Record<string, T>>, accountId: string) {
  const prefix = `${accountId}\n`;
  const keys = Object.keys(record).filter((key) => key.startsWith(prefix));
  if (keys.length === 0) return record;
  const next = { ...record };
  for (const key of keys) delete next[key];
  return next;
}
