/**
 * Full-text search over message bodies, for scripts with and without spaces between words.
 *
 * FTS5's unicode61 tokenizer splits on spaces and punctuation, which finds English words by
 * prefix but treats a whole Chinese sentence as one token; the trigram tokenizer needs three
 * characters, while most Chinese words are two. So we index a derived text in which every CJK
 * character stands alone as a token, followed by the pairs of CJK characters that follow each
 * other in it ("今天你好" gives 今 天 你 好, then 今天 天你 你好). A query word of one CJK character
 * is that token; a word of several is the phrase of its pairs: '你好吗' becomes "你好 好吗", which
 * matches exactly where 你 好 吗 follow each other. Pairs are far rarer than characters: the
 * phrase of three common characters over ten million messages had to walk three huge lists (up
 * to 240 ms), its pairs walk two short ones. A run of pairs stops at anything that is not CJK
 * (a separator token marks the break), so pairs never join characters that are not adjacent.
 * English words keep their tokens and match by prefix ("hel"* finds "Hello"); unicode61 folds
 * case and diacritics.
 *
 * An index written before the pairs existed is upgraded in the background (migration 4 and
 * MessageStoreExtras.upgradeIndex); until then queries use the phrase of single characters,
 * which both kinds of rows hold.
 *
 * Everything the user types ends up inside double quotes, so FTS5 syntax (quotes, *, NEAR, AND,
 * column filters, parentheses) is never interpreted.
 */

/** Han, kana, Hangul and Bopomofo: scripts written without spaces between words. */
const CJK =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u;
const CJK_ALL = new RegExp(CJK.source, 'gu');
/**
 * What unicode61 keeps as token characters (letters, numbers, private use), plus marks; but not
 * PAIR_BREAK, which ftsText turns into a space.
 */
const WORD = /(?:(?!\uE000)[\p{L}\p{N}\p{Co}\p{M}])+/gu;

/**
 * Ends a run of CJK pairs: a private-use character, which unicode61 keeps as a token and nobody
 * types (queries drop it, see tokenize), so no phrase of pairs can match across it.
 */
const PAIR_BREAK = '\uE000';

const PAIR_BREAKS = /\uE000/g;

/** Whether a text holds any CJK character (only such entries change with the pairs). */
export const hasCjk = (text: string): boolean => CJK.test(text);

/** Each CJK character a token of its own; a PAIR_BREAK in the text itself is only a space. */
function spaced(text: string): string {
  return text.replace(PAIR_BREAKS, ' ').replace(CJK_ALL, ' $& ');
}

/** The text we index for a body: each CJK character surrounded by spaces, then the pairs. */
export function ftsText(body: string): string {
  const unigrams = spaced(body);
  if (!CJK.test(body)) return unigrams;
  const pairs = cjkPairs(tokenize(body));
  return pairs.length ? `${unigrams} ${PAIR_BREAK} ${pairs.join(' ')}` : unigrams;
}

/** Each CJK token joined with the next when that is CJK too, runs ended by PAIR_BREAK. */
function cjkPairs(tokens: readonly Token[]): string[] {
  const pairs: string[] = [];
  let previous: string | undefined;
  for (const { text } of tokens) {
    if (!CJK.test(text)) {
      if (pairs.length && pairs[pairs.length - 1] !== PAIR_BREAK) pairs.push(PAIR_BREAK);
      previous = undefined;
      continue;
    }
    if (previous !== undefined) pairs.push(previous + text);
    previous = text;
  }
  if (pairs[pairs.length - 1] === PAIR_BREAK) pairs.pop();
  return pairs;
}

/**
 * Whether a query word's last token matches by prefix: English-like tokens of two or more
 * characters do ("hel" finds "hello"); a CJK character is a whole token already, and a single
 * Latin letter would match most of the index, so both match exactly. Exact tokens also let FTS5
 * stream the hits newest first instead of merging every matching term first.
 */
function prefixMatches(token: string): boolean {
  return !CJK.test(token) && [...token].length >= 2;
}

/**
 * An FTS5 MATCH expression for what the user typed, or undefined when nothing in it can match
 * (only punctuation or spaces). Words are ANDed, each a phrase within the text column; a word of
 * several CJK characters is the phrase of their pairs once the index holds pairs (`pairs`).
 */
export function ftsQuery(input: string, options: { pairs?: boolean } = {}): string | undefined {
  const phrases: string[] = [];
  for (const word of input.split(/\s+/u)) {
    const tokens = tokenize(word);
    if (!tokens.length) continue;
    if (options.pairs && tokens.length >= 2 && tokens.every((t) => CJK.test(t.text))) {
      phrases.push(`"${cjkPairs(tokens).join(' ')}"`);
      continue;
    }
    const derived = spaced(word).trim().replace(/"/g, '""');
    phrases.push(`"${derived}"${prefixMatches(tokens[tokens.length - 1]!.text) ? '*' : ''}`);
  }
  return phrases.length ? `text : (${phrases.join(' AND ')})` : undefined;
}

/** 53-bit string hash (cyrb53). Stored in the index: never change it without a migration. */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

const accountToken = (accountId: string) => `a${hash(accountId)}`;
const peerToken = (peer: string) => `p${hash(peer)}`;

/** The scope column of a message: tokens naming its account and its peer. */
export function ftsScope(accountId: string, peer: string): string {
  return `${accountToken(accountId)} ${peerToken(peer)}`;
}

/**
 * The filter part of a MATCH expression for an account and/or peer. Hash collisions only add
 * candidates; the SQL that joins messages checks the real columns.
 */
export function ftsScopeQuery(accountId?: string, peer?: string): string | undefined {
  const parts = [
    ...(accountId !== undefined ? [`"${accountToken(accountId)}"`] : []),
    ...(peer !== undefined ? [`"${peerToken(peer)}"`] : []),
  ];
  return parts.length ? `scope : (${parts.join(' AND ')})` : undefined;
}

interface Token {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Case- and diacritic-insensitive form, as unicode61 with remove_diacritics compares tokens. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Tokens with their [start, end) positions (UTF-16 indices) in the original text. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    let runStart = match.index;
    let offset = match.index;
    const flush = (end: number) => {
      if (end > runStart)
        tokens.push({ start: runStart, end, text: fold(text.slice(runStart, end)) });
    };
    for (const char of match[0]) {
      if (CJK.test(char)) {
        flush(offset);
        tokens.push({ start: offset, end: offset + char.length, text: char });
        runStart = offset + char.length;
      }
      offset += char.length;
    }
    flush(offset);
  }
  return tokens.filter((t) => t.text.length > 0);
}

/**
 * Where the query matched in the original body: [start, end) ranges in UTF-16 code units (the
 * indices of a JavaScript string), whole tokens, sorted and merged. Mirrors ftsQuery: a word
 * matches a run of consecutive tokens, the last by prefix where ftsQuery asks for one.
 */
export function matchRanges(body: string, input: string): [number, number][] {
  const tokens = tokenize(body);
  const ranges: [number, number][] = [];
  for (const word of input.split(/\s+/u)) {
    const phrase = tokenize(word).map((t) => t.text);
    if (!phrase.length) continue;
    for (let i = 0; i + phrase.length <= tokens.length; i += 1) {
      const hit = phrase.every((p, k) => {
        const token = tokens[i + k]!.text;
        return k === phrase.length - 1 && prefixMatches(p) ? token.startsWith(p) : token === p;
      });
      if (hit) ranges.push([tokens[i]!.start, tokens[i + phrase.length - 1]!.end]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}
