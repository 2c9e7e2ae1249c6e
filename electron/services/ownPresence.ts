/** Our own presence stanzas, including XEP-0186 invisibility where the server supports it. */
import xml, { type Element } from '@xmpp/xml';
import type { OwnPresence, PresenceShow } from '../../shared/contract';
import { NS } from '../../shared/namespaces';

/** Our presence; `caps` (XEP-0115) tells contacts' clients what we support. */
export function buildPresence(presence: OwnPresence, caps?: Element): Element {
  const children: Element[] = caps ? [caps] : [];
  if (presence.show !== 'available' && presence.show !== 'invisible') {
    children.push(xml('show', {}, presence.show));
  }
  if (presence.status) children.push(xml('status', {}, presence.status));
  return xml('presence', {}, ...children);
}

/**
 * The IQ that switches invisibility for `show`, or null when nothing needs switching. Becoming
 * visible is always sent where the server supports it: it is harmless when we were visible.
 */
export function invisibility(show: PresenceShow, supported: boolean): Element | null {
  if (!supported) return null;
  return xml(
    'iq',
    { type: 'set' },
    xml(show === 'invisible' ? 'invisible' : 'visible', { xmlns: NS.invisible }),
  );
}
