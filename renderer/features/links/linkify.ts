/**
 * Splits message text into plain text, http(s) links and room links (xmpp:room@service?join,
 * which open the join dialog, never a room by themselves). Only these become links; anything
 * else (javascript:, data:, file:, other xmpp: actions...) stays text. Trailing punctuation that usually ends
 * a sentence is left out of the link, and a closing bracket only when the link has no opening one.
 */
import { roomAddress } from '../../../shared/links';

export type TextToken =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'link'; readonly url: string }
  | { readonly kind: 'room'; readonly text: string; readonly room: string };

const CANDIDATE = /\b(?:https?:\/\/|xmpp:)[^\s<>"'\u3000-\u303f\uff01-\uff0f]+/giu;
const TRAILING = /[.,;:!?]+$/u;

function trimLink(raw: string): string {
  let url = raw.replace(TRAILING, '');
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
  ] as const) {
    while (url.endsWith(close) && count(url, open) < count(url, close)) {
      url = url.slice(0, -1).replace(TRAILING, '');
    }
  }
  return url;
}

const count = (text: string, ch: string): number => text.split(ch).length - 1;

/** True for an absolute http or https URL with a host (what we are willing to open). */
export function isOpenableUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export function tokenize(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  let last = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index;
    const url = trimLink(match[0]);
    const room = /^xmpp:/iu.test(url) && /\?join$/iu.test(url) ? roomAddress(url) : null;
    if (!room && !isOpenableUrl(url)) continue;
    if (start > last) tokens.push({ kind: 'text', text: text.slice(last, start) });
    tokens.push(room ? { kind: 'room', text: url, room } : { kind: 'link', url });
    last = start + url.length;
  }
  if (last < text.length) tokens.push({ kind: 'text', text: text.slice(last) });
  return tokens;
}
