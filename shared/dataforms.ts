/**
 * Data forms (XEP-0004) with their validation (XEP-0122), as both sides see them: the main
 * process reads them from the server (room configuration, ad-hoc commands, registration) and
 * checks a submission before it leaves; the renderer draws them and tells the user what is wrong
 * while they type. The server's form is untrusted input: nothing here throws for anything it
 * says, an unknown field type is shown as text-single (XEP-0004 §3.3), and a validation rule
 * that cannot be applied safely is ignored rather than applied wrongly.
 */

export const FIELD_TYPES = [
  'boolean',
  'fixed',
  'hidden',
  'jid-multi',
  'jid-single',
  'list-multi',
  'list-single',
  'text-multi',
  'text-private',
  'text-single',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FormOption {
  readonly label?: string;
  readonly value: string;
}

/** XEP-0122: a datatype and one method; list bounds for fields with several values. */
export interface FieldValidation {
  /** e.g. xs:string, xs:integer, xs:date; unknown types validate as strings. */
  readonly datatype: string;
  readonly method: 'basic' | 'open' | 'range' | 'regex';
  readonly min?: string;
  readonly max?: string;
  readonly regex?: string;
  readonly listMin?: number;
  readonly listMax?: number;
}

export interface FormField {
  readonly type: FieldType;
  /** Absent only for fixed fields. */
  readonly var?: string;
  readonly label?: string;
  readonly desc?: string;
  readonly required: boolean;
  readonly values: readonly string[];
  readonly options: readonly FormOption[];
  readonly validate?: FieldValidation;
}

export interface DataForm {
  readonly type: 'form' | 'submit' | 'cancel' | 'result';
  readonly title?: string;
  readonly instructions: readonly string[];
  readonly fields: readonly FormField[];
}

/** What the user entered, by field var: every field holds a list (one value for single ones). */
export type FormValues = Readonly<Record<string, readonly string[]>>;

export type FieldProblem =
  | 'required'
  | 'one-value'
  | 'not-an-option'
  | 'not-a-jid'
  | 'not-boolean'
  | 'not-a-number'
  | 'not-a-date'
  | 'too-low'
  | 'too-high'
  | 'no-match'
  | 'too-few'
  | 'too-many';

export interface FieldError {
  readonly var: string;
  readonly problem: FieldProblem;
}

/** The field's values as the form stands: what the user entered, else the form's defaults. */
export function valuesOf(field: FormField, values: FormValues): readonly string[] {
  if (field.var === undefined) return field.values;
  return values[field.var] ?? field.values;
}

const MULTI: ReadonlySet<FieldType> = new Set(['jid-multi', 'list-multi', 'text-multi']);
/** Types whose value the user does not set. */
const FIXED: ReadonlySet<FieldType> = new Set(['fixed', 'hidden']);

/** Every problem of the form with these values, in the form's order; empty when it may go. */
export function validateForm(form: DataForm, values: FormValues): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of form.fields) {
    if (field.var === undefined || FIXED.has(field.type)) continue;
    const problem = fieldProblem(field, valuesOf(field, values));
    if (problem) errors.push({ var: field.var, problem });
  }
  return errors;
}

export function fieldProblem(field: FormField, raw: readonly string[]): FieldProblem | undefined {
  // Lines of a text-multi may be empty; the field is empty only when all are.
  const list =
    field.type === 'text-multi'
      ? raw.some((value) => value !== '')
        ? raw
        : []
      : raw.filter((value) => value !== '');
  if (list.length === 0) return field.required ? 'required' : undefined;
  if (!MULTI.has(field.type) && list.length > 1) return 'one-value';
  const rule = field.validate;
  if (rule?.listMin !== undefined && list.length < rule.listMin) return 'too-few';
  if (rule?.listMax !== undefined && list.length > rule.listMax) return 'too-many';
  for (const value of list) {
    const problem = valueProblem(field, value);
    if (problem) return problem;
  }
  return undefined;
}

function valueProblem(field: FormField, value: string): FieldProblem | undefined {
  switch (field.type) {
    case 'boolean':
      return ['0', '1', 'true', 'false'].includes(value) ? undefined : 'not-boolean';
    case 'jid-single':
    case 'jid-multi':
      return looksLikeJid(value) ? undefined : 'not-a-jid';
    case 'list-single':
    case 'list-multi': {
      // XEP-0122 'open': values beyond the options are allowed.
      const open = field.validate?.method === 'open';
      if (!open && !field.options.some((option) => option.value === value)) return 'not-an-option';
      break;
    }
  }
  return field.validate ? ruleProblem(field.validate, value) : undefined;
}

/** A JID's shape (RFC 7622 in outline): the main process checks it fully before sending. */
function looksLikeJid(value: string): boolean {
  return /^(?:[^@/\s]+@)?[^@/\s]+(?:\/.+)?$/u.test(value) && value.length <= 3071;
}

const INTEGER_TYPES = new Set([
  'xs:integer',
  'xs:int',
  'xs:long',
  'xs:short',
  'xs:byte',
  'xs:nonNegativeInteger',
  'xs:positiveInteger',
]);
const NUMBER_TYPES = new Set(['xs:decimal', 'xs:double', 'xs:float']);

