/** The driver of the search index upgrade: steps with pauses until done, failed or stopped. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startIndexUpgrade } from '../../../electron/services/indexUpgrade';

afterEach(() => vi.useRealTimers());

/** A store whose upgrade takes `steps` steps (or throws at step `failAt`). */
function store(steps: number, failAt?: number) {
  const calls: number[] = [];
  return {
    calls,
    upgradeIndex(maxRows: number) {
      calls.push(maxRows);
      if (calls.length === failAt) throw new Error('disk full');
      return calls.length < steps;
    },
  };
}

describe('search index upgrade driver', () => {
  it('waits before the first step, pauses between steps and stops when done', async () => {
    vi.useFakeTimers();
    const s = store(3);
    const driver = startIndexUpgrade(s, { startAfterMs: 1000, rowsPerStep: 50, pauseMs: 10 });
    await vi.advanceTimersByTimeAsync(999);
    expect(s.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.calls).toEqual([50]);
    await vi.advanceTimersByTimeAsync(10);
    expect(s.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.calls).toHaveLength(3);
    await driver.finished;
  });

  it('stops on a failure and when stopped', async () => {
    vi.useFakeTimers();
    const failing = store(10, 2);
    const first = startIndexUpgrade(failing, { startAfterMs: 0, pauseMs: 10 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(failing.calls).toHaveLength(2);
    await first.finished;

    const stopped = store(10);
    const second = startIndexUpgrade(stopped, { startAfterMs: 0, pauseMs: 10 });
    await vi.advanceTimersByTimeAsync(15);
    second.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(stopped.calls).toHaveLength(2);
    await second.finished;
  });
});
