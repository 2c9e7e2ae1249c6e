import { describe, expect, it } from 'vitest';
import { checkMobile, maskMobile, type MobileProblem } from '../../../shared/realname';

const problemOf = (text: string): MobileProblem | undefined => {
  const result = checkMobile(text);
  return result.ok ? undefined : result.problem;
};

describe('mainland mobile numbers', () => {
  it('accepts 11 digits from 13 to 19 as they are', () => {
    for (const prefix of ['13', '14', '15', '16', '17', '18', '19']) {
      expect(checkMobile(`${prefix}800138000`)).toEqual({
        ok: true,
        value: `${prefix}800138000`,
        changes: [],
      });
    }
  });

  it('removes the country code and separators, and says so', () => {
    const forms: [string, readonly string[]][] = [
      ['+86 138 0013 8000', ['separators', 'country-code']],
      ['+8613800138000', ['country-code']],
      ['0086-138-0013-8000', ['separators', 'country-code']],
      ['8613800138000', ['country-code']],
      ['(+86) 138 0013 8000', ['separators', 'country-code']],
      ['(86)13800138000', ['country-code']],
      ['138 0013 8000', ['separators']],
      ['＋８６　１３８－００１３－８０００', ['full-width', 'separators', 'country-code']],
      ['\u2066+86\u00a0138\u00a00013\u00a08000\u2069', ['invisible', 'separators', 'country-code']],
    ];
    for (const [text, changes] of forms) {
      expect([text, checkMobile(text)]).toEqual([
        text,
        { ok: true, value: '13800138000', changes },
      ]);
    }
  });

  it('names each problem', () => {
    const cases: [string, MobileProblem][] = [
      ['', 'empty'],
      ['\u200b', 'empty'],
      ['\u202e13800138000', 'bidi'],
      ['138.0013.8000', 'characters'],
      ['138 0013 800O', 'characters'],
      ['138+00138000', 'characters'],
      ['(138) 0013 8000', 'characters'],
      ['+852 9123 4567', 'prefix'],
      ['(+852) 9123 4567', 'prefix'],
      ['001 415 555 0100', 'prefix'],
      ['1380013800', 'length'],
      ['138001380001', 'length'],
      ['+86 1380013800', 'length'],
      ['86138001380', 'format'],
      ['12800138000', 'format'],
      // A Beijing landline: 11 digits, but not a mobile number.
      ['010 6552 9988', 'format'],
    ];
    for (const [text, problem] of cases) expect([text, problemOf(text)]).toEqual([text, problem]);
  });

  it('takes a bare 86 for a country code only in front of 11 digits', () => {
    // 86 followed by 9 digits is too short to hold one, so it is not removed.
    expect(problemOf('86138001380')).toBe('format');
    expect(checkMobile('8613800138000')).toMatchObject({ ok: true, value: '13800138000' });
  });

  it('masks all but the last four digits', () => {
    expect(maskMobile('13800138000')).toBe('*******8000');
  });
});
