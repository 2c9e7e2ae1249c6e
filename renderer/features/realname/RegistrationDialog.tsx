/** "Register for <service>": the registration flow on its own, opened from the bulk view. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../components/Modal';
import { RegistrationFlow } from './RegistrationFlow';

interface RegistrationDialogProps {
  readonly accountId: string;
  readonly service: string;
  readonly onClose: () => void;
}

export function RegistrationDialog({ accountId, service, onClose }: RegistrationDialogProps) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <Modal
      labelledBy={titleId}
      onCancel={onClose}
      className="form-dialog form-dialog--wide realname-dialog"
    >
      <h2 className="form-dialog__title" id={titleId}>
        {t('realname.flow.title', { service })}
      </h2>
      <p className="form-dialog__note">{t('realname.flow.forAccount', { account: accountId })}</p>
      <RegistrationFlow accountId={accountId} service={service} onClose={onClose} />
    </Modal>
  );
}
