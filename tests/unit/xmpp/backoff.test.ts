import { describe, expect, it } from 'vitest';
import {
  BASE_DELAY_MS,
  MAX_DELAY_MS,
  MIN_DELAY_MS,
  retryDelay,
} from '../../../electron/xmpp/backoff';

describe('retryDelay', () => {
  it('doubles from 1 s at the top of the jitter window', () => {
    const top = () => 1;
    expect([0, 1, 2, 3, 4].map((n) => retryDelay(n, top))).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(BASE_DELAY_MS).toBe(1000);
  });

  it('caps at 5 minutes, also for huge or odd attempt numbers', () => {
    expect(MAX_DELAY_MS).toBe(300_000);
    for (const n of [9, 10, 50, 1e6, Number.MAX_SAFE_INTEGER, Infinity]) {
      expect(retryDelay(n, () => 1)).toBe(MAX_DELAY_MS);
    }
    expect(retryDelay(-3, () => 1)).toBe(1000);
    expect(retryDelay(Number.NaN, () => 1)).toBe(1000);
  });

  it('spreads uniformly over the window (full jitter) with a floor', () => {
    expect(retryDelay(3, () => 0.5)).toBe(4000);
    expect(retryDelay(3, () => 0.25)).toBe(2000);
    expect(retryDelay(3, () => 0)).toBe(MIN_DELAY_MS);
    expect(retryDelay(20, () => 0.5)).toBe(150_000);
  });

  it('clamps a random source that strays outside [0, 1]', () => {
    expect(retryDelay(1, () => 7)).toBe(2000);
    expect(retryDelay(1, () => -1)).toBe(MIN_DELAY_MS);
  });
});
