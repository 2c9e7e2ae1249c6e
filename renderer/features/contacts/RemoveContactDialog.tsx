/** Confirms removing a contact (both subscriptions end; the chat history stays). */
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useAppStore } from '../../store';
import { accountName } from '../../store/accounts.selectors';

interface RemoveContactDialogProps {
  readonly accountId: string;
  readonly jid: string;
  readonly onClose: () => void;
}

export function RemoveContactDialog({ accountId, jid, onClose }: RemoveContactDialogProps) {
  const { t } = useTranslation();
  const account = useAppStore((s) => s.accounts[accountId]);
  const contactRemoveRequested = useAppStore((s) => s.contactRemoveRequested);
  return (
    <ConfirmDialog
      title={t('removeContact.title', { jid })}
      confirmLabel={t('removeContact.confirm')}
      onConfirm={() => contactRemoveRequested(accountId, jid)}
      onClose={onClose}
    >
      <p>{t('removeContact.body', { account: account ? accountName(account) : accountId })}</p>
      <p className="form-dialog__note">{t('removeContact.history')}</p>
    </ConfirmDialog>
  );
}
