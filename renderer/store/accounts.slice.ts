/**
 * Accounts the main process holds (snapshots only: never a password) and the sign-in flow,
 * including a certificate the user is asked to trust. Actions are named for what happened.
 */
import type { AccountSnapshot, PresenceShow, SignInParams } from '../../shared/contract';
import type { CertificateInfo } from '../../shared/errors';
import { parseJid, toBare } from '../../shared/jid';
import type { UiErrorInfo } from '../transport';
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
  signOutRequested(accountId: string): Promise<void>;
  reconnectRequested(accountId: string): Promise<void>;
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
    set({ signIn: IDLE });
    get().accountActivated(snapshot.accountId);
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
          activeAccountId:
            active ?? accountOrder.find((id) => accounts[id]?.status !== 'offline') ?? null,
          selectedJid: active ? state.selectedJid : null,
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
      const live = snapshots.find((s) => s.status !== 'offline');
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
      if (prompt) await api.request('account.signOut', { accountId: prompt.accountId });
    },

    signInErrorDismissed: () => set((state) => ({ signIn: { ...state.signIn, error: null } })),

    signOutRequested: async (accountId) => {
      const result = await api.request('account.signOut', { accountId });
      // Signing out only fails when the account is gone already; forget it either way.
      get().accountRemoved(accountId);
      if (!result.ok && result.error.code === 'transport-closed') get().actionFailed(result.error);
    },

    reconnectRequested: async (accountId) => {
      const result = await api.request('account.reconnect', { accountId });
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
