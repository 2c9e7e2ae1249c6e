/** Preferences: defaults, updates that last, and values refused or clamped. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isStorageError, openStorage } from '../../../electron/storage';
import { DEFAULT_PREFERENCES, Preferences } from '../../../shared/contract';
import * as v from 'valibot';
import { quiet, tempStorage } from './helpers';

function refusal(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return isStorageError(error) ? error.code : error;
  }
  return 'accepted';
}

describe('preferences', () => {
  it('start at the defaults and keep what is set across a restart', () => {
    const storage = tempStorage();
    expect(storage.messages.preferences()).toEqual(DEFAULT_PREFERENCES);
    expect(storage.messages.setPreferences({ archiveWindowDays: 30 })).toEqual({
      archiveWindowDays: 30,
    });
    expect(storage.messages.setPreferences({})).toEqual({ archiveWindowDays: 30 });
    storage.close();
    const again = openStorage(storage.file, { log: quiet });
    expect(again.messages.preferences()).toEqual({ archiveWindowDays: 30 });
    again.close();
  });

  it('clamp numbers into their range, as whole days', () => {
    const { messages } = tempStorage();
    const cases: [number, number][] = [
      [0, 1],
      [-5, 1],
      [1e9, 3650],
      [2.6, 3],
      [3650, 3650],
    ];
    for (const [given, kept] of cases) {
      expect(messages.setPreferences({ archiveWindowDays: given }).archiveWindowDays).toBe(kept);
      expect(v.is(Preferences, messages.preferences())).toBe(true);
    }
  });

  it('refuse what is not a number or not a preference, changing nothing', () => {
    const { messages } = tempStorage();
    messages.setPreferences({ archiveWindowDays: 14 });
    for (const patch of [
      { archiveWindowDays: Number.NaN },
      { archiveWindowDays: Number.POSITIVE_INFINITY },
      { archiveWindowDays: '30' },
      { archiveWindowDays: null },
      { theme: 'dark' },
      { archiveWindowDays: 3, theme: 'dark' },
      null,
      [],
    ]) {
      expect(refusal(() => messages.setPreferences(patch as never))).toBe('invalid-params');
    }
    expect(messages.preferences()).toEqual({ archiveWindowDays: 14 });
  });

  it('read a damaged stored value as its default rather than failing', () => {
    const storage = tempStorage();
    storage.messages.setPreferences({ archiveWindowDays: 14 });
    storage.close();
    for (const value of ['not json', '"14"', '0', '99999']) {
      const raw = new Database(storage.file);
      raw.prepare("UPDATE preferences SET value = ? WHERE key = 'archiveWindowDays'").run(value);
      raw.close();
      const again = openStorage(storage.file, { log: quiet });
      expect(again.messages.preferences()).toEqual(DEFAULT_PREFERENCES);
      again.close();
    }
  });
});
