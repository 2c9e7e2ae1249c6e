/** Initials on a tint derived from the JID: stable, readable, no images needed. */
import { avatarTint, initials } from '../store/accounts.selectors';

export function Avatar({
  jid,
  name,
  size = 'md',
}: {
  jid: string;
  name?: string;
  size?: 'sm' | 'md' | 'lg';
}) {
  return (
    <span className={`avatar avatar--${size} avatar--tint${avatarTint(jid)}`} aria-hidden="true">
      {initials(name || jid)}
    </span>
  );
}
