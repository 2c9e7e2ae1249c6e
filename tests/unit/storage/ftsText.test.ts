import { describe, expect, it } from 'vitest';
import {
  ftsQuery,
  ftsScope,
  ftsScopeQuery,
  ftsText,
  matchRanges,
} from '../../../electron/storage/ftsText';

describe('ftsText', () => {
  it('makes every CJK character a token, adds the pairs, and leaves other text alone', () => {
    expect(ftsText('今天你好吗 Hello')).toBe(
      ' 今  天  你  好  吗  Hello \uE000 今天 天你 你好 好吗',
    );
    expect(ftsText('hello, world')).toBe('hello, world');
    // A Han character outside the BMP (a surrogate pair) is one token too; alone, it has no pair.
    expect(ftsText('a𠀀b')).toBe('a 𠀀 b');
  });

  it('pairs characters that follow each other as tokens, and breaks runs at other words', () => {
    // Punctuation is not a token (unicode61 drops it): 好 and 世 still follow each other.
    expect(ftsText('你好，世界 ok 再见').split('\uE000')).toEqual([
      ' 你  好 ， 世  界  ok  再  见  ',
      ' 你好 好世 世界 ',
      ' 再见',
    ]);
    // The break character typed into a message is only a space there.
    expect(ftsText('a\uE000b')).toBe('a b');
  });
});

describe('ftsQuery', () => {
  it('quotes each word as a phrase of the text column and ANDs the words', () => {
    expect(ftsQuery('hel wor')).toBe('text : ("hel"* AND "wor"*)');
    // CJK characters and single letters are whole tokens: no prefix.
    expect(ftsQuery('你好 a')).toBe('text : ("你  好" AND "a")');
    expect(ftsQuery('ab你')).toBe('text : ("ab 你")');
  });

  it('asks for the pairs of a word of several CJK characters once the index has them', () => {
    expect(ftsQuery('你好吗 hel', { pairs: true })).toBe('text : ("你好 好吗" AND "hel"*)');
    expect(ftsQuery('你，好', { pairs: true })).toBe('text : ("你好")');
    // One character is its own token; a word mixing scripts stays a phrase of tokens.
    expect(ftsQuery('你', { pairs: true })).toBe('text : ("你")');
    expect(ftsQuery('ab你好', { pairs: true })).toBe('text : ("ab 你  好")');
    // The break character cannot be asked for.
    expect(ftsQuery('\uE000', { pairs: true })).toBeUndefined();
  });

  it('neutralizes FTS5 syntax', () => {
    expect(ftsQuery('"ab" OR b*')).toBe('text : ("""ab"""* AND "OR"* AND "b*")');
    expect(ftsQuery('scope:x NEAR(a b)')).toBe('text : ("scope:x" AND "NEAR(a" AND "b)")');
  });

  it('has nothing to ask for punctuation alone', () => {
    expect(ftsQuery('*** "" ( ) - ^ \u0301')).toBeUndefined();
    expect(ftsQuery('   ')).toBeUndefined();
  });
});

describe('ftsScopeQuery', () => {
  it('names the account and the peer with tokens of the scope column', () => {
    expect(ftsScopeQuery()).toBeUndefined();
    const both = ftsScopeQuery('a@x', 'b@x')!;
    const [account, peer] = ftsScope('a@x', 'b@x').split(' ');
    expect(both).toBe(`scope : ("${account}" AND "${peer}")`);
    expect(ftsScopeQuery(undefined, 'b@x')).toBe(`scope : ("${peer}")`);
    expect(ftsScope('a@x', 'c@x')).not.toBe(ftsScope('a@x', 'b@x'));
  });

  it('names an occupant JID with one plain token, whatever its nickname holds', () => {
    const nicks = ['Lǎo Wáng 老王', 'a "b" (c) * NEAR d:e', 'x/y\\z 😀', 'Lǎo Wáng 老王 '];
    const scopes = nicks.map((nick) => ftsScope('a@x', `room@conf.x/${nick}`));
    for (const scope of scopes) expect(scope).toMatch(/^a[0-9a-z]+ p[0-9a-z]+$/);
    // Every nickname its own token, and not the room's.
    expect(new Set(scopes).size).toBe(nicks.length);
    expect(scopes).not.toContain(ftsScope('a@x', 'room@conf.x'));
    const peerToken = scopes[0]!.split(' ')[1];
    expect(ftsScopeQuery(undefined, `room@conf.x/${nicks[0]}`)).toBe(`scope : ("${peerToken}")`);
  });
});

describe('matchRanges', () => {
  it('finds whole words by prefix, case-insensitively', () => {
    expect(matchRanges('Hello there, HELP!', 'hel')).toEqual([
      [0, 5],
      [13, 17],
    ]);
    // A single letter is a whole word, as in ftsQuery.
    expect(matchRanges('a apple', 'A')).toEqual([[0, 1]]);
  });

  it('finds CJK substrings of any length', () => {
    expect(matchRanges('今天你好吗', '你好')).toEqual([[2, 4]]);
    expect(matchRanges('今天你好吗', '好')).toEqual([[3, 4]]);
    expect(matchRanges('今天你好吗', '天你好')).toEqual([[1, 4]]);
  });

  it('counts in UTF-16 code units past emoji and surrogate pairs', () => {
    const body = '😀 café 𠀀你好 ok';
    const ranges = matchRanges(body, 'CAFE 你好');
    expect(ranges.map(([s, e]) => body.slice(s, e))).toEqual(['café', '你好']);
  });

  it('merges overlapping ranges of several words', () => {
    expect(matchRanges('abc abd', 'ab abc')).toEqual([
      [0, 3],
      [4, 7],
    ]);
  });
});
