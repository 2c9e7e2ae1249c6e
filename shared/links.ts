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

/**
 * Invisible characters that change how a link reads: bidirectional controls (U+202E makes
 * `https://evil.example/` + U+202E + `gnp.exe` look like it ends in `exe.png`), the Arabic letter
 * mark, zero-width characters and the byte-order mark. A link never needs them.
 */
const HIDDEN_IN_LINKS = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;

/** Whether a link holds any character that `revealHidden` would show. */
export function hasHiddenCharacters(text: string): boolean {
  return text.search(HIDDEN_IN_LINKS) >= 0;
}

/** The text with each hidden character shown as a visible marker such as ⟨U+202E⟩. */
export function revealHidden(text: string): string {
  return text.replace(
    HIDDEN_IN_LINKS,
    (ch) => `⟨U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`,
  );
}
