/**
 * Splits message text into plain text and http(s) links. Only these two schemes become links;
 * anything else (javascript:, data:, file:...) stays text. Trailing punctuation that usually ends
 * a sentence is left out of the link, and a closing bracket only when the link has no opening one.
 */
export type TextToken =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'link'; readonly url: string };

const CANDIDATE = /\bhttps?:\/\/[^\s<>"'\u3000-\u303f\uff01-\uff0f]+/giu;
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
    if (!isOpenableUrl(url)) continue;
    if (start > last) tokens.push({ kind: 'text', text: text.slice(last, start) });
    tokens.push({ kind: 'link', url });
    last = start + url.length;
  }
  if (last < text.length) tokens.push({ kind: 'text', text: text.slice(last) });
  return tokens;
}
