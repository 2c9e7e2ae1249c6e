/**
 * Asks before something that cannot be undone. Cancel has the focus first, so Enter on a dialog
 * opened by mistake is harmless; the error of a failed attempt shows in place.
 */
import { useId, type ReactNode } from 'react';
import type { UiResult } from '../transport';
import { Alert } from './Alert';
import { DialogActions } from './DialogActions';
import { Modal } from './Modal';
import { useSubmit } from './useSubmit';

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
  const titleId = useId();
  const bodyId = useId();
  const { busy, failure, run } = useSubmit(onClose);

  return (
    <Modal labelledBy={titleId} describedBy={bodyId} onCancel={onClose} className="form-dialog">
      <h2 className="form-dialog__title" id={titleId}>
        {title}
      </h2>
      <div id={bodyId} className="form-dialog__body">
        {children}
      </div>
      {failure && <Alert>{failure}</Alert>}
      <DialogActions
        onCancel={onClose}
        busy={busy}
        label={confirmLabel}
        onConfirm={() => void run(onConfirm)}
        tone="danger"
        focusCancel
      />
    </Modal>
  );
}
