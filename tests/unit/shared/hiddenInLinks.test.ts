import { describe, expect, it } from 'vitest';
import { hasHiddenCharacters, revealHidden } from '../../../shared/links';
import { tokenize } from '../../../renderer/features/links/linkify';

const RLO = '\u202e';

describe('hidden characters in links', () => {
  it('shows a right-to-left override as a marker, so the address reads as it opens', () => {
    const url = `https://evil.example/${RLO}gnp.exe`;
    expect(hasHiddenCharacters(url)).toBe(true);
    expect(revealHidden(url)).toBe('https://evil.example/⟨U+202E⟩gnp.exe');
  });

  it.each([
    ['\u202a', 'U+202A'],
    ['\u202b', 'U+202B'],
    ['\u202c', 'U+202C'],
    ['\u202d', 'U+202D'],
    ['\u2066', 'U+2066'],
    ['\u2067', 'U+2067'],
    ['\u2068', 'U+2068'],
    ['\u2069', 'U+2069'],
    ['\u200e', 'U+200E'],
    ['\u200f', 'U+200F'],
    ['\u061c', 'U+061C'],
    ['\u200b', 'U+200B'],
    ['\ufeff', 'U+FEFF'],
  ])('marks %j as ⟨%s⟩', (ch, name) => {
    expect(revealHidden(`a${ch}b${ch}`)).toBe(`a⟨${name}⟩b⟨${name}⟩`);
  });

  it('leaves ordinary addresses, Chinese and right-to-left letters alone', () => {
    for (const text of [
      'https://example.com/a?b=c#d',
      'https://例子.中国/路径',
      'https://x.example/שלום',
    ]) {
      expect(hasHiddenCharacters(text)).toBe(false);
      expect(revealHidden(text)).toBe(text);
    }
  });

  it('keeps the control inside the link token, where the marker is shown', () => {
    const tokens = tokenize(`look https://evil.example/${RLO}gnp.exe now`);
    expect(tokens).toEqual([
      { kind: 'text', text: 'look ' },
      { kind: 'link', url: `https://evil.example/${RLO}gnp.exe` },
      { kind: 'text', text: ' now' },
    ]);
  });
});
