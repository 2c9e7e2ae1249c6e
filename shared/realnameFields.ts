/**
 * Which fields of a registration form hold identity data, and the local checks run on them
 * before anything leaves the machine. Pure; the main process runs it on every submission and the
 * renderer may run it as the person types.
 *
 * How a field is recognised. The service's form carries no explicit "this is an ID number" mark
 * (XEP-0004 has none), so two signs are read, either one enough:
 *  1. the var, lower-cased with separators removed: idnumber, idcard, idno, residentid,
 *     citizenid → id-number; mobile, mobilenumber, phone, phonenumber, tel, cellphone → mobile;
 *     name, fullname, realname, personname, legalname → person-name. The reference service
 *     names its fields name, id-number and mobile.
 *  2. the XEP-0122 regex the reference service attaches to checked fields by default:
 *     [0-9]{17}[0-9X] → id-number, 1[3-9][0-9]{9} → mobile (person names have no default rule).
 * Only text-single and text-private fields qualify. A service that names its fields otherwise
 * still gets its own XEP-0122 rules checked, only not our stricter ones; it can never make us
 * skip a check, since a recognised field is checked whatever else the form says.
 */
import { fieldProblem, type DataForm, type FormField, type FormValues } from './dataforms';
import {
  checkIdNumber,
  checkMobile,
  checkPersonName,
  maskIdNumber,
  maskMobile,
  type CalendarDay,
} from './realname';

export type IdentityKind = 'person-name' | 'id-number' | 'mobile';
export const IDENTITY_KINDS: readonly IdentityKind[] = ['person-name', 'id-number', 'mobile'];

const BY_VAR: Readonly<Record<string, IdentityKind>> = {
  idnumber: 'id-number',
  idcard: 'id-number',
  idno: 'id-number',
  residentid: 'id-number',
  citizenid: 'id-number',
  mobile: 'mobile',
  mobilenumber: 'mobile',
  phone: 'mobile',
  phonenumber: 'mobile',
  tel: 'mobile',
  cellphone: 'mobile',
  name: 'person-name',
  fullname: 'person-name',
  realname: 'person-name',
  personname: 'person-name',
  legalname: 'person-name',
};

const BY_REGEX: Readonly<Record<string, IdentityKind>> = {
  '[0-9]{17}[0-9X]': 'id-number',
  '1[3-9][0-9]{9}': 'mobile',
};

/** The identity kind of a field, when it holds one. */
export function identityKindOf(field: FormField): IdentityKind | undefined {
  if (field.var === undefined) return undefined;
  if (field.type !== 'text-single' && field.type !== 'text-private') return undefined;
  const byVar = BY_VAR[field.var.toLowerCase().replace(/[^a-z]/g, '')];
  if (byVar) return byVar;
  const regex = field.validate?.method === 'regex' ? field.validate.regex : undefined;
  return regex !== undefined ? BY_REGEX[regex] : undefined;
}

/** var → kind for every identity field of the form. */
export function identityFields(form: DataForm): Record<string, IdentityKind> {
  const kinds: Record<string, IdentityKind> = {};
  for (const field of form.fields) {
    const kind = identityKindOf(field);
    if (kind && field.var !== undefined) kinds[field.var] = kind;
  }
  return kinds;
}

/** Today in China (UTC+8), where the identity numbers' dates of birth are. */
export function chinaToday(now: number): CalendarDay {
  const china = new Date(now + 8 * 3_600_000);
  return { year: china.getUTCFullYear(), month: china.getUTCMonth() + 1, day: china.getUTCDate() };
}

/** A local refusal: the field's var and a code (a shared/realname or shared/dataforms code). */
export interface LocalFieldError {
  readonly var: string;
  readonly problem: string;
}

export type LocalCheck =
  | { readonly ok: true; readonly values: FormValues }
  | { readonly ok: false; readonly errors: readonly LocalFieldError[] };

/** Longest value a person may enter in a registration field. */
export const MAX_FIELD_VALUE = 4096;

function checkIdentity(kind: IdentityKind, text: string, now: number) {
  if (kind === 'id-number') return checkIdNumber(text, { today: chinaToday(now) });
  if (kind === 'mobile') return checkMobile(text);
  return checkPersonName(text);
}

/**
 * Checks what the person entered against the form: identity fields through shared/realname
 * (normalized values replace what was typed), every field against its XEP-0122 rule and
 * `required`. The values returned are what may be sent; errors name fields, never values.
 */
export function checkRegistrationValues(
  form: DataForm,
  values: FormValues,
  now: number,
): LocalCheck {
  const errors: LocalFieldError[] = [];
  const out: Record<string, readonly string[]> = {};
  for (const field of form.fields) {
    const name = field.var;
    if (name === undefined || field.type === 'fixed' || field.type === 'hidden') continue;
    const raw = values[name] ?? field.values;
    if (raw.some((value) => value.length > MAX_FIELD_VALUE)) {
      errors.push({ var: name, problem: 'too-long' });
      continue;
    }
    const kind = identityKindOf(field);
    let list = raw;
    if (kind) {
      const text = raw[0] ?? '';
      if (raw.length > 1) {
        errors.push({ var: name, problem: 'one-value' });
        continue;
      }
      if (text.trim() === '' && !field.required) {
        out[name] = [];
        continue;
      }
      const checked = checkIdentity(kind, text, now);
      if (!checked.ok) {
        errors.push({
          var: name,
          problem: checked.problem === 'empty' ? 'required' : checked.problem,
        });
        continue;
      }
      list = [checked.value];
    }
    const problem = fieldProblem(field, list);
    if (problem) errors.push({ var: name, problem });
    else out[name] = list;
  }
  return errors.length ? { ok: false, errors } : { ok: true, values: out };
}

/**
 * The vars a submission of `form` with these (checked) values sends: every field the person
 * sets that holds a value. Hidden fields (FORM_TYPE, the service's own state) are not listed:
 * they go back as the service sent them and hold nothing of the person's.
 */
export function sentVars(form: DataForm, values: FormValues): string[] {
  return form.fields.flatMap((field) =>
    field.var !== undefined &&
    field.type !== 'fixed' &&
    field.type !== 'hidden' &&
    (values[field.var] ?? field.values).some((value) => value !== '')
      ? [field.var]
      : [],
  );
}

/** A value of this kind as the renderer and the disk may see it (last four characters). */
export function maskIdentity(kind: IdentityKind, value: string): string {
  if (kind === 'id-number') return maskIdNumber(value);
  if (kind === 'mobile') return maskMobile(value);
  // A name: its first character, the rest hidden, so a person recognises their own profile.
  const characters = [...value];
  return characters.length <= 1 ? '*' : `${characters[0]}${'*'.repeat(characters.length - 1)}`;
}
