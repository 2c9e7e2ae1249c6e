/**
 * A dialog holding one form: the title that names it, the fields, the failure of the last
 * attempt, and Cancel / submit. Modal brings the focus trap, Esc, initial focus
 * ([data-autofocus] on a field) and focus return.
 */
import type { ReactNode } from 'react';
import { Alert } from './Alert';
import { DialogActions } from './DialogActions';
import { Modal } from './Modal';

interface FormDialogProps {
  readonly titleId: string;
  readonly title: string;
  readonly onCancel: () => void;
  /** Called with the default submit already prevented. */
  readonly onSubmit: () => void | Promise<void>;
  readonly busy: boolean;
  readonly failure: string | null;
  readonly submitLabel: string;
  /** Besides busy, e.g. no account to add a contact to. */
  readonly submitDisabled?: boolean;
  readonly wide?: boolean;
  readonly children: ReactNode;
}

export function FormDialog({
  titleId,
  title,
  onCancel,
  onSubmit,
  busy,
  failure,
  submitLabel,
  submitDisabled,
  wide = false,
  children,
}: FormDialogProps) {
  return (
    <Modal
      labelledBy={titleId}
      onCancel={onCancel}
      className={wide ? 'form-dialog form-dialog--wide' : 'form-dialog'}
    >
      <form
        className="form-dialog__form"
        onSubmit={(event) => {
          // Stop the page from navigating before any await in the handler.
          event.preventDefault();
          void onSubmit();
        }}
        noValidate
      >
        <h2 className="form-dialog__title" id={titleId}>
          {title}
        </h2>
        {children}
        {failure && <Alert>{failure}</Alert>}
        <DialogActions
          onCancel={onCancel}
          busy={busy}
          label={submitLabel}
          disabled={submitDisabled}
        />
      </form>
    </Modal>
  );
}
