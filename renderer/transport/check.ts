/**
 * Where results and events enter the renderer: both transports (the preload's IPC and the
 * browser host's WebSocket) hand what they receive here as `unknown`, and only what matches the
 * contract's schemas (shared/contractCheck.ts) goes on to the bridge and the store.
 * - An answer that does not match fails its request with 'invalid-result' (localized like any
 *   error) instead of putting a malformed value in the store.
 * - An event that does not match is dropped and reported; the UI carries on without it.
 * The main process checks the same before sending, so either report here means the two sides
 * disagree (a bug, or a page and a host of different builds).
 */
import { checkEvent, checkResult } from '../../shared/contractCheck';
import type { EventMessage, RequestName } from '../../shared/contract';
import { invalidResult, type UiResult } from './api';

/** Reports a refused value: where it failed, never its content. */
export type ContractReporter = (problem: string) => void;

export const consoleReporter: ContractReporter = (problem) => {
  console.error(`[contract] refused from the main process: ${problem}`);
};

/** The checked answer to request `name`, or an 'invalid-result' failure. */
export function checkAnswer(
  name: RequestName,
  raw: unknown,
  report: ContractReporter = consoleReporter,
): UiResult<unknown> {
  const checked = checkResult(name, raw);
  if (checked.ok) return checked.value;
  report(checked.problem);
  return invalidResult();
}

/** The checked event, or null (reported) when it does not match the contract. */
export function checkIncomingEvent(
  raw: unknown,
  report: ContractReporter = consoleReporter,
): EventMessage | null {
  const checked = checkEvent(raw);
  if (checked.ok) return checked.value;
  report(checked.problem);
  return null;
}
