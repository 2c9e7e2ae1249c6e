/**
 * Every request of the contract has a result schema and every event a payload schema, and each
 * of them is a real check (table-driven over the contract's names, so a new request or event
 * without one fails here): no part of it accepts anything (any, unknown, custom), it refuses a
 * value of the wrong shape, and it accepts a well-formed sample (./contractSamples.ts, one per
 * name) unchanged, through the same check both sides run (shared/contractCheck.ts).
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, REQUEST_NAMES, events, requests } from '../../../shared/contract';
import { checkEvent, checkResult } from '../../../shared/contractCheck';
import { EVENT_SAMPLES, RESULT_SAMPLES } from './contractSamples';

/** Schema types that check nothing (or only what a hand-written function says). */
const LOOSE = new Set(['any', 'unknown', 'custom']);

interface Node {
  readonly kind?: unknown;
  readonly type?: unknown;
  readonly entries?: Record<string, Node>;
  readonly item?: Node;
  readonly wrapped?: Node;
  readonly options?: readonly unknown[];
  readonly items?: readonly Node[];
  /** A record's key schema; a variant's discriminator (a string). */
  readonly key?: Node | string;
  readonly value?: Node;
}

/** Paths inside `schema` where it is not a schema or checks nothing. */
function looseParts(schema: Node, path: string): string[] {
  if (schema.kind !== 'schema') return [`${path}: not a schema`];
  const found = LOOSE.has(String(schema.type)) ? [`${path}: ${String(schema.type)}`] : [];
  const children: [string, Node][] = [
    ...Object.entries(schema.entries ?? {}).map(([k, s]): [string, Node] => [`${path}.${k}`, s]),
    ...(schema.item ? [[`${path}[]`, schema.item] as [string, Node]] : []),
    ...(schema.wrapped ? [[path, schema.wrapped] as [string, Node]] : []),
    ...(schema.items ?? []).map((s, i): [string, Node] => [`${path}[${i}]`, s]),
    ...(typeof schema.key === 'object' ? [[`${path}{key}`, schema.key] as [string, Node]] : []),
    ...(schema.value ? [[`${path}{}`, schema.value] as [string, Node]] : []),
    // Union and variant options are schemas; a picklist's options are its values.
    ...(schema.options ?? [])
      .filter((o): o is Node => typeof o === 'object' && o !== null)
      .map((s, i): [string, Node] => [`${path}|${i}`, s]),
  ];
  return [...found, ...children.flatMap(([p, s]) => looseParts(s, p))];
}

describe('every request has a result schema that checks', () => {
  it.each(REQUEST_NAMES)('%s', (name) => {
    const schema = requests[name].result as Node;
    expect(looseParts(schema, 'result')).toEqual([]);
    // Refuses the wrong shape (no result of the contract is a bare number or a symbol).
    expect(v.is(requests[name].result, 42)).toBe(false);
    expect(v.is(requests[name].result, Symbol('x'))).toBe(false);
    expect(Object.hasOwn(RESULT_SAMPLES, name)).toBe(true);
    const sample = RESULT_SAMPLES[name];
    expect(checkResult(name, { ok: true, value: sample })).toEqual({
      ok: true,
      value: { ok: true, value: sample },
    });
    expect(checkResult(name, { ok: true, value: 42 }).ok).toBe(false);
  });
});

describe('every event has a payload schema that checks', () => {
  it.each(EVENT_NAMES)('%s', (name) => {
    const schema = events[name] as Node;
    expect(looseParts(schema, 'payload')).toEqual([]);
    expect(v.is(events[name], 42)).toBe(false);
    expect(Object.hasOwn(EVENT_SAMPLES, name)).toBe(true);
    const payload = EVENT_SAMPLES[name];
    expect(checkEvent({ event: name, payload })).toEqual({
      ok: true,
      value: { event: name, payload },
    });
    expect(checkEvent({ event: name, payload: 42 }).ok).toBe(false);
  });
});

describe('the check of an answer', () => {
  it('passes an error envelope of the contract and refuses any other', () => {
    const error = { code: 'cert-changed', message: 'x', condition: 'c' };
    expect(checkResult('account.list', { ok: false, error })).toEqual({
      ok: true,
      value: { ok: false, error },
    });
    for (const bad of [
      { ok: false, error: { code: 'nope', message: 'x' } },
      { ok: false, error: { code: 'internal', message: 1 } },
      { ok: false },
      { ok: 'yes', value: [] },
      null,
      'text',
    ]) {
      expect(checkResult('account.list', bad).ok).toBe(false);
    }
  });

  it('describes a failure by where and what was expected, never the value', () => {
    const secret = 'a contact wrote this';
    const checked = checkEvent({
      event: 'roster.replaced',
      payload: { accountId: 'a@b', contacts: [{ jid: secret, groups: [secret], pending: 'no' }] },
    });
    expect(checked).toEqual({
      ok: false,
      problem: 'roster.replaced event: contacts.0.subscription: missing',
    });
    // A record's keys are the sender's: only "*" stands for them.
    const step = checkResult('realname.step', {
      ok: true,
      value: { ...RESULT_SAMPLES['realname.step'], identityFields: { [secret]: 'passport' } },
    });
    expect(step.ok).toBe(false);
    expect(!step.ok && step.problem).toBe(
      'realname.step result: identityFields.*: expected ("person-name" | "id-number" | "mobile") (picklist)',
    );
  });
});
