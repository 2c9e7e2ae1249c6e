/** Data forms (XEP-0004) with validation (XEP-0122): read from XML, checked, sent back. */
import { describe, expect, it } from 'vitest';
import xml from '@xmpp/xml';
import {
  fieldProblem,
  safePattern,
  submissionOf,
  validateForm,
  type FormField,
} from '../../../shared/dataforms';
import { buildDataForm, FORM_LIMITS, parseDataForm } from '../../../electron/xmpp/dataforms';

const X = 'jabber:x:data';
const V = 'http://jabber.org/protocol/xdata-validate';

/** A room configuration form in the shape of XEP-0045 §10.2, with validation added. */
const roomConfig = xml(
  'x',
  { xmlns: X, type: 'form' },
  xml('title', {}, 'Configuration for "coven" Room'),
  xml('instructions', {}, 'Complete this form to modify the configuration of your room.'),
  xml(
    'field',
    { type: 'hidden', var: 'FORM_TYPE' },
    xml('value', {}, 'http://jabber.org/protocol/muc#roomconfig'),
  ),
  xml(
    'field',
    { type: 'text-single', label: 'Natural-Language Room Name', var: 'muc#roomconfig_roomname' },
    xml('value', {}, 'A Dark Cave'),
  ),
  xml(
    'field',
    { type: 'text-multi', label: 'Short Description of Room', var: 'muc#roomconfig_roomdesc' },
    xml('value', {}, 'The place for all good witches!'),
    xml('value', {}, ''),
  ),
  xml(
    'field',
    { type: 'boolean', label: 'Make Room Persistent?', var: 'muc#roomconfig_persistentroom' },
    xml('value', {}, '0'),
  ),
  xml(
    'field',
    { type: 'list-single', label: 'Maximum Number of Occupants', var: 'muc#roomconfig_maxusers' },
    xml('value', {}, '20'),
    ...['10', '20', '30', '50', '100'].map((n) => xml('option', { label: n }, xml('value', {}, n))),
    xml('option', { label: 'no value' }),
  ),
  xml(
    'field',
    { type: 'jid-multi', label: 'Room Admins', var: 'muc#roomconfig_roomadmins' },
    xml('required'),
  ),
  xml(
    'field',
    { type: 'text-single', var: 'x-age', label: 'Age' },
    xml('validate', { xmlns: V, datatype: 'xs:integer' }, xml('range', { min: '18', max: '120' })),
  ),
  xml(
    'field',
    { type: 'text-single', var: 'x-id', label: 'ID number' },
    xml('desc', {}, '18 characters'),
    xml('validate', { xmlns: V, datatype: 'xs:string' }, xml('regex', {}, '[0-9]{17}[0-9X]')),
  ),
  xml('field', { type: 'fixed' }, xml('value', {}, 'Section 2')),
  xml('field', { type: 'something-new', var: 'x-future' }),
  xml('field', { type: 'text-single' }),
);

describe('parseDataForm', () => {
  it('reads every field type, options, requirements and validation', () => {
    const form = parseDataForm(roomConfig)!;
    expect(form.type).toBe('form');
    expect(form.title).toBe('Configuration for "coven" Room');
    expect(form.instructions).toHaveLength(1);
    expect(form.fields.map((f) => [f.type, f.var])).toEqual([
      ['hidden', 'FORM_TYPE'],
      ['text-single', 'muc#roomconfig_roomname'],
      ['text-multi', 'muc#roomconfig_roomdesc'],
      ['boolean', 'muc#roomconfig_persistentroom'],
      ['list-single', 'muc#roomconfig_maxusers'],
      ['jid-multi', 'muc#roomconfig_roomadmins'],
      ['text-single', 'x-age'],
      ['text-single', 'x-id'],
      ['fixed', undefined],
      // An unknown type is text-single; a field without a var (not fixed) is dropped.
      ['text-single', 'x-future'],
    ]);
    const max = form.fields[4]!;
    expect(max.options.map((o) => o.value)).toEqual(['10', '20', '30', '50', '100']);
    expect(form.fields[5]!.required).toBe(true);
    expect(form.fields[6]!.validate).toEqual({
      datatype: 'xs:integer',
      method: 'range',
      min: '18',
      max: '120',
    });
    expect(form.fields[7]!.desc).toBe('18 characters');
    expect(form.fields[7]!.validate?.regex).toBe('[0-9]{17}[0-9X]');
  });

  it('is not made large by a hostile form, and refuses what is not a form', () => {
    const many = xml(
      'x',
      { xmlns: X, type: 'bogus' },
      ...Array.from({ length: FORM_LIMITS.fields + 50 }, (_, i) =>
        xml('field', { var: `f${i}` }, xml('value', {}, 'x'.repeat(FORM_LIMITS.text + 10))),
      ),
    );
    const form = parseDataForm(many)!;
    expect(form.type).toBe('form');
    expect(form.fields).toHaveLength(FORM_LIMITS.fields);
    expect(form.fields[0]!.values[0]).toHaveLength(FORM_LIMITS.text);
    expect(parseDataForm(xml('x', { xmlns: 'jabber:x:oob' }))).toBeUndefined();
    expect(parseDataForm(undefined)).toBeUndefined();
  });
});

