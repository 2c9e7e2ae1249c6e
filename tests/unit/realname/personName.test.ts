import { describe, expect, it } from 'vitest';
import { checkPersonName, type PersonNameProblem } from '../../../shared/realname';

const problemOf = (text: string): PersonNameProblem | undefined => {
  const result = checkPersonName(text);
  return result.ok ? undefined : result.problem;
};
const valueOf = (text: string): string | undefined => {
  const result = checkPersonName(text);
  return result.ok ? result.value : undefined;
};

describe('names', () => {
  it('accepts Han names, extensions included', () => {
    expect(checkPersonName('王芳')).toEqual({ ok: true, value: '王芳', changes: [] });
    expect(valueOf('欧阳娜娜')).toBe('欧阳娜娜');
    // U+20000 (Extension B) is two UTF-16 units but one character: 𠀀明 is two characters.
    expect(valueOf('\u{20000}明')).toBe('\u{20000}明');
    expect(valueOf('\u{3134a}\u{3134a}')).toBe('\u{3134a}\u{3134a}');
  });

  it('accepts transliterated names with the middle dot, and its variants', () => {
    expect(valueOf('阿依古丽·买买提')).toBe('阿依古丽·买买提');
    expect(checkPersonName('阿依古丽・买买提')).toEqual({
      ok: true,
      value: '阿依古丽·买买提',
      changes: ['punctuation'],
    });
    expect(valueOf('阿依古丽 · 买买提')).toBe('阿依古丽·买买提');
    expect(valueOf('尼格买提‧热合曼')).toBe('尼格买提·热合曼');
  });

  it('turns every variant dot, apostrophe and hyphen into the one the registry compares', () => {
    for (const dot of '\u30fb\uff65\u2027\u22c5\u2219') {
      expect([dot, valueOf(`阿依古丽${dot}买买提`)]).toEqual([dot, '阿依古丽·买买提']);
    }
    for (const apostrophe of '\u2018\u2019\u02bc\uff07') {
      expect([apostrophe, valueOf(`O${apostrophe}Brien`)]).toEqual([apostrophe, "O'Brien"]);
    }
    for (const hyphen of '\u2010\u2011\uff0d') {
      expect([hyphen, valueOf(`Jean${hyphen}Luc`)]).toEqual([hyphen, 'Jean-Luc']);
    }
  });

  it('removes spaces inside a Han name and says so', () => {
    expect(checkPersonName('欧阳　娜娜')).toEqual({
      ok: true,
      value: '欧阳娜娜',
      changes: ['full-width', 'separators'],
    });
  });

  it('accepts Latin names with diacritics, spaces, hyphens and apostrophes', () => {
    for (const name of ['Li', 'José Álvarez', 'Jean-Luc Picard', "Seán O'Brien", 'Łukasz Nguyễn']) {
      expect([name, valueOf(name)]).toEqual([name, name]);
    }
    expect(checkPersonName('Mary   Ann')).toEqual({
      ok: true,
      value: 'Mary Ann',
      changes: ['spaces'],
    });
    expect(checkPersonName('O’Brien')).toEqual({
      ok: true,
      value: "O'Brien",
      changes: ['punctuation'],
    });
    expect(checkPersonName('Jose\u0301')).toEqual({
      ok: true,
      value: 'José',
      changes: ['composed'],
    });
    expect(checkPersonName('Ｌｉ Ｗｅｉ')).toEqual({
      ok: true,
      value: 'Li Wei',
      changes: ['full-width'],
    });
    // A combining mark with no precomposed letter stays on its letter.
    expect(valueOf('Mag\u0303e')).toBe('Mag\u0303e');
  });

  it('removes zero-width characters, refuses right-to-left controls', () => {
    expect(checkPersonName('王\u200b芳')).toEqual({
      ok: true,
      value: '王芳',
      changes: ['invisible'],
    });
    expect(problemOf('\u202eWei Li')).toBe('bidi');
  });

  it('names each problem', () => {
    const cases: [string, PersonNameProblem][] = [
      ['', 'empty'],
      ['\u3000', 'empty'],
      ['王芳2', 'digits'],
      ['Li Wei 3rd', 'digits'],
      ['王芳！', 'characters'],
      ['J. Smith', 'characters'],
      ['Иван Петров', 'characters'],
      ['⼈⼤', 'characters'],
      ['王\ufe00芳', 'characters'],
      ['Li 伟', 'mixed-scripts'],
      ['王Fang', 'mixed-scripts'],
      ['·阿依古丽', 'punctuation'],
      ['阿依古丽·', 'punctuation'],
      ['阿依古丽··买买提', 'punctuation'],
      ['王-芳', 'punctuation'],
      ['Jean--Luc', 'punctuation'],
      ["O''Brien", 'punctuation'],
      ['-Li', 'punctuation'],
      ['Li·Wei', 'punctuation'],
      ['王', 'length'],
      ['L', 'length'],
      [`${'a'.repeat(25)} ${'b'.repeat(25)}`, 'length'],
    ];
    for (const [text, problem] of cases) expect([text, problemOf(text)]).toEqual([text, problem]);
    expect(problemOf(`${'a'.repeat(25)} ${'b'.repeat(24)}`)).toBeUndefined();
    expect(problemOf('\u{20000}'.repeat(50))).toBeUndefined();
    expect(problemOf('\u{20000}'.repeat(51))).toBe('length');
  });
});
