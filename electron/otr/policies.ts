/**
 * When to talk privately: a contact's own policy, else the account's, else manual (pidgin-otr's
 * default). Read for every chat message in and out, so kept in memory once read (the table is
 * written only here).
 */
import type { OtrPolicyName, OtrStore } from '../storage/types';

export class OtrPolicies {
  /** What the table holds per account and contact ('' for the account); null: nothing. */
  readonly #own = new Map<string, OtrPolicyName | null>();

  constructor(private readonly store: Pick<OtrStore, 'policy' | 'setPolicy'>) {}

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
    return this.setting(accountId, contact).policy;
  }

  /** The policy in force, and whether it comes from above (the account, or the default). */
  setting(accountId: string, contact: string): { policy: OtrPolicyName; inherited: boolean } {
    const own = this.#read(accountId, contact);
    if (own) return { policy: own, inherited: false };
    const account = contact ? this.#read(accountId, '') : undefined;
    return { policy: account ?? 'manual', inherited: true };
  }

  /** Sets a policy, or removes it (undefined: follow the account, or the default). */
  set(accountId: string, contact: string, policy: OtrPolicyName | undefined): void {
    this.store.setPolicy(accountId, contact, policy);
    this.#own.set(`${accountId}\n${contact}`, policy ?? null);
  }
}
