/** Initials on a tint derived from the JID: stable, readable, no images needed. */
import { avatarTint, initials } from '../store/accounts.selectors';

export function Avatar({
  jid,
  name,
  size = 'md',
  shape = 'round',
}: {
  jid: string;
  name?: string;
  size?: 'xs' | 'sm' | 'md' | 'lg';
  /** Rooms are square, so a group never looks like a person. */
  shape?: 'round' | 'square';
}) {
  return (
    <span
      className={`avatar avatar--${size} avatar--tint${avatarTint(jid)}${shape === 'square' ? ' avatar--square' : ''}`}
      aria-hidden="true"
    >
      {initials(name || jid)}
    </span>
  );
}
