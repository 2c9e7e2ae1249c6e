/** A coloured dot for a presence; the text beside it carries the meaning for screen readers. */
import type { Presence } from '../../shared/contract';

export function PresenceDot({
  show,
  className,
}: {
  show: Presence['show'] | 'connecting';
  className?: string;
}) {
  return (
    <span
      className={`presence-dot presence-dot--${show}${className ? ` ${className}` : ''}`}
      aria-hidden="true"
    />
  );
}
