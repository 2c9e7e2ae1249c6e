import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPinStore } from '../../../electron/services/pinStore';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('pin store', () => {
  it('survives overlapping writes and ends with the last state, user-readable only', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hutong-pins-'));
    const pins = openPinStore(dir);
    await Promise.all([
      pins.set('a@x', 'AA'),
      pins.set('b@x', 'BB'),
      pins.remove('a@x'),
      pins.set('c@x', 'CC'),
    ]);
    const file = path.join(dir, 'pins.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ 'b@x': 'BB', 'c@x': 'CC' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['pins.json']);
    expect(openPinStore(dir).get('c@x')).toBe('CC');
  });

  it('starts empty from a damaged file rather than failing', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hutong-pins-'));
    writeFileSync(path.join(dir, 'pins.json'), '{not json');
    expect(openPinStore(dir).get('a@x')).toBeUndefined();
  });

  it('reads the first format (plain fingerprints) and keeps an unseen change across restarts', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hutong-pins-'));
    writeFileSync(path.join(dir, 'pins.json'), JSON.stringify({ 'a@x': 'AA', 'b@x': 'BB' }));
    const pins = openPinStore(dir);
    expect(pins.get('a@x')).toBe('AA');
    expect(pins.change('a@x')).toBeUndefined();
    await pins.replace('a@x', 'A2', 1000);
    // A second change before the user looked still compares with what the user knew.
    await pins.replace('a@x', 'A3', 2000);
    const reopened = openPinStore(dir);
    expect(reopened.get('a@x')).toBe('A3');
    expect(reopened.change('a@x')).toEqual({ previous: 'AA', current: 'A3', at: 1000 });
    await reopened.seen('a@x');
    expect(reopened.change('a@x')).toBeUndefined();
    expect(openPinStore(dir).get('a@x')).toBe('A3');
    expect(openPinStore(dir).change('a@x')).toBeUndefined();
  });

  it('forgets a change that went back to the certificate the user knew', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hutong-pins-'));
    const pins = openPinStore(dir);
    await pins.set('a@x', 'AA');
    await pins.replace('a@x', 'A2', 1000);
    await pins.replace('a@x', 'AA', 2000);
    expect(pins.get('a@x')).toBe('AA');
    expect(pins.change('a@x')).toBeUndefined();
    // Replacing without a pin (nothing was pinned) pins nothing: only set() does.
    await pins.replace('n@x', 'NN', 1000);
    expect(pins.get('n@x')).toBeUndefined();
  });
});
