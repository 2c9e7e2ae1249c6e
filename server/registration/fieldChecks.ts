/**
 * Checks what a client submits for each configured field, again and whatever the client did:
 * the service trusts no client's checks. Fields with a `check` go through shared/realname
 * (normalization, GB 11643 identity numbers, mainland mobile numbers, names in Han or Latin
 * letters); every field also meets its XEP-0122 rule and `required`. A refusal carries a code,
 * never the value, since refusals are sent and may be logged.
 */
import { fieldProblem, type FieldValidation, type FormField } from '../../shared/dataforms';
import {
  checkIdNumber,
  checkMobile,
  checkPersonName,
  maskIdNumber,
  maskMobile,
  normalizeInput,
  type CalendarDay,
} from '../../shared/realname';
import type { Check, FieldConfig } from './config';
import { MAX_VALUE } from './forms';

export type FieldResult =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly problem: string };

/** XEP-0122 rules sent with checked fields unless the configuration gives its own. */
const DEFAULT_RULES: Readonly<Record<Check, FieldValidation | undefined>> = {
  'id-number': { datatype: 'xs:string', method: 'regex', regex: '[0-9]{17}[0-9X]' },
  mobile: { datatype: 'xs:string', method: 'regex', regex: '1[3-9][0-9]{9}' },
  'person-name': undefined,
};

export function ruleOf(field: FieldConfig): FieldValidation | undefined {
  const rule = field.validate;
  if (!rule) return field.check ? DEFAULT_RULES[field.check] : undefined;
  const method = rule.regex !== undefined ? 'regex' : (rule.min ?? rule.max) ? 'range' : 'basic';
  return {
    datatype: rule.datatype,
    method,
    ...(rule.regex !== undefined && { regex: rule.regex }),
    ...(rule.min !== undefined && { min: rule.min }),
    ...(rule.max !== undefined && { max: rule.max }),
  };
}

/** The field as the form sends it (values are added by the caller). */
export function formFieldOf(field: FieldConfig, values: readonly string[] = []): FormField {
  const rule = ruleOf(field);
  return {
    type: field.type,
    var: field.var,
    label: field.label,
    ...(field.desc !== undefined && { desc: field.desc }),
    required: field.required,
    values,
    options: [],
    ...(rule && { validate: rule }),
  };
}

/** Today in China (UTC+8), where the identity numbers' dates of birth are. */
export function chinaToday(now: number): CalendarDay {
  const china = new Date(now + 8 * 3_600_000);
  return { year: china.getUTCFullYear(), month: china.getUTCMonth() + 1, day: china.getUTCDate() };
}

function runCheck(check: Check, text: string, now: number): FieldResult {
  switch (check) {
    case 'id-number':
      return checkIdNumber(text, { today: chinaToday(now) });
    case 'mobile':
      return checkMobile(text);
    case 'person-name':
      return checkPersonName(text);
  }
}

/** The normalized value of one field, or why it is refused. */
export function checkField(field: FieldConfig, raw: readonly string[], now: number): FieldResult {
  if (raw.some((value) => value.length > MAX_VALUE)) return { ok: false, problem: 'too-long' };
  const text = field.type === 'text-multi' ? raw.join('\n') : (raw[0] ?? '');
  if (raw.length > 1 && field.type !== 'text-multi') return { ok: false, problem: 'one-value' };
  if (field.type === 'boolean') {
    const problem = fieldProblem(formFieldOf(field), raw);
    if (problem) return { ok: false, problem };
    return { ok: true, value: raw[0] === '1' || raw[0] === 'true' ? '1' : '0' };
  }
  const normalized = normalizeInput(text);
  if (!normalized.ok) {
    if (normalized.problem === 'empty' && !field.required) return { ok: true, value: '' };
    return { ok: false, problem: normalized.problem === 'empty' ? 'required' : normalized.problem };
  }
  const checked = field.check ? runCheck(field.check, normalized.value, now) : normalized;
  if (!checked.ok) return checked;
  const problem = fieldProblem(formFieldOf(field), [checked.value]);
  return problem ? { ok: false, problem } : { ok: true, value: checked.value };
}

/** How a checked value is shown back to the person (stage 2, receipts): never in full. */
export function shownValue(field: FieldConfig, value: string): string {
  if (field.check === 'id-number') return maskIdNumber(value);
  if (field.check === 'mobile') return maskMobile(value);
  return value;
}
