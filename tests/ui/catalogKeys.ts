/** The i18n catalogs as the catalog tests read them: every key, nested keys joined by dots. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type Catalog = { [key: string]: string | Catalog };

export const keys = (c: Catalog, p = ''): string[] =>
  Object.entries(c).flatMap(([k, v]) => (typeof v === 'string' ? [p + k] : keys(v, `${p}${k}.`)));

export const catalog = (name: string): Catalog =>
  JSON.parse(
    readFileSync(resolve(import.meta.dirname, `../../renderer/i18n/${name}.json`), 'utf8'),
  ) as Catalog;
