/** Shows the contacts of all accounts or of one; only rendered when there are several accounts. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store';
import { accountShortName, avatarTint } from '../../store/accounts.selectors';

export function AccountFilter() {
  const { t } = useTranslation();
  const accounts = useAppStore(
    useShallow((s) => s.accountOrder.map((id) => s.accounts[id]).filter((a) => a !== undefined)),
  );
  const accountFilter = useAppStore((s) => s.accountFilter);
  const accountFilterChosen = useAppStore((s) => s.accountFilterChosen);
  const name = useId();
  if (accounts.length < 2) return null;

  const choices = [
    { id: null, label: t('roster.allAccounts'), tint: null, title: t('roster.allAccounts') },
    ...accounts.map((a) => ({
      id: a.accountId,
      label: accountShortName(a),
      tint: avatarTint(a.accountId),
      title: a.jid,
    })),
  ];
  return (
    <div className="account-filter" role="radiogroup" aria-label={t('roster.filterByAccount')}>
      {choices.map((choice) => (
        <label key={choice.id ?? ''} className="account-filter__chip" title={choice.title}>
          <input
            type="radio"
            name={name}
            checked={accountFilter === choice.id}
            onChange={() => accountFilterChosen(choice.id)}
          />
          {choice.tint !== null && (
            <span className={`account-filter__dot account-badge--tint${choice.tint}`} />
          )}
          <span>{choice.label}</span>
        </label>
      ))}
    </div>
  );
}
