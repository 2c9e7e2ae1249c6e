/**
 * Asks before something that cannot be undone. Cancel has the focus first, so Enter on a dialog
 * opened by mistake is harmless; the error of a failed attempt shows in place.
 */
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n/errorText';
import type { UiResult } from '../transport';
import { Alert } from './Alert';
import { Modal } from './Modal';

interface ConfirmDialogProps {
  readonly title: string;
  readonly children: ReactNode;
  readonly confirmLabel: string;
  readonly onConfirm: () => Promise<UiResult<unknown>>;
  readonly onClose: () => void;
}

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const bodyId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    setBusy(true);
    const result = await onConfirm();
    setBusy(false);
    if (result.ok) onClose();
    else setError(errorText(t, result.error));
  };

  return (
    <Modal labelledBy={titleId} describedBy={bodyId} onCancel={onClose} className="form-dialog">
      <h2 className="form-dialog__title" id={titleId}>
        {title}
      </h2>
      <div id={bodyId} className="form-dialog__body">
        {children}
      </div>
      {error && <Alert>{error}</Alert>}
      <div className="form-dialog__actions">
        <button type="button" className="button" onClick={onClose} data-autofocus>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="button button--danger"
          onClick={() => void confirm()}
          disabled={busy}
          aria-busy={busy}
        >
          {busy && <span className="spinner" aria-hidden="true" />}
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
