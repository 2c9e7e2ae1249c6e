/** Which account a contact or request belongs to: a small chip in the account's tint. */
import { useAppStore } from '../../store';
import { accountShortName, avatarTint } from '../../store/accounts.selectors';

export function AccountBadge({ accountId }: { accountId: string }) {
  const account = useAppStore((s) => s.accounts[accountId]);
  const name = account ? accountShortName(account) : accountId;
  return (
    <span className={`account-badge account-badge--tint${avatarTint(accountId)}`} title={accountId}>
      {name}
    </span>
  );
}

/** Whether there are several accounts, so that badges are worth showing. */
export const selectManyAccounts = (s: { accountOrder: readonly string[] }): boolean =>
  s.accountOrder.length > 1;
