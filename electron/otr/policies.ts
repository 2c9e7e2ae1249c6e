/**
 * When to talk privately: a contact's own policy, else the account's, else manual (pidgin-otr's
 * default). Read for every chat message in and out, so kept in memory once read (the table is
 * written only here).
 */
import type { OtrPolicyName, OtrStore } from '../storage/types';

export class OtrPolicies {
  /** What the table holds per account and contact ('' for the account); null: nothing. */
  readonly #own = new Map<string, OtrPolicyName | null>();

  constructor(
    private readonly store: Pick<
      OtrStore,
      'policy' | 'setPolicy' | 'keepsHistory' | 'setKeepsHistory'
    >,
  ) {}

  #read(accountId: string, contact: string): OtrPolicyName | undefined {
    const key = `${accountId}\n${contact}`;
    let own = this.#own.get(key);
    if (own === undefined) {
      own = this.store.policy(accountId, contact) ?? null;
      this.#own.set(key, own);
    }
    return own ?? undefined;
  }

  /** The policy in force with a contact (contact '' : the account's). */
  effective(accountId: string, contact: string): OtrPolicyName {
    return (this.#read(accountId, contact) ?? (contact && this.#read(accountId, ''))) || 'manual';
  }

  /**
   * The policy in force, whether it comes from above (the account, or the default), and for a
   * contact whether private conversations with them are kept on disk.
   */
  setting(
    accountId: string,
    contact: string,
  ): { policy: OtrPolicyName; inherited: boolean; keepHistory?: boolean } {
    const keep = contact ? { keepHistory: this.store.keepsHistory(accountId, contact) } : {};
    const own = this.#read(accountId, contact);
    if (own) return { policy: own, inherited: false, ...keep };
    const account = contact ? this.#read(accountId, '') : undefined;
    return { policy: account ?? 'manual', inherited: true, ...keep };
  }

  /** Keeps private conversations with a contact on disk from now on, or stops doing so. */
  setKeepHistory(accountId: string, contact: string, keep: boolean): void {
    this.store.setKeepsHistory(accountId, contact, keep);
  }

  /** Sets a policy, or removes it (undefined: follow the account, or the default). */
  set(accountId: string, contact: string, policy: OtrPolicyName | undefined): void {
    this.store.setPolicy(accountId, contact, policy);
    this.#own.set(`${accountId}\n${contact}`, policy ?? null);
  }
}
