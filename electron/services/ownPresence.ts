/** Our own presence stanzas, including XEP-0186 invisibility where the server supports it. */
import xml, { type Element } from '@xmpp/xml';
import type { AccountSnapshot, OwnPresence, PresenceShow } from '../../shared/contract';
import { NS } from '../../shared/namespaces';
import { ownCaps } from '../disco/ownInfo';
import type { XmppClient } from '../xmpp/client';

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

/** Sends our presence (and XEP-0186 invisibility) as the account's snapshot has it. */
export async function sendOwnPresence(
  client: XmppClient,
  snapshot: Pick<AccountSnapshot, 'presence' | 'features'>,
): Promise<void> {
  const { presence } = snapshot;
  // With XEP-0186 the server withholds our presence from contacts while we are invisible, but
  // we still send it, or contacts' presence would never reach us. Without it, a saved
  // "invisible" falls back to being visible rather than silently absent.
  const toggle = invisibility(
    presence.show,
    snapshot.features?.server.includes(NS.invisible) ?? false,
  );
  if (toggle) await client.iqCaller.request(toggle);
  await client.entity.send(buildPresence(presence, ownCaps()));
}
