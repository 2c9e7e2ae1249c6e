/**
 * OTR messages as XMPP stanzas. What carries encrypted data or the key exchange asks every
 * other copy to stay away (XEP-0280 private: no carbons to our other devices, which could not
 * read it; XEP-0334 no-copy and no-permanent-store: no archive or offline copy), and says what
 * it is (XEP-0380), so that a client without OTR tells its user rather than showing base64.
 */
import xml, { type Element } from '@xmpp/xml';
import { NS } from '../../shared/namespaces';

const keepAway = (): Element[] => [
  xml('private', { xmlns: NS.carbons }),
  xml('no-copy', { xmlns: NS.hints }),
  xml('no-permanent-store', { xmlns: NS.hints }),
  xml('encryption', { xmlns: NS.eme, namespace: NS.otr, name: 'OTR' }),
];

/** A message of the protocol itself (query, key exchange, heartbeat, SMP, error). */
export function protocolStanza(to: string, text: string, encrypted: boolean): Element {
  return xml(
    'message',
    { type: 'chat', to },
    xml('body', {}, text),
    ...(encrypted ? keepAway() : []),
  );
}

/**
 * The stanza the outbox built for a user's message, with its body replaced by the encrypted
 * text and sent to the device the private conversation is with. Its id, receipt request and
 * correction stay (they say nothing of the text).
 */
export function encryptedStanza(original: Element, to: string, text: string): Element {
  const kept = original.children.filter(
    (c): c is Element => typeof c !== 'string' && c.name !== 'body',
  );
  return xml('message', { ...original.attrs, to }, xml('body', {}, text), ...kept, ...keepAway());
}

/** The outbox's plain stanza with its body replaced (a whitespace tag added): same id, to. */
export function taggedStanza(original: Element, text: string): Element {
  return xml(
    'message',
    { ...original.attrs },
    xml('body', {}, text),
    ...original.children.filter((c): c is Element => typeof c !== 'string' && c.name !== 'body'),
  );
}
