/**
 * The row at the foot of a dialog: Cancel, then the action with its busy spinner. In a form the
 * action submits; a confirmation passes onConfirm instead and may put the first focus on Cancel.
 */
import { useTranslation } from 'react-i18next';
import { BusyButton } from './BusyButton';

interface DialogActionsProps {
  readonly onCancel: () => void;
  readonly busy: boolean;
  readonly label: string;
  /** Without it the action is the form's submit button. */
  readonly onConfirm?: () => void;
  readonly disabled?: boolean;
  readonly tone?: 'primary' | 'danger';
  /** Cancel takes the first focus (data-autofocus), so Enter on a mistaken dialog is harmless. */
  readonly focusCancel?: boolean;
}

export function DialogActions({
  onCancel,
  busy,
  label,
  onConfirm,
  disabled,
  tone = 'primary',
  focusCancel = false,
}: DialogActionsProps) {
  const { t } = useTranslation();
  return (
    <div className="form-dialog__actions">
      <button
        type="button"
        className="button"
        onClick={onCancel}
        {...(focusCancel ? { 'data-autofocus': true } : {})}
      >
        {t('common.cancel')}
      </button>
      <BusyButton
        type={onConfirm ? 'button' : 'submit'}
        className={`button button--${tone}`}
        onClick={onConfirm}
        disabled={disabled}
        busy={busy}
      >
        {label}
      </BusyButton>
    </div>
  );
}
