/**
 * A button that shows a spinner and aria-busy while its action runs, and is disabled meanwhile so
 * a second press cannot send the request twice.
 */
import type { ButtonHTMLAttributes } from 'react';

interface BusyButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  readonly busy: boolean;
}

export function BusyButton({
  busy,
  disabled,
  children,
  type = 'button',
  ...rest
}: BusyButtonProps) {
  return (
    <button type={type} disabled={busy || disabled} aria-busy={busy} {...rest}>
      {busy && <span className="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}
