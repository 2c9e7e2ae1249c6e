/**
 * Data forms (XEP-0004, with XEP-0122 validation) read from and written to XML. A form comes
 * from the server (room configuration, ad-hoc commands, group registration) and is untrusted:
 * reading never throws, stops each list at a limit, cuts display text, skips what has no
 * meaning (an option without a value, a field without a var unless it is fixed) and reads an
 * unknown field type as text-single, as XEP-0004 §3.3 says. The model is shared/dataforms.ts.
 */
import xml, { type Element } from '@xmpp/xml';
import {
  FIELD_TYPES,
  type DataForm,
  type FieldType,
  type FieldValidation,
  type FormField,
  type FormOption,
} from '../../shared/dataforms';
import { NS } from '../../shared/namespaces';
import { cutText } from './text';

export const FORM_LIMITS = {
  fields: 500,
  values: 500,
  options: 1000,
  instructions: 20,
  /** Vars, datatypes, bounds. */
  token: 512,
  /** Labels, descriptions, values, instructions. */
  text: 65_536,
} as const;

const FORM_TYPES: readonly DataForm['type'][] = ['form', 'submit', 'cancel', 'result'];
const METHODS: readonly FieldValidation['method'][] = ['basic', 'open', 'range', 'regex'];

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function token(value: unknown): string | undefined {
  const text = str(value);
  return text !== undefined && text !== '' && text.length <= FORM_LIMITS.token ? text : undefined;
}

const text = (value: string | undefined) => cutText(value, FORM_LIMITS.text);

function childText(el: Element, name: string): string | undefined {
  const child = el.getChild(name, NS.dataForms);
  return child ? text(child.getText()) : undefined;
}

function count(value: unknown): number | undefined {
  const raw = str(value);
  return raw !== undefined && /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
}

function readValidation(el: Element | undefined): FieldValidation | undefined {
  if (!el) return undefined;
  const datatype = token(el.attrs.datatype) ?? 'xs:string';
  const methodEl = METHODS.map((m) => el.getChild(m, NS.dataFormsValidate)).find(Boolean);
  const method = (methodEl?.name as FieldValidation['method'] | undefined) ?? 'basic';
  const listRange = el.getChild('list-range', NS.dataFormsValidate);
  const min = method === 'range' ? token(methodEl?.attrs.min) : undefined;
  const max = method === 'range' ? token(methodEl?.attrs.max) : undefined;
  const regex = method === 'regex' ? text(methodEl?.getText()) : undefined;
  const listMin = count(listRange?.attrs.min);
  const listMax = count(listRange?.attrs.max);
  return {
    datatype,
    method,
    ...(min !== undefined && { min }),
    ...(max !== undefined && { max }),
    ...(regex !== undefined && { regex }),
    ...(listMin !== undefined && { listMin }),
    ...(listMax !== undefined && { listMax }),
  };
}

function readField(el: Element): FormField | undefined {
  const rawType = str(el.attrs.type);
  const type: FieldType = (FIELD_TYPES as readonly string[]).includes(rawType ?? '')
    ? (rawType as FieldType)
    : 'text-single';
  const name = token(el.attrs.var);
  if (name === undefined && type !== 'fixed') return undefined;
  const values = el
    .getChildren('value', NS.dataForms)
    .slice(0, FORM_LIMITS.values)
    .map((v) => text(v.getText()) ?? '');
  const options: FormOption[] = [];
  for (const option of el.getChildren('option', NS.dataForms).slice(0, FORM_LIMITS.options)) {
    const value = childText(option, 'value');
    if (value === undefined) continue;
    const label = text(str(option.attrs.label));
    options.push({ value, ...(label !== undefined && { label }) });
  }
  const label = text(str(el.attrs.label));
  const desc = childText(el, 'desc');
  const validate = readValidation(el.getChild('validate', NS.dataFormsValidate));
  return {
    type,
    ...(name !== undefined && { var: name }),
    ...(label !== undefined && { label }),
    ...(desc !== undefined && { desc }),
    required: el.getChild('required', NS.dataForms) !== undefined,
    values,
    options,
    ...(validate && { validate }),
  };
}

/** Reads an `<x xmlns='jabber:x:data'/>`; undefined when it is not one. */
export function parseDataForm(x: Element | undefined): DataForm | undefined {
  if (!x || x.name !== 'x' || x.attrs.xmlns !== NS.dataForms) return undefined;
  const type = FORM_TYPES.find((t) => t === x.attrs.type) ?? 'form';
  const fields: FormField[] = [];
  for (const el of x.getChildren('field', NS.dataForms).slice(0, FORM_LIMITS.fields)) {
    const field = readField(el);
    if (field) fields.push(field);
  }
  const title = childText(x, 'title');
  const instructions = x
    .getChildren('instructions', NS.dataForms)
    .slice(0, FORM_LIMITS.instructions)
    .map((el) => text(el.getText()) ?? '');
  return { type, ...(title !== undefined && { title }), instructions, fields };
}

/** Writes a form (a submission from submissionOf, or a cancel) as XML. */
export function buildDataForm(form: DataForm): Element {
  return xml(
    'x',
    { xmlns: NS.dataForms, type: form.type },
    ...form.fields.map((field) =>
      xml(
        'field',
        { ...(field.var !== undefined && { var: field.var }), type: field.type },
        ...field.values.map((value) => xml('value', {}, value)),
      ),
    ),
  );
}
