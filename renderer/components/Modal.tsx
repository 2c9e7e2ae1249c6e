/**
 * A modal dialog on the native <dialog> element: showModal() makes the page behind it inert and
 * gives role=dialog. We add a Tab wrap so focus never leaves the dialog, and route Esc to onCancel.
 * Closing gives focus back to the opener, or, when the dialog's action removed it, to the
 * window's home field (focusHome) rather than to a detached element.
 */
import { useEffect, useEffectEvent, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { focusHome } from './focusHome';

interface ModalProps {
  readonly labelledBy: string;
  readonly describedBy?: string;
  readonly onCancel: () => void;
  readonly className?: string;
  readonly children: ReactNode;
}

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Modal({ labelledBy, describedBy, onCancel, className, children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelFromEffect = useEffectEvent(() => onCancel());

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const initial = dialog.querySelector<HTMLElement>('[data-autofocus]');
    initial?.focus();
    const onCancelEvent = (event: Event) => {
      event.preventDefault();
      cancelFromEffect();
    };
    dialog.addEventListener('cancel', onCancelEvent);
    return () => {
      dialog.removeEventListener('cancel', onCancelEvent);
      if (dialog.open) dialog.close();
      if (opener?.isConnected && opener !== document.body) opener.focus();
      else focusHome();
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
      return;
    }
    if (event.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      className={`modal${className ? ` ${className}` : ''}`}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      aria-modal="true"
      onKeyDown={onKeyDown}
    >
      {children}
    </dialog>
  );
}
