/** The accounts section at the top of the sidebar: every account, and "Add account". */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { Icon } from '../../components/Icon';
import { useAppStore } from '../../store';
import { AccountCard } from './AccountCard';

export function AccountsPanel() {
  const { t } = useTranslation();
  const accounts = useAppStore(
    useShallow((s) => s.accountOrder.map((id) => s.accounts[id]).filter((a) => a !== undefined)),
  );
  const dialogOpened = useAppStore((s) => s.dialogOpened);
  const signInReset = useAppStore((s) => s.signInReset);
  const titleId = useId();

  return (
    <section className="accounts" aria-labelledby={titleId}>
      <div className="accounts__head">
        <h2 className="accounts__title" id={titleId}>
          {t('account.title')}
        </h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t('account.add')}
          title={t('account.add')}
          onClick={() => {
            signInReset();
            dialogOpened({ kind: 'addAccount' });
          }}
        >
          <Icon name="plus" />
        </button>
      </div>
      <ul className="accounts__list" aria-labelledby={titleId}>
        {accounts.map((account) => (
          <AccountCard key={account.accountId} account={account} />
        ))}
      </ul>
    </section>
  );
}
