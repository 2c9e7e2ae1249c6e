/**
 * The main side of the contract, shared by both binders (Electron IPC and the browser host):
 * takes a request as `unknown`, validates name and params against the contract, runs the handler
 * and always answers with a Result. Nothing a renderer sends can throw past this function.
 *
 * The answer is checked too, against the request's result schema (shared/contractCheck.ts), before
 * it leaves: a handler answering with something its declared type does not allow is a bug, logged
 * by where it failed (never the value) and answered with 'internal' rather than sent malformed.
 * Always on: checking a 500-message history page takes about as long as serializing it (~0.7 ms).
 */
import * as v from 'valibot';
import { isRequestName, requests, type RequestHandlers } from '../../shared/contract';
import { checkResult } from '../../shared/contractCheck';
import { fail, type Result } from '../../shared/errors';
import { createLogger } from '../log';
import { toXmppError } from '../xmpp/errors';

const log = createLogger('dispatch');

export type Dispatch = (name: unknown, params: unknown) => Promise<Result<unknown>>;

export function createDispatch(handlers: RequestHandlers): Dispatch {
  return async (name, params) => {
    if (!isRequestName(name)) return fail('unknown-request', 'Unknown request');
    const spec = requests[name];
    const parsed = v.safeParse(spec.params, params ?? {});
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
      return fail('invalid-params', `Invalid ${name} params${path ? ` at ${path}` : ''}`);
    }
    let result: Result<unknown>;
    try {
      const handler = handlers[name] as (p: unknown) => Promise<Result<unknown>>;
      result = await handler(parsed.output);
    } catch (error) {
      // A refusal the handler did not catch (e.g. the server's) is still the user's to see.
      const refusal = toXmppError(error);
      if (refusal.code !== 'internal') {
        log.warn(
          `handler ${name}: ${refusal.code}${refusal.condition ? ` (${refusal.condition})` : ''}`,
        );
        return fail(refusal.code, refusal.message, {
          ...(refusal.condition !== undefined && { condition: refusal.condition }),
        });
      }
      // A bug in a handler must not take the main process down; the renderer gets a coded error.
      log.error(`handler ${name} threw`, error);
      return fail('internal', 'Internal error');
    }
    const checked = checkResult(name, result);
    if (checked.ok) return result;
    log.error(`refused to send a malformed answer: ${checked.problem}`);
    return fail('internal', 'Internal error');
  };
}
