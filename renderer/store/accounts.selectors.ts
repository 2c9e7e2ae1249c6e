/** Reads of the accounts slice. */
import type { AccountSnapshot } from '../../shared/contract';
import type { AppState } from './types';

export const selectActiveAccount = (state: AppState): AccountSnapshot | null =>
  (state.activeAccountId && state.accounts[state.activeAccountId]) || null;

export const selectSignIn = (state: AppState) => state.signIn;

/** Whether the main window has something to show: an account that is saved or online. */
export const selectHasAccounts = (state: AppState): boolean =>
  state.accountOrder.some((id) => {
    const account = state.accounts[id];
    return account !== undefined && (account.saved || account.status === 'online');
  });

/** What the UI calls an account: its label, else its JID. */
export const accountName = (account: AccountSnapshot): string =>
  account.settings.label?.trim() || account.jid;

/** A short name for badges: the label, else the JID's localpart. */
export const accountShortName = (account: AccountSnapshot): string =>
  account.settings.label?.trim() || (account.jid.split('@')[0] ?? account.jid);

/** Whether the secret store waits for the passphrase before anything else can happen. */
export const selectSecretsLocked = (state: AppState): boolean => state.secrets?.locked ?? false;

export const selectCertificatePrompt = (state: AppState) => state.signIn.prompt;

/** Initials for an avatar: the first letters of a name's words, or of a JID's localpart. */
export function initials(nameOrJid: string): string {
  const base = nameOrJid.includes('@') ? (nameOrJid.split('@')[0] ?? '') : nameOrJid;
  const words = base.split(/[\s._-]+/u).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[1]] : [base];
  return letters
    .map((w) =>
      Array.from(w ?? '')
        .slice(0, words.length > 1 ? 1 : 2)
        .join(''),
    )
    .join('')
    .toUpperCase();
}

/** One of eight avatar tints, stable per JID. */
export function avatarTint(jid: string): number {
  let hash = 0;
  for (const ch of jid) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return hash % 8;
}
