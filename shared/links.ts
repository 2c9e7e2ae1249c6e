import { bareJid, parseJid } from './jid';

/** Which links may leave the app: http and https only, checked the same way on both sides. */
export function isWebUrl(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return (protocol === 'http:' || protocol === 'https:') && hostname.length > 0;
  } catch {
    return false;
  }
}

/**
 * A room the user names: an xmpp: link with ?join (RFC 5122, XEP-0147), room@service, or a bare
 * name on the given service. Percent-escapes of a link are decoded; null when it is no room.
 */
export function roomAddress(input: string, service?: string): string | null {
  let text = input.trim();
  const link = /^xmpp:([^?#]*)(\?[^#]*)?$/iu.exec(text);
  if (link) {
    const query = link[2]?.slice(1).split(';')[0] ?? '';
    if (query !== '' && query.toLowerCase() !== 'join') return null;
    try {
      text = decodeURIComponent(link[1]!.replace(/^\/\//u, ''));
    } catch {
      return null;
    }
  }
  if (!text.includes('@')) {
    if (!service || text === '' || /[\s/@]/u.test(text)) return null;
    text = `${text}@${service}`;
  }
  const jid = parseJid(text);
  if (!jid || jid.local === '' || jid.resource !== '') return null;
  return bareJid(jid);
}
