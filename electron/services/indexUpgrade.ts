/**
 * Drives the message store's background upgrade of the search index (migration 4, see
 * electron/storage/indexUpgrade.ts): a few hundred messages per step (a few milliseconds), then a
 * pause, so that live messages and requests never wait long behind it. It starts a little after
 * launch, to keep out of the way of signing in, and stops when done, on a failure (logged; the
 * next launch carries on from the mark) or when stopped.
 */
import { createLogger } from '../log';

const log = createLogger('storage.index');

export interface IndexUpgradeOptions {
  readonly startAfterMs?: number;
  readonly rowsPerStep?: number;
  readonly pauseMs?: number;
}

export interface IndexUpgradeDriver {
  /** Settles when the upgrade is done, failed or stopped. */
  readonly finished: Promise<void>;
  stop(): void;
}

export function startIndexUpgrade(
  store: { upgradeIndex(maxRows: number): boolean },
  options: IndexUpgradeOptions = {},
): IndexUpgradeDriver {
  const rows = options.rowsPerStep ?? 300;
  const pauseMs = options.pauseMs ?? 25;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let settle: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (settle = resolve));
  let steps = 0;

  const step = (): void => {
    timer = undefined;
    let more: boolean;
    try {
      more = store.upgradeIndex(rows);
    } catch (error) {
      log.error('the search index upgrade stopped', error);
      return settle();
    }
    steps += 1;
    if (!more) {
      if (steps > 1) log.info(`search index upgraded (${steps} steps)`);
      return settle();
    }
    timer = setTimeout(step, pauseMs);
    timer.unref?.();
  };
  // Never what keeps a process alive.
  timer = setTimeout(step, options.startAfterMs ?? 5000);
  timer.unref?.();

  return {
    finished,
    stop() {
      clearTimeout(timer);
      timer = undefined;
      settle();
    },
  };
}
