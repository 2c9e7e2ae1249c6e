/** A coloured dot for a presence; the text beside it carries the meaning for screen readers. */
import type { Presence, PresenceShow } from '../../shared/contract';

/** A contact's show, our own (which may be invisible), or an account's connection state. */
export type DotState = Presence['show'] | PresenceShow | 'connecting' | 'disabled';

export function PresenceDot({ show, className }: { show: DotState; className?: string }) {
  return (
    <span
      className={`presence-dot presence-dot--${show}${className ? ` ${className}` : ''}`}
      aria-hidden="true"
    />
  );
}
