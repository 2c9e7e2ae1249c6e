/**
 * Nicknames as text people read. A room lets anyone pick a nickname, and characters that are
 * invisible or reorder text (controls, bidirectional overrides, zero-width joiners) let one
 * occupant pass for another: "Alice" + U+200B looks like "Alice". Such characters are shown
 * visibly (as ⟨U+200B⟩), and two nicknames that read the same once they are removed and case is
 * folded are told apart by the list (lookalikes).
 */

/** C0/C1 controls, bidi controls, zero-width and other invisible format characters. */
const HIDDEN =
  // Controls and variation selectors are exactly what this pattern is for.
  // eslint-disable-next-line no-control-regex, no-misleading-character-class
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/gu;

/** The nickname with every hidden character written out as ⟨U+XXXX⟩. */
export function visibleNick(nick: string): string {
  return nick.replace(
    HIDDEN,
    (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`,
  );
}

/** Whether the nickname holds characters that visibleNick writes out. */
export function hasHiddenCharacters(nick: string): boolean {
  HIDDEN.lastIndex = 0;
  return HIDDEN.test(nick);
}

/** What a nickname looks like: hidden characters dropped, compatibility forms and case folded. */
export function nickSkeleton(nick: string): string {
  return nick.replace(HIDDEN, '').normalize('NFKC').toLocaleLowerCase().trim();
}

/** Nicknames that look like another one in the list (same skeleton, different text). */
export function lookalikes(nicks: Iterable<string>): Set<string> {
  const bySkeleton = new Map<string, string[]>();
  for (const nick of nicks) {
    const skeleton = nickSkeleton(nick);
    const group = bySkeleton.get(skeleton);
    if (group) group.push(nick);
    else bySkeleton.set(skeleton, [nick]);
  }
  const found = new Set<string>();
  for (const group of bySkeleton.values()) {
    if (group.length > 1) for (const nick of group) found.add(nick);
  }
  return found;
}

const WORD = /[\p{L}\p{N}_]/u;

/**
 * Whether a message mentions this nickname: the nickname, case folded, not inside a longer word
 * ("Li" is not mentioned by "Lisa"). An empty nickname is never mentioned.
 */
export function mentions(body: string, nick: string): boolean {
  const needle = nick.trim().toLocaleLowerCase();
  if (needle === '') return false;
  const text = body.toLocaleLowerCase();
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    const before = at > 0 ? text[at - 1]! : '';
    const after = text[at + needle.length] ?? '';
    // Han and other scripts without spaces: a mention inside a sentence still counts.
    const bounded = (c: string) => c === '' || !WORD.test(c) || /\p{Script=Han}/u.test(c);
    if (bounded(before) && bounded(after)) return true;
  }
  return false;
}
