/**
 * An account's details in a popover under its chip: a non-modal dialog holding the account card
 * (state and error, presence, status message, the account's menu). Focus moves in when it
 * opens; Esc closes it and gives focus back to the chip. A click elsewhere, or focus leaving for
 * the rest of the window, closes it, but a modal opened from its menu (edit, remove) does not:
 * the user comes back to it when that closes.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { AccountSnapshot } from '../../../shared/contract';
import { AccountCard } from './AccountCard';

interface AccountPopoverProps {
  readonly account: AccountSnapshot;
  readonly anchor: HTMLElement;
  /** `refocus`: give focus back to the anchor (Esc), rather than leave it where the user went. */
  readonly onClose: (refocus: boolean) => void;
}

const WIDTH = 312;
const MARGIN = 8;

/** Whether a node is inside an open modal dialog (the popover stays under it). */
const inModal = (node: EventTarget | null): boolean =>
  node instanceof Element && node.closest('dialog[open]') !== null;

export function AccountPopover({ account, anchor, onClose }: AccountPopoverProps) {
  const ref = useRef<HTMLDivElement>(null);
  const nameId = useId();
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);

  useLayoutEffect(() => {
    const place = () => {
      const r = anchor.getBoundingClientRect();
      const width = Math.min(WIDTH, window.innerWidth - 2 * MARGIN);
      setPosition({
        top: r.bottom + 6,
        left: Math.max(MARGIN, Math.min(r.left - 6, window.innerWidth - width - MARGIN)),
      });
    };
    place();
    window.addEventListener('resize', place);
    return () => window.removeEventListener('resize', place);
  }, [anchor]);

  // Focus the first control once, when the popover opens (not on every account update).
  useEffect(() => {
    ref.current
      ?.querySelector<HTMLElement>('button, select, input, [tabindex]:not([tabindex="-1"])')
      ?.focus();
  }, []);

  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (ref.current?.contains(target) || anchor.contains(target) || inModal(target)) return;
      onClose(false);
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [anchor, onClose]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    onClose(true);
  };

  return (
    <div
      ref={ref}
      role="dialog"
      aria-labelledby={nameId}
      className="account-popover"
      style={position ?? { top: -9999, left: -9999 }}
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        const next = event.relatedTarget;
        // Focus gone elsewhere in the window (Tab past the end, a click on the list): close.
        if (next && !ref.current?.contains(next) && next !== anchor && !inModal(next)) {
          onClose(false);
        }
      }}
    >
      <AccountCard account={account} nameId={nameId} />
    </div>
  );
}
