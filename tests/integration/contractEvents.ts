/**
 * Integration tests build services with their own recording emit, so the main process's check
 * before sending (electron/ipc/checkedEmit.ts) is not in their path. Their recorders call
 * `checkContractEvent` instead: every event the services emit against a real server is checked
 * against its contract schema, and a test whose traffic does not match fails (where the app would
 * drop the event), naming where it failed.
 */
import { afterEach, expect } from 'vitest';
import type { EmitEvent } from '../../shared/contract';
import { checkEvent } from '../../shared/contractCheck';

const problems: string[] = [];

export const checkContractEvent: EmitEvent = (event, payload) => {
  const checked = checkEvent({ event, payload });
  if (!checked.ok) problems.push(checked.problem);
};

// Registered by each test file that imports this module (directly or through its helpers).
afterEach(() => {
  expect(problems.splice(0), 'events that do not match the contract').toEqual([]);
});
