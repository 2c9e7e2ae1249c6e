import { describe, expect, it } from 'vitest';
import {
  BASE_DELAY_MS,
  HEALTHY_AFTER_MS,
  MAX_DELAY_MS,
  MIN_DELAY_MS,
  ReconnectBackoff,
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

describe('ReconnectBackoff', () => {
  const setup = () => {
    let now = 1_000_000;
    const backoff = new ReconnectBackoff(
      () => now,
      () => 1,
    );
    return { backoff, advance: (ms: number) => (now += ms) };
  };

  it('keeps growing while each connection breaks soon after going online', () => {
    const { backoff, advance } = setup();
    const delays: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      backoff.online();
      advance(500); // the server accepted the login, then broke the stream
      const delay = backoff.next();
      delays.push(delay);
      advance(delay);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000]);
  });

  it('starts again from 1 s once a connection stayed online long enough', () => {
    const { backoff, advance } = setup();
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([1000, 2000, 4000]);
    backoff.online();
    advance(HEALTHY_AFTER_MS - 1);
    expect(backoff.next()).toBe(8000);
    backoff.online();
    advance(HEALTHY_AFTER_MS);
    expect(backoff.next()).toBe(1000);
    expect(backoff.next()).toBe(2000);
  });

  it('counts a failed attempt without any online in between as another failure', () => {
    const { backoff, advance } = setup();
    backoff.online();
    advance(HEALTHY_AFTER_MS * 10);
    expect(backoff.next()).toBe(1000);
    // Not online again: the long-gone healthy session must not reset the count twice.
    advance(HEALTHY_AFTER_MS * 10);
    expect(backoff.next()).toBe(2000);
  });
});
