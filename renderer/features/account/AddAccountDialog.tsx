/**
 * "Add account": the sign-in form in a dialog. A certificate question opens over it (the same
 * CertificateDialog as the first run) and a successful sign-in closes it (accounts.slice).
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { Modal } from '../../components/Modal';
import { useAppStore } from '../../store';
import { SignInForm } from '../signin/SignInForm';

export function AddAccountDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const busy = useAppStore((s) => s.signIn.busy);

  return (
    <Modal labelledBy={titleId} onCancel={onClose} className="form-dialog form-dialog--wide">
      <div className="form-dialog__head">
        <h2 className="form-dialog__title" id={titleId}>
          {t('account.addTitle')}
        </h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t('common.close')}
          onClick={onClose}
          disabled={busy}
        >
          <Icon name="close" />
        </button>
      </div>
      <p className="form-dialog__intro">{t('account.addIntro')}</p>
      <SignInForm
        title={t('account.addTitle')}
        titleId={titleId}
        showTitle={false}
        submitLabel={t('account.addSubmit')}
      />
    </Modal>
  );
}
