/**
 * Properties of the identity number check and of masking, over generated input. The valid
 * numbers are built from parts the tests know independently: dates from the Date object (not the
 * module's calendar), check characters from reference.ts (not the module's table).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkIdNumber,
  checkMobile,
  checkPersonName,
  maskIdNumber,
  maskMobile,
  maskTail,
  type RealNameProblem,
} from '../../../shared/realname';
import { referenceCheck, TODAY } from './reference';

const PROVINCES = [
  ...['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37'],
  ...[
    '41',
    '42',
    '43',
    '44',
    '45',
    '46',
    '50',
    '51',
    '52',
    '53',
    '54',
    '61',
    '62',
    '63',
    '64',
    '65',
  ],
];
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A known issuing region: mainland county, whole region, or a foreign permanent resident's. */
const region = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...PROVINCES),
      fc.integer({ min: 1, max: 99 }),
      fc.integer({ min: 0, max: 99 }),
    )
    .map(([province, prefecture, county]) => province + pad(prefecture, 2) + pad(county, 2)),
  fc.constantFrom('710000', '810000', '820000', '830000'),
  fc
    .tuple(fc.constantFrom(...PROVINCES), fc.integer({ min: 1, max: 999 }))
    .map(([province, nationality]) => `9${province}${pad(nationality, 3)}`),
);

/** A real date of birth from 1900 up to TODAY, as YYYYMMDD, from the Date object's calendar. */
const birthDate = fc
  .date({
    min: new Date(Date.UTC(1900, 0, 1)),
    max: new Date(Date.UTC(TODAY.year, TODAY.month - 1, TODAY.day)),
    noInvalidDate: true,
  })
  .map((d) => pad(d.getUTCFullYear(), 4) + pad(d.getUTCMonth() + 1, 2) + pad(d.getUTCDate(), 2));

const body = fc
  .tuple(region, birthDate, fc.integer({ min: 0, max: 999 }))
  .map(([r, d, order]) => r + d + pad(order, 3));
const validNumber = body.map((b) => b + referenceCheck(b));
const check = (text: string) => checkIdNumber(text, { today: TODAY });

const ALL_PROBLEMS: readonly RealNameProblem[] = [
  ...['empty', 'bidi', 'characters', 'first-generation', 'length', 'format', 'region'],
  ...['birthdate', 'future', 'checksum', 'prefix', 'digits', 'mixed-scripts', 'punctuation'],
] as RealNameProblem[];

describe('identity number properties', () => {
  it('accepts a valid body with its check character, refuses it with any other', () => {
    fc.assert(
      fc.property(body, fc.constantFrom(...'0123456789X'), (b, other) => {
        const right = referenceCheck(b);
        expect(check(b + right)).toEqual({ ok: true, value: b + right, changes: [] });
        if (other !== right) expect(check(b + other)).toEqual({ ok: false, problem: 'checksum' });
      }),
    );
  });

  it('never accepts a number with one digit changed', () => {
    fc.assert(
      fc.property(validNumber, fc.nat(16), fc.integer({ min: 1, max: 9 }), (n, at, step) => {
        const changed = n.slice(0, at) + ((Number(n[at]) + step) % 10) + n.slice(at + 1);
        expect(check(changed).ok).toBe(false);
      }),
    );
  });

  it('never accepts a number with two different neighbours swapped', () => {
    fc.assert(
      fc.property(validNumber, fc.nat(16), (n, at) => {
        fc.pre(n[at] !== n[at + 1]);
        const swapped = n.slice(0, at) + n[at + 1]! + n[at]! + n.slice(at + 2);
        expect(check(swapped).ok).toBe(false);
      }),
    );
  });

  it('reads the same number through full-width digits, spaces and invisible characters', () => {
    const noise = fc.constantFrom(' ', '\u3000', '-', '\u200b', '\ufeff', '\u2066', '');
    fc.assert(
      fc.property(
        validNumber,
        fc.array(noise, { minLength: 18, maxLength: 18 }),
        fc.boolean(),
        (n, gaps, wide) => {
          const typed = [...n]
            .map((c, i) => gaps[i]! + (wide ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c))
            .join('');
          expect(check(typed)).toMatchObject({ ok: true, value: n });
        },
      ),
    );
  });
});

describe('masking', () => {
  it('keeps exactly the last four characters of a valid number and nothing else', () => {
    fc.assert(
      fc.property(validNumber, (n) => {
        const masked = maskIdNumber(n);
        expect(masked).toHaveLength(18);
        expect(masked).toBe('*'.repeat(14) + n.slice(-4));
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/u), (m) => {
        expect(maskMobile(m)).toBe('*'.repeat(7) + m.slice(-4));
      }),
    );
  });

  it('shows at most the last four characters of any text, never a half character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 24 }), (text) => {
        const characters = [...text];
        const masked = [...maskTail(text)];
        expect(masked).toHaveLength(characters.length);
        // A short text is masked whole: its last four would be most of it.
        const shown = characters.length > 8 ? 4 : 0;
        expect(masked.slice(0, masked.length - shown).every((c) => c === '*')).toBe(true);
        expect(masked.slice(masked.length - shown)).toEqual(
          characters.slice(characters.length - shown),
        );
      }),
    );
  });
});

describe('any text at all', () => {
  it('gets an answer, never an exception, and a refusal carries only its code', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.string({ unit: fc.constantFrom(...'0123456789Xx +-()·\u200b\u3000王Li'), maxLength: 25 }),
    );
    fc.assert(
      fc.property(text, (t) => {
        for (const result of [check(t), checkMobile(t), checkPersonName(t)]) {
          if (result.ok) continue;
          expect(Object.keys(result).sort()).toEqual(['ok', 'problem']);
          expect(ALL_PROBLEMS).toContain(result.problem);
        }
      }),
    );
  });

  it('accepts what it returned, unchanged', () => {
    const mobile = fc.stringMatching(/^(\+86 |0086-|86)?1[3-9]\d \d{4} \d{4}$/u);
    const text = fc.string({
      unit: fc.constantFrom(...'0123456789Xx +-()·\u200b\u3000王芳LiWé'),
      maxLength: 25,
    });
    fc.assert(
      fc.property(fc.oneof(text, validNumber, mobile), (t) => {
        for (const again of [check, checkMobile, checkPersonName]) {
          const first = again(t);
          if (first.ok)
            expect(again(first.value)).toEqual({ ok: true, value: first.value, changes: [] });
        }
      }),
    );
  });
});
