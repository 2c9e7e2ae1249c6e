/** Confirms removing an account: Hutong forgets it, but its chat history stays. */
import { useTranslation } from 'react-i18next';
import type { AccountSnapshot } from '../../../shared/contract';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useAppStore } from '../../store';

export function RemoveAccountDialog({
  account,
  onClose,
}: {
  account: AccountSnapshot;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const accountRemoveRequested = useAppStore((s) => s.accountRemoveRequested);
  return (
    <ConfirmDialog
      title={t('account.removeTitle', { jid: account.jid })}
      confirmLabel={t('account.removeConfirm')}
      onConfirm={() => accountRemoveRequested(account.accountId)}
      onClose={onClose}
    >
      <p>{t('account.removeBody')}</p>
      <p className="form-dialog__note">{t('account.removeHistory')}</p>
    </ConfirmDialog>
  );
}
