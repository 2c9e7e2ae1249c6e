import { describe, expect, it } from 'vitest';
import {
  hasHiddenCharacters,
  lookalikes,
  mentions,
  nickSkeleton,
  visibleNick,
} from '../../../shared/nick';

describe('nicknames as people read them', () => {
  it('writes out invisible and reordering characters', () => {
    expect(visibleNick('Alice\u200b')).toBe('Alice⟨U+200B⟩');
    expect(visibleNick('\u202egnp.exe')).toBe('⟨U+202E⟩gnp.exe');
    expect(visibleNick('Bob\u0007')).toBe('Bob⟨U+0007⟩');
    expect(visibleNick('王芳')).toBe('王芳');
    expect(hasHiddenCharacters('Alice\u2066')).toBe(true);
    expect(hasHiddenCharacters('Alice')).toBe(false);
    // The flag of a global pattern must not make the second call differ.
    expect(hasHiddenCharacters('x\u200d')).toBe(true);
    expect(hasHiddenCharacters('x\u200d')).toBe(true);
  });

  it('finds nicknames that pass for another', () => {
    expect(nickSkeleton('ＡＬＩＣＥ\u200b')).toBe('alice');
    expect([...lookalikes(['Alice', 'alice\u200b', 'Bob', 'Ｂｏｂ', 'Carol'])].sort()).toEqual([
      'Alice',
      'Bob',
      'alice\u200b',
      'Ｂｏｂ',
    ]);
    expect(lookalikes(['Alice', 'Bob']).size).toBe(0);
  });

  it('sees a mention of a nickname, not a word that contains it', () => {
    expect(mentions('hi Li, tea?', 'Li')).toBe(true);
    expect(mentions('LI: tea?', 'Li')).toBe(true);
    expect(mentions('Lisa, tea?', 'Li')).toBe(false);
    expect(mentions('@Li', 'Li')).toBe(true);
    expect(mentions('小明你好', '小明')).toBe(true);
    expect(mentions('问一下王芳吧', '王芳')).toBe(true);
    expect(mentions('anything', '  ')).toBe(false);
  });
});
