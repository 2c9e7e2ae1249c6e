/**
 * Checks what crosses the contract from main to renderer: a request's result envelope and an
 * event, each against the schema the contract declares for it. The main process checks before
 * sending (electron/ipc/dispatch.ts, electron/ipc/checkedEmit.ts), the renderer on receipt
 * (renderer/transport/check.ts), so a value that does not match its declared type is caught on
 * both sides rather than trusted by a cast.
 *
 * A failure is described without the value: where in the schema it failed and what was expected,
 * never what was received (valibot's own issue message quotes the input, which may be a message
 * body or a contact's status, and logs must not carry outside text; see electron/logSafe.ts).
 */
import * as v from 'valibot';
import { events, requests, type EventMessage, type RequestName } from './contract';
import type { Result } from './errors';
import { ErrorInfoSchema } from './schemas/common';

/** Either the checked value (valibot's output: unknown object keys dropped) or a problem. */
export type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

const ErrorEnvelope = v.object({ ok: v.literal(false), error: ErrorInfoSchema });
const OkEnvelope = v.object({ ok: v.literal(true), value: v.unknown() });

interface SchemaNode {
  readonly entries?: Record<string, SchemaNode>;
  readonly item?: SchemaNode;
  readonly wrapped?: SchemaNode;
  readonly options?: readonly unknown[];
  readonly items?: readonly SchemaNode[];
  readonly value?: SchemaNode;
}

function collectKeys(schema: SchemaNode, into: Set<string>): void {
  for (const [key, entry] of Object.entries(schema.entries ?? {})) {
    into.add(key);
    collectKeys(entry, into);
  }
  const children = [schema.item, schema.wrapped, schema.value, ...(schema.items ?? [])];
  for (const option of schema.options ?? []) {
    if (typeof option === 'object' && option !== null) children.push(option as SchemaNode);
  }
  for (const child of children) if (child) collectKeys(child, into);
}

/** Every object key the contract's results and events declare (built on the first failure). */
let declaredKeys: Set<string> | undefined;

function isDeclaredKey(key: string): boolean {
  if (!declaredKeys) {
    declaredKeys = new Set();
    for (const spec of Object.values(requests))
      collectKeys(spec.result as SchemaNode, declaredKeys);
    for (const schema of Object.values(events)) collectKeys(schema as SchemaNode, declaredKeys);
  }
  return declaredKeys.has(key);
}

/**
 * The path in the schema's own words: array indexes and the keys the contract declares. A
 * record's keys are the sender's (valibot reports them as object keys too), so any key the
 * contract does not declare is shown as '*'.
 */
function pathOf(issue: v.BaseIssue<unknown>): string {
  const parts = (issue.path ?? []).map((item) => {
    if (item.type === 'array') return String(item.key);
    return typeof item.key === 'string' && isDeclaredKey(item.key) ? item.key : '*';
  });
  return parts.join('.');
}

/** One line naming where and what (the first issue: enough to find the bug, and short). */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (!issue) return 'invalid';
  const path = pathOf(issue);
  // An object's issue at one of its keys, with nothing there: the key is missing.
  if (issue.type === 'object' && path !== '' && issue.input === undefined)
    return `${path}: missing`;
  return `${path === '' ? '(root)' : path}: expected ${issue.expected ?? issue.type} (${issue.type})`;
}

export function isEventName(name: unknown): name is keyof typeof events {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** Checks a request's answer: the envelope, then the value against the request's result schema. */
export function checkResult<N extends RequestName>(
  name: N,
  envelope: unknown,
): Checked<Result<v.InferOutput<(typeof requests)[N]['result']>>> {
  if (typeof envelope !== 'object' || envelope === null) {
    return { ok: false, problem: `${name} result: not an envelope` };
  }
  if ((envelope as { ok?: unknown }).ok === false) {
    const error = v.safeParse(ErrorEnvelope, envelope);
    return error.success
      ? { ok: true, value: error.output }
      : { ok: false, problem: `${name} error: ${describeIssues(error.issues)}` };
  }
  const outer = v.safeParse(OkEnvelope, envelope);
  if (!outer.success) {
    return { ok: false, problem: `${name} result: ${describeIssues(outer.issues)}` };
  }
  const schema: v.GenericSchema = requests[name].result;
  const value = v.safeParse(schema, outer.output.value);
  if (!value.success) {
    return { ok: false, problem: `${name} result: ${describeIssues(value.issues)}` };
  }
  return {
    ok: true,
    value: { ok: true, value: value.output as v.InferOutput<(typeof requests)[N]['result']> },
  };
}

/** Checks one event `{ event, payload }` as it travels: a known name and a payload that fits. */
export function checkEvent(message: unknown): Checked<EventMessage> {
  if (typeof message !== 'object' || message === null) {
    return { ok: false, problem: 'event: not an object' };
  }
  const { event, payload } = message as { event?: unknown; payload?: unknown };
  // The name is the sender's; it is shown only once known to be one of ours.
  if (!isEventName(event)) return { ok: false, problem: 'event: unknown name' };
  const schema: v.GenericSchema = events[event];
  const parsed = v.safeParse(schema, payload);
  if (!parsed.success) {
    return { ok: false, problem: `${event} event: ${describeIssues(parsed.issues)}` };
  }
  return { ok: true, value: { event, payload: parsed.output } as EventMessage };
}
