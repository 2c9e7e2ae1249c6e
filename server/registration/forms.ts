/**
 * Data forms (XEP-0004) as the service writes them, with XEP-0122 validation, and the values of
 * a form a client submits. The model is shared/dataforms.ts, the one the client reads. A
 * submission is untrusted: reading it keeps only the vars the service asked for, one value
 * each (text-multi aside), and caps every length, so nothing unexpected reaches a check or the
 * store.
 */
import { xml } from '@xmpp/component';
import type { Element } from '@xmpp/xml';
import type { DataForm, FormField } from '../../shared/dataforms';
import { NS } from '../../shared/namespaces';

/** Longest value kept from a submission; longer ones are refused by the checks as they are. */
export const MAX_VALUE = 4096;
const MAX_VALUES = 50;

function fieldElement(field: FormField): Element {
  const el = xml('field', {
    type: field.type,
    ...(field.var !== undefined && { var: field.var }),
    ...(field.label !== undefined && { label: field.label }),
  });
  if (field.desc !== undefined) el.append(xml('desc', {}, field.desc));
  if (field.required) el.append(xml('required'));
  const rule = field.validate;
  if (rule) {
    const method =
      rule.method === 'regex'
        ? xml('regex', {}, rule.regex ?? '')
        : rule.method === 'range'
          ? xml('range', {
              ...(rule.min !== undefined && { min: rule.min }),
              ...(rule.max !== undefined && { max: rule.max }),
            })
          : xml(rule.method);
    el.append(xml('validate', { xmlns: NS.dataFormsValidate, datatype: rule.datatype }, method));
  }
  for (const option of field.options) {
    el.append(
      xml('option', option.label ? { label: option.label } : {}, xml('value', {}, option.value)),
    );
  }
  for (const value of field.values) el.append(xml('value', {}, value));
  return el;
}

export function formElement(form: DataForm): Element {
  return xml(
    'x',
    { xmlns: NS.dataForms, type: form.type },
    ...(form.title !== undefined ? [xml('title', {}, form.title)] : []),
    ...form.instructions.map((line) => xml('instructions', {}, line)),
    ...form.fields.map(fieldElement),
  );
}

/** A hidden FORM_TYPE field, first in every form the service sends. */
export const formType = (value: string): FormField => ({
  type: 'hidden',
  var: 'FORM_TYPE',
  required: false,
  values: [value],
  options: [],
});

/** A fixed (read-only) line of text. */
export const fixed = (text: string, label?: string): FormField => ({
  type: 'fixed',
  ...(label !== undefined && { label }),
  required: false,
  values: [text],
  options: [],
});

export type Submitted = ReadonlyMap<string, readonly string[]>;

/**
 * The values of a submitted form (`<x type='submit'>` under the command), only for `vars`;
 * undefined when there is no submitted form or its FORM_TYPE is not `formTypeValue`.
 */
export function readSubmission(
  command: Element,
  formTypeValue: string,
  vars: ReadonlySet<string>,
): Submitted | undefined {
  const x = command.getChild('x', NS.dataForms);
  if (!x || x.attrs.type !== 'submit') return undefined;
  const values = new Map<string, string[]>();
  let type: string | undefined;
  for (const field of x.getChildren('field').slice(0, 200)) {
    const name = field.attrs.var;
    if (typeof name !== 'string') continue;
    const list = field
      .getChildren('value')
      .slice(0, MAX_VALUES)
      .map((value) => value.getText().slice(0, MAX_VALUE + 1));
    if (name === 'FORM_TYPE') type = list[0];
    else if (vars.has(name) && !values.has(name)) values.set(name, list);
  }
  return type === formTypeValue ? values : undefined;
}

/** The one value of a single-valued field ('' when absent). */
export const single = (submitted: Submitted, name: string): string =>
  submitted.get(name)?.[0] ?? '';
