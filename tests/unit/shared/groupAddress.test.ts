import { describe, expect, it } from 'vitest';
import {
  groupAddress,
  localPartProblem,
  normalizeLocalPart,
  suggestLocalPart,
} from '../../../shared/groupAddress';

const fixed = () => 0;

describe('the address suggested for a new group', () => {
  it('is lowercase ASCII with hyphens from a Latin name, accents dropped', () => {
    expect(suggestLocalPart('Tea House', fixed)).toBe('tea-house');
    expect(suggestLocalPart('  Café   Müller!! 2026 ', fixed)).toBe('cafe-muller-2026');
    expect(suggestLocalPart('Ｆｕｌｌ ｗｉｄｔｈ', fixed)).toBe('full-width');
    expect(suggestLocalPart('Tea House 茶馆', fixed)).toBe('tea-house');
  });

  it('is cut at a hyphen when long', () => {
    const long = suggestLocalPart('The quite remarkably long name of our weekly tea club', fixed);
    expect(long).toBe('the-quite-remarkably-long-name');
    expect(long.length).toBeLessThanOrEqual(32);
    expect(suggestLocalPart('a'.repeat(50), fixed)).toBe('a'.repeat(32));
  });

  it('is random for a name with too little Latin in it (Han, emoji, two letters)', () => {
    expect(suggestLocalPart('茶馆', fixed)).toBe('group-aaaaaa');
    expect(suggestLocalPart('🍵', () => 0.999)).toBe('group-999999');
    expect(suggestLocalPart('茶 a', fixed)).toBe('group-aaaaaa');
    let n = 0;
    const seq = () => (n++ % 32) / 32;
    expect(suggestLocalPart('北京茶友会', seq)).toBe('group-abcdef');
  });

  it('is always an address the checks accept', () => {
    for (const name of ['Tea House', '茶馆', '--x--y--', 'Ünïcödé ñame', '🍵🍵🍵', 'a.b_c']) {
      expect(localPartProblem(suggestLocalPart(name, Math.random))).toBeUndefined();
    }
  });
});

describe('an address the user types', () => {
  it('is trimmed and lowercased', () => {
    expect(normalizeLocalPart('  Tea-House ')).toBe('tea-house');
    expect(groupAddress(' Tea ', 'Conference.Example.org')).toBe('tea@conference.example.org');
  });

  it('may hold any letter or digit, dots, underscores and hyphens', () => {
    expect(localPartProblem('茶馆')).toBeUndefined();
    expect(localPartProblem('tea_house.2')).toBeUndefined();
  });

  it('refuses what needs escaping, spaces, edges and length', () => {
    expect(localPartProblem('')).toBe('empty');
    expect(localPartProblem('x'.repeat(65))).toBe('too-long');
    expect(localPartProblem('x'.repeat(64))).toBeUndefined();
    for (const bad of ['tea house', 'a@b', 'a/b', 'a:b', "it's", 'a"b', 'a&b', 'a<b', 'tab\t']) {
      expect(localPartProblem(bad)).toBe('characters');
    }
    for (const bad of ['-tea', 'tea-', '.tea', 'tea.', 'a..b']) {
      expect(localPartProblem(bad)).toBe('edges');
    }
    expect(groupAddress('tea house', 'conference.example.org')).toBeNull();
    expect(groupAddress('tea', '')).toBeNull();
  });
});
