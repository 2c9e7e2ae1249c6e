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
});
