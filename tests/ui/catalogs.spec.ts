/**
 * No browser needed: the two catalogs carry the same keys, every contract error code has a text,
 * and the certificate prompt's formatting helpers behave.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { ERROR_CODES } from '../../shared/errors';
import { LOCAL_ERROR_CODES } from '../../renderer/transport/api';
import { groupFingerprint, reasonKey } from '../../renderer/features/signin/fingerprint';

type Catalog = { [key: string]: string | Catalog };

const load = (locale: string): Catalog =>
  JSON.parse(
    readFileSync(resolve(import.meta.dirname, `../../renderer/i18n/${locale}.json`), 'utf8'),
  ) as Catalog;

function keys(catalog: Catalog, prefix = ''): string[] {
  return Object.entries(catalog).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`),
  );
}

const en = load('en');
const zh = load('zh-CN');

test('en and zh-CN have the same keys, none empty', () => {
  expect(keys(zh).sort()).toEqual(keys(en).sort());
  for (const catalog of [en, zh]) {
    const empty = keys(catalog).filter((key) => {
      const value = key
        .split('.')
        .reduce<string | Catalog>((node, part) => (node as Catalog)[part]!, catalog);
      return typeof value !== 'string' || value.trim() === '';
    });
    expect(empty).toEqual([]);
  }
});

test('every error code of the contract has a text in both languages', () => {
  for (const catalog of [en, zh]) {
    const errors = catalog.errors as Catalog;
    const missing = [...ERROR_CODES, ...LOCAL_ERROR_CODES].filter(
      (code) => typeof errors[code] !== 'string',
    );
    expect(missing).toEqual([]);
  }
});

test('fingerprints are grouped as eight byte pairs per line', () => {
  const hex = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0')).join(':');
  expect(groupFingerprint(hex)).toEqual([
    '00:01:02:03:04:05:06:07',
    '08:09:0A:0B:0C:0D:0E:0F',
    '10:11:12:13:14:15:16:17',
    '18:19:1A:1B:1C:1D:1E:1F',
  ]);
  expect(groupFingerprint(hex.replaceAll(':', ''))).toEqual(groupFingerprint(hex));
  expect(groupFingerprint('abcdefghijkl')).toEqual(['abcd efgh ijkl']);
});

test('certificate reasons map onto catalog keys', () => {
  const reasons = (en.certificate as Catalog).reasons as Catalog;
  for (const reason of [
    'self-signed',
    'unknown-issuer',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'expired',
  ]) {
    expect(reasons[reasonKey(reason)]).toBeDefined();
  }
  expect(reasonKey('something-new')).toBe('unknown');
});