/** Compares two values of the datatype; undefined when one of them is not of it. */
function compare(datatype: string, a: string, b: string): number | undefined {
  if (INTEGER_TYPES.has(datatype)) {
    if (!/^[+-]?\d{1,30}$/.test(a) || !/^[+-]?\d{1,30}$/.test(b)) return undefined;
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (NUMBER_TYPES.has(datatype)) {
    const x = Number(a);
    const y = Number(b);
    return a.trim() === '' || b.trim() === '' || Number.isNaN(x) || Number.isNaN(y)
      ? undefined
      : Math.sign(x - y);
  }
  if (datatype === 'xs:date' || datatype === 'xs:dateTime') {
    const x = Date.parse(a);
    const y = Date.parse(b);
    return Number.isNaN(x) || Number.isNaN(y) ? undefined : Math.sign(x - y);
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function ruleProblem(rule: FieldValidation, value: string): FieldProblem | undefined {
  const { datatype } = rule;
  if (INTEGER_TYPES.has(datatype) && !/^[+-]?\d{1,30}$/.test(value)) return 'not-a-number';
  if (NUMBER_TYPES.has(datatype) && (value.trim() === '' || Number.isNaN(Number(value)))) {
    return 'not-a-number';
  }
  if (datatype === 'xs:date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'not-a-date';
  if ((datatype === 'xs:date' || datatype === 'xs:dateTime') && Number.isNaN(Date.parse(value))) {
    return 'not-a-date';
  }
  if (datatype === 'xs:boolean' && !['0', '1', 'true', 'false'].includes(value)) {
    return 'not-boolean';
  }
  if (rule.method === 'range') {
    if (rule.min !== undefined && (compare(datatype, value, rule.min) ?? 0) < 0) return 'too-low';
    if (rule.max !== undefined && (compare(datatype, value, rule.max) ?? 0) > 0) return 'too-high';
  }
  if (rule.method === 'regex' && rule.regex !== undefined) {
    const pattern = safePattern(rule.regex);
    if (pattern && !pattern.test(value)) return 'no-match';
  }
  return undefined;
}

/** Longest pattern of a server's that is run. */
const MAX_REGEX = 256;
/** A back-reference: no such thing in XML Schema regexes, and a way to make matching costly. */
const BACKREFERENCE = /\\[1-9]/;

/**
 * Whether a group that holds a quantifier or an alternative is itself repeated, as in (a+)+ or
 * (a|aa)*: the shapes that backtrack exponentially. Escapes and character classes are skipped.
 */
function repeatsAmbiguousGroup(source: string): boolean {
  const open: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i]!;
    if (char === '\\') {
      i += 1;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }
    if (char === '[') inClass = true;
    else if (char === '(') open.push(false);
    else if ('+*{?|'.includes(char) && open.length) open[open.length - 1] = true;
    else if (char === ')') {
      const ambiguous = open.pop() ?? false;
      const next = source[i + 1];
      if (ambiguous && next !== undefined && '+*{'.includes(next)) return true;
      if (ambiguous && open.length) open[open.length - 1] = true;
    }
  }
  return false;
}

const patterns = new Map<string, RegExp | null>();

/**
 * The server's pattern (XML Schema syntax, which matches the whole value) as a JavaScript
 * regex, or null when it is too long, malformed or open to catastrophic backtracking: a server
 * must not be able to freeze the app with a form.
 */
export function safePattern(source: string): RegExp | null {
  const known = patterns.get(source);
  if (known !== undefined) return known;
  let pattern: RegExp | null = null;
  if (source.length <= MAX_REGEX && !repeatsAmbiguousGroup(source) && !BACKREFERENCE.test(source)) {
    try {
      pattern = new RegExp(`^(?:${source})$`, 'u');
    } catch {
      pattern = null;
    }
  }
  if (patterns.size > 500) patterns.clear();
  patterns.set(source, pattern);
  return pattern;
}

/**
 * The form to send back (XEP-0004 §3.1): type submit, every field with a var and its values
 * (hidden ones as the server gave them, FORM_TYPE included), nothing else.
 */
export function submissionOf(form: DataForm, values: FormValues): DataForm {
  const fields: FormField[] = [];
  for (const field of form.fields) {
    if (field.var === undefined || field.type === 'fixed') continue;
    const list = field.type === 'hidden' ? field.values : valuesOf(field, values);
    const sent =
      field.type === 'boolean' ? list.map((v) => (v === 'true' || v === '1' ? '1' : '0')) : list;
    fields.push({
      type: field.type,
      var: field.var,
      required: false,
      values: field.type === 'text-multi' ? sent : sent.filter((v) => v !== ''),
      options: [],
    });
  }
  return { type: 'submit', instructions: [], fields };
}

/** A boolean field's value as a boolean (XEP-0004: "0", "1", "false", "true"). */
export function isTrue(values: readonly string[]): boolean {
  return values[0] === '1' || values[0] === 'true';
}