describe('validateForm', () => {
  const form = parseDataForm(roomConfig)!;

  it('accepts the defaults once required fields are filled', () => {
    expect(
      validateForm(form, { 'muc#roomconfig_roomadmins': ['wiccarocks@shakespeare.lit'] }),
    ).toEqual([]);
  });

  it('names each field that is wrong, with why', () => {
    const errors = validateForm(form, {
      'muc#roomconfig_roomname': ['one', 'two'],
      'muc#roomconfig_persistentroom': ['yes'],
      'muc#roomconfig_maxusers': ['1000'],
      'muc#roomconfig_roomadmins': ['not a jid'],
      'x-age': ['17'],
      'x-id': ['11010519491231002'],
    });
    expect(errors).toEqual([
      { var: 'muc#roomconfig_roomname', problem: 'one-value' },
      { var: 'muc#roomconfig_persistentroom', problem: 'not-boolean' },
      { var: 'muc#roomconfig_maxusers', problem: 'not-an-option' },
      { var: 'muc#roomconfig_roomadmins', problem: 'not-a-jid' },
      { var: 'x-age', problem: 'too-low' },
      { var: 'x-id', problem: 'no-match' },
    ]);
    expect(validateForm(form, { 'x-age': ['121'], 'muc#roomconfig_roomadmins': ['a@b'] })).toEqual([
      { var: 'x-age', problem: 'too-high' },
    ]);
    expect(validateForm(form, { 'x-age': ['eighteen'] })).toContainEqual({
      var: 'x-age',
      problem: 'not-a-number',
    });
    expect(validateForm(form, {})).toContainEqual({
      var: 'muc#roomconfig_roomadmins',
      problem: 'required',
    });
  });

  it('checks dates, list sizes, open lists and empty text-multi', () => {
    const field = (patch: Partial<FormField>): FormField => ({
      type: 'text-single',
      var: 'f',
      required: false,
      values: [],
      options: [],
      ...patch,
    });
    const date = field({ validate: { datatype: 'xs:date', method: 'range', min: '2000-01-01' } });
    expect(fieldProblem(date, ['1999-12-31'])).toBe('too-low');
    expect(fieldProblem(date, ['2000-13-45'])).toBe('not-a-date');
    expect(fieldProblem(date, ['2024-02-29'])).toBeUndefined();
    const pick = field({
      type: 'list-multi',
      options: [{ value: 'a' }, { value: 'b' }],
      validate: { datatype: 'xs:string', method: 'open', listMin: 1, listMax: 2 },
    });
    expect(fieldProblem(pick, ['a', 'zzz'])).toBeUndefined();
    expect(fieldProblem(pick, ['a', 'b', 'c'])).toBe('too-many');
    expect(fieldProblem(field({ type: 'text-multi', required: true }), ['', ''])).toBe('required');
    expect(fieldProblem(field({ type: 'text-multi' }), ['line', '', 'line'])).toBeUndefined();
  });

  it('never runs a pattern that could freeze the app', () => {
    expect(safePattern('(a+)+$')).toBeNull();
    expect(safePattern('(a|aa)*c')).toBeNull();
    expect(safePattern('((ab)+c)+')).toBeNull();
    expect(safePattern('([+*])+')).not.toBeNull();
    expect(safePattern('(ab)+\\(x+\\)+')).not.toBeNull();
    expect(safePattern('(a|b)\\1')).toBeNull();
    expect(safePattern('x'.repeat(300))).toBeNull();
    expect(safePattern('[')).toBeNull();
    expect(safePattern('[0-9]{3}')!.test('123')).toBe(true);
    // XML Schema patterns match the whole value.
    expect(safePattern('[0-9]{3}')!.test('1234')).toBe(false);
    const evil = {
      type: 'text-single' as const,
      var: 'f',
      required: false,
      values: [],
      options: [],
    };
    const started = performance.now();
    expect(
      fieldProblem(
        { ...evil, validate: { datatype: 'xs:string', method: 'regex', regex: '(a|aa)+b' } },
        ['a'.repeat(5000)],
      ),
    ).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('submissionOf and buildDataForm', () => {
  it('sends every field with a var and its value, hidden ones as given, nothing else', () => {
    const form = parseDataForm(roomConfig)!;
    const submitted = submissionOf(form, {
      'muc#roomconfig_roomname': ['Tea house'],
      'muc#roomconfig_persistentroom': ['true'],
      'muc#roomconfig_roomadmins': ['a@example.org', 'b@example.org'],
      FORM_TYPE: ['forged by the page'],
    });
    const x = buildDataForm(submitted);
    expect(x.attrs).toEqual({ xmlns: X, type: 'submit' });
    const fields = Object.fromEntries(
      x
        .getChildren('field')
        .map((f) => [f.attrs.var, f.getChildren('value').map((v) => v.getText())]),
    );
    expect(fields).toEqual({
      FORM_TYPE: ['http://jabber.org/protocol/muc#roomconfig'],
      'muc#roomconfig_roomname': ['Tea house'],
      'muc#roomconfig_roomdesc': ['The place for all good witches!', ''],
      'muc#roomconfig_persistentroom': ['1'],
      'muc#roomconfig_maxusers': ['20'],
      'muc#roomconfig_roomadmins': ['a@example.org', 'b@example.org'],
      'x-age': [],
      'x-id': [],
      'x-future': [],
    });
    // What we send reads back as the same submission.
    expect(parseDataForm(x)!.fields.map((f) => [f.var, f.values])).toEqual(
      submitted.fields.map((f) => [f.var, f.values]),
    );
  });
});
