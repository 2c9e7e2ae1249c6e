import { describe, expect, it } from 'vitest';
import {
  checkIdNumber,
  idCheckCharacter,
  isKnownRegion,
  maskIdNumber,
  type IdNumberProblem,
} from '../../../shared/realname';
import { TODAY, withCheck } from './reference';

const check = (text: string) => checkIdNumber(text, { today: TODAY });
const problemOf = (text: string): IdNumberProblem | undefined => {
  const result = check(text);
  return result.ok ? undefined : result.problem;
};

describe('identity numbers (GB 11643)', () => {
  it('accepts the standard samples', () => {
    expect(check('11010519491231002X')).toEqual({
      ok: true,
      value: '11010519491231002X',
      changes: [],
    });
    expect(idCheckCharacter('11010519491231002')).toBe('X');
    expect(idCheckCharacter('44052418800101001')).toBe('4');
    // Both samples agree with the independent reference.
    expect(withCheck('11010519491231002')).toBe('11010519491231002X');
    expect(withCheck('44052418800101001')).toBe('440524188001010014');
  });

  it('refuses the classic 1880 sample for its date alone: the check character is right', () => {
    expect(problemOf('440524188001010014')).toBe('birthdate');
    expect(problemOf(withCheck('44052419000101001'))).toBeUndefined();
    expect(problemOf(withCheck('44052418991231001'))).toBe('birthdate');
  });

  it('upper-cases a lower-case x and says so', () => {
    expect(check('11010519491231002x')).toEqual({
      ok: true,
      value: '11010519491231002X',
      changes: ['upper-case'],
    });
  });

  it('normalizes full-width digits, grouping spaces and hyphens, stray ends', () => {
    expect(check('１１０１０５１９４９１２３１００２Ｘ')).toEqual({
      ok: true,
      value: '11010519491231002X',
      changes: ['full-width'],
    });
    expect(check('　110105 19491231 002X ')).toEqual({
      ok: true,
      value: '11010519491231002X',
      changes: ['full-width', 'trimmed', 'separators'],
    });
    expect(check('110105-19491231-002X')).toMatchObject({ ok: true, changes: ['separators'] });
  });

  it('removes zero-width characters and left-to-right wrappers, refuses right-to-left ones', () => {
    expect(check('\u202a1101\u200b0519491231\ufeff002X\u202c')).toEqual({
      ok: true,
      value: '11010519491231002X',
      changes: ['invisible'],
    });
    // "\u202E" would show the digits in reverse: what was seen is not what would be sent.
    expect(problemOf('\u202e11010519491231002X')).toBe('bidi');
    expect(problemOf('110105\u200f19491231002X')).toBe('bidi');
  });

  it('names each problem', () => {
    const cases: [string, IdNumberProblem][] = [
      ['', 'empty'],
      [' \u200b\u3000', 'empty'],
      ['11010519491231002Y', 'characters'],
      ['110105.19491231.002X', 'characters'],
      ['320311770706001', 'first-generation'],
      ['1101051949123100', 'length'],
      ['11010519491231002X1', 'length'],
      ['1101051949123100X2', 'format'],
      [withCheck('10010519491231002'), 'region'],
      [withCheck('11000019491231002'), 'region'],
      [withCheck('71010119491231002'), 'region'],
      [withCheck('11010519491301002'), 'birthdate'],
      [withCheck('11010519490431002'), 'birthdate'],
      [withCheck('11010519490000002'), 'birthdate'],
      [withCheck('11010520260616002'), 'future'],
      ['110105194912310021', 'checksum'],
    ];
    for (const [text, problem] of cases) expect([text, problemOf(text)]).toEqual([text, problem]);
  });

  it('knows leap days', () => {
    expect(problemOf(withCheck('11010520000229001'))).toBeUndefined();
    expect(problemOf(withCheck('11010519000229001'))).toBe('birthdate');
    expect(problemOf(withCheck('11010520230229001'))).toBe('birthdate');
    expect(problemOf(withCheck('11010520240229001'))).toBeUndefined();
  });

  it('takes today from the caller: born today passes, tomorrow is the future', () => {
    const born = withCheck('11010520260615001');
    expect(problemOf(born)).toBeUndefined();
    expect(checkIdNumber(born, { today: { year: 2026, month: 6, day: 14 } })).toEqual({
      ok: false,
      problem: 'future',
    });
    expect(checkIdNumber(born, { today: { year: 2027, month: 1, day: 1 } }).ok).toBe(true);
    // The month decides before the day: May 20 is past on June 15, July 1 is not.
    expect(problemOf(withCheck('11010520260520001'))).toBeUndefined();
    expect(problemOf(withCheck('11010520260701001'))).toBe('future');
    expect(problemOf(withCheck('11010520270101001'))).toBe('future');
  });

  it('accepts residence permits and the foreign permanent resident card', () => {
    expect(problemOf(withCheck('81000019940823002'))).toBeUndefined();
    expect(problemOf(withCheck('82000019940823002'))).toBeUndefined();
    expect(problemOf(withCheck('83000019920130002'))).toBeUndefined();
    expect(problemOf(withCheck('91184019900101000'))).toBeUndefined();
    expect(problemOf(withCheck('81010119940823002'))).toBe('region');
    expect(problemOf(withCheck('98184019900101000'))).toBe('region');
    expect(problemOf(withCheck('91100019900101000'))).toBe('region');
  });

  it('knows every province-level code and no other', () => {
    const provinces = [
      [11, 15],
      [21, 23],
      [31, 37],
      [41, 46],
      [50, 54],
      [61, 65],
    ].flatMap(([from, to]) => Array.from({ length: to! - from! + 1 }, (_, i) => from! + i));
    // 90–99 are left out: there the first digit is 9 and the next two a province (below).
    for (let code = 10; code <= 89; code += 1) {
      const mainland = provinces.includes(code);
      expect([code, isKnownRegion(`${code}0101`)]).toEqual([code, mainland]);
      expect([code, isKnownRegion(`${code}0000`)]).toEqual([code, [71, 81, 82, 83].includes(code)]);
    }
    for (let code = 10; code <= 89; code += 1) {
      expect([code, isKnownRegion(`9${code}840`)]).toEqual([code, provinces.includes(code)]);
    }
    expect(isKnownRegion('911000')).toBe(false);
    expect(isKnownRegion('11010')).toBe(false);
    expect(isKnownRegion('1101０5')).toBe(false);
  });

  it('masks all but the last four characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('**************002X');
  });

  it('never puts the number in a refusal', () => {
    const result = check('110105194912310021');
    expect(JSON.stringify(result)).not.toMatch(/\d{4}/u);
  });
});
