import { describe, expect, it } from 'vitest';
import { normalizeInput } from '../../../shared/realname';

describe('normalizing what was typed or pasted', () => {
  it('leaves plain text alone and says nothing changed', () => {
    expect(normalizeInput('Li Wei')).toEqual({ ok: true, value: 'Li Wei', changes: [] });
  });

  it('turns full-width ASCII into ASCII and the ideographic space into a space', () => {
    expect(normalizeInput('０９ＡＺａｚ＋－＇　x')).toEqual({
      ok: true,
      value: "09AZaz+-' x",
      changes: ['full-width'],
    });
    // Only U+FF01–FF5E: the half-width katakana and full-width won sign are left alone.
    expect(normalizeInput('ｱ￦')).toEqual({ ok: true, value: 'ｱ￦', changes: [] });
  });

  it('removes every zero-width character and left-to-right control', () => {
    const invisible =
      '\u00ad\u200b\u200c\u200d\u200e\u2060\ufeff\u202a\u202c\u202d\u2066\u2068\u2069';
    for (const c of invisible) {
      expect([c, normalizeInput(`a${c}b`)]).toEqual([
        c,
        { ok: true, value: 'ab', changes: ['invisible'] },
      ]);
    }
  });

  it('refuses every right-to-left control', () => {
    for (const c of '\u061c\u200f\u202b\u202e\u2067') {
      expect([c, normalizeInput(`ab${c}`)]).toEqual([c, { ok: false, problem: 'bidi' }]);
    }
  });

  it('trims spaces of every kind at the ends, not inside', () => {
    expect(normalizeInput('\u00a0\u3000 a  b\t\n')).toEqual({
      ok: true,
      value: 'a  b',
      changes: ['full-width', 'trimmed'],
    });
  });

  it('calls text with nothing left empty', () => {
    expect(normalizeInput('')).toEqual({ ok: false, problem: 'empty' });
    expect(normalizeInput(' \u200b\u3000\u2066\u2069 ')).toEqual({ ok: false, problem: 'empty' });
  });
});
