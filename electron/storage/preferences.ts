/**
 * App-wide preferences, one JSON value per key in the preferences table. Reading never fails on
 * what is stored: a missing, unreadable or out-of-range value reads as its default, so a
 * hand-edited or half-written row cannot keep the app from starting. Writing refuses what is
 * not a number or not a known preference (invalid-params) and clamps numbers into their range,
 * so the catch-up is never asked to reach back 0 or a million days.
 */
import type Database from 'better-sqlite3';
import * as v from 'valibot';
import { DEFAULT_PREFERENCES, Preferences } from '../../shared/contract';
import { StorageError, guarded } from './errors';
import type { MessageStore } from './types';

type PreferenceMethods = Pick<MessageStore, 'preferences' | 'setPreferences'>;

/** Whole numbers within these bounds (the same as the Preferences schema's). */
const RANGES: { readonly [K in keyof Preferences]: readonly [min: number, max: number] } = {
  archiveWindowDays: [1, 3650],
};

const KEYS = Object.keys(RANGES) as (keyof Preferences)[];

function clamp(key: keyof Preferences, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new StorageError('invalid-params', `the preference ${key} must be a number`);
  }
  const [min, max] = RANGES[key];
  return Math.min(max, Math.max(min, Math.round(value)));
}

export function createPreferences(db: Database.Database): PreferenceMethods {
  const q = {
    all: db.prepare<[], { key: string; value: string }>('SELECT key, value FROM preferences'),
    set: db.prepare<[string, string]>(
      `INSERT INTO preferences (key, value) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ),
  };

  function read(): Preferences {
    const stored = new Map(q.all.all().map((row) => [row.key, row.value]));
    const prefs: Preferences = { ...DEFAULT_PREFERENCES };
    for (const key of KEYS) {
      const raw = stored.get(key);
      if (raw === undefined) continue;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        continue;
      }
      const checked = v.safeParse(Preferences.entries[key], value);
      if (checked.success) prefs[key] = checked.output;
    }
    return prefs;
  }

  const setTx = db.transaction((patch: Partial<Preferences>) => {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
      throw new StorageError('invalid-params', 'preferences must be given as an object');
    }
    const values: [keyof Preferences, number][] = [];
    for (const [key, value] of Object.entries(patch)) {
      if (!(KEYS as string[]).includes(key)) {
        throw new StorageError('invalid-params', 'unknown preference');
      }
      if (value !== undefined)
        values.push([key as keyof Preferences, clamp(key as keyof Preferences, value)]);
    }
    for (const [key, value] of values) q.set.run(key, JSON.stringify(value));
    return read();
  });

  return {
    preferences: () => guarded('read preferences', read),
    setPreferences: (patch) => guarded('store preferences', () => setTx(patch)),
  };
}
