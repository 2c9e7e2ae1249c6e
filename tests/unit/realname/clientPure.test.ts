// The pure parts of the registration client: the policy parser, field recognition and local
// checks, the consent's list of vars, reading command answers (sender's node and session,
// limits, errors) and the receipt's masking and scrub.
import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import {
  adhocFailure,
  readStage,
  REGISTRATION_FORM_LIMITS,
} from '../../../electron/realname/adhoc';
import { readReceipt, scrubForm } from '../../../electron/realname/receipts';
import type { DataForm, FormField } from '../../../shared/dataforms';
import { NS } from '../../../shared/namespaces';
import {
  checkRegistrationValues,
  identityFields,
  maskIdentity,
  sentVars,
} from '../../../shared/realnameFields';
import { parseRealnamePolicy, REALNAME_NS } from '../../../shared/realnamePolicy';
import { withCheck } from './reference';

const ID = withCheck('11010119900307123');
const NOW = Date.UTC(2026, 11, 1);
const f = (field: Partial<FormField> & { var?: string }): FormField => ({
  type: 'text-single',
  required: true,
  values: [],
  options: [],
  ...field,
});
const FORM: DataForm = {
  type: 'form',
  instructions: [],
  fields: [
    f({ type: 'hidden', var: 'FORM_TYPE', values: [REALNAME_NS.registerForm], required: false }),
    f({ var: 'name' }),
    f({
      var: 'idcard',
      validate: { datatype: 'xs:string', method: 'regex', regex: '[0-9]{17}[0-9X]' },
    }),
    f({ var: 'x1', validate: { datatype: 'xs:string', method: 'regex', regex: '1[3-9][0-9]{9}' } }),
    f({ var: 'note', required: false }),
    f({ type: 'fixed', values: ['<b>text</b>'], required: false }),
  ],
};

describe('parseRealnamePolicy', () => {
  const form = (fields: Record<string, string[]>) => ({
    formType: REALNAME_NS.policyForm,
    fields: Object.entries(fields).map(([name, values]) => ({ var: name, values })),
  });
  it('reads a policy and keeps the asked service covered', () => {
    const policy = parseRealnamePolicy('Conference.example.org', [
      form({
        'registration-service': ['realname.example.org'],
        authority: ['Bureau'],
        'legal-text': ['a', 'b'],
        'retention-days': ['30'],
        approval: ['automatic'],
        'pending-counts': ['1'],
        'legal-url': ['javascript:alert(1)'],
      }),
    ]);
    expect(policy).toMatchObject({
      service: 'conference.example.org',
      registrationService: 'realname.example.org',
      services: ['conference.example.org'],
      legalText: ['a', 'b'],
      retentionDays: 30,
      approval: 'automatic',
      pendingCounts: true,
      requiredFor: ['room-creation'],
      existingRoomsAfterDeadline: 'read-only',
    });
    expect(policy?.legalUrl).toBeUndefined();
  });
  it('is no policy without the form or without a valid service JID', () => {
    expect(parseRealnamePolicy('c.example.org', [])).toBeUndefined();
    expect(
      parseRealnamePolicy('c.example.org', [{ formType: 'other', fields: [] }]),
    ).toBeUndefined();
    expect(parseRealnamePolicy('c.example.org', [form({ authority: ['x'] })])).toBeUndefined();
    expect(
      parseRealnamePolicy('c.example.org', [form({ 'registration-service': ['a@b/res'] })]),
    ).toBeUndefined();
  });
});

describe('identity fields and local checks', () => {
  it('recognises fields by var or by the service default regex', () => {
    expect(identityFields(FORM)).toEqual({
      name: 'person-name',
      idcard: 'id-number',
      x1: 'mobile',
    });
  });
  it('normalizes identity values and refuses a wrong one naming the field only', () => {
    const wide = '１３８１２３４５６７８';
    const ok = checkRegistrationValues(FORM, { name: ['张三'], idcard: [ID], x1: [wide] }, NOW);
    expect(ok).toEqual({
      ok: true,
      values: { name: ['张三'], idcard: [ID], x1: ['13812345678'], note: [] },
    });
    const bad = checkRegistrationValues(
      FORM,
      { name: ['张三'], idcard: [`${ID.slice(0, 17)}Y`], x1: ['1'] },
      NOW,
    );
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad)).not.toContain(ID.slice(0, 17));
    expect(!bad.ok && bad.errors.map((e) => e.var)).toEqual(['idcard', 'x1']);
  });
  it('lists the vars that go: not hidden, not fixed, not empty', () => {
    expect(sentVars(FORM, { name: ['a'], idcard: ['b'], x1: ['c'], note: [] })).toEqual([
      'name',
      'idcard',
      'x1',
    ]);
  });
  it('masks', () => {
    expect(maskIdentity('id-number', ID)).toBe(`**************${ID.slice(-4)}`);
    expect(maskIdentity('person-name', '张三丰')).toBe('张**');
  });
});

describe('readStage', () => {
  const command = (attrs: Record<string, string>, ...children: ReturnType<typeof xml>[]) =>
    xml('command', { xmlns: NS.commands, ...attrs }, ...children);
  it('reads status, actions, notes and the form', () => {
    const stage = readStage(
      'svc',
      'node',
      undefined,
      command(
        { node: 'node', status: 'executing', sessionid: 's1' },
        xml('actions', { execute: 'next' }, xml('prev'), xml('next')),
        xml('note', { type: 'warn' }, '<i>hi</i>'),
        xml(
          'x',
          { xmlns: NS.dataForms, type: 'form' },
          xml('field', { var: 'a', type: 'hidden' }, xml('value', {}, 'keep')),
        ),
      ),
    );
    expect(stage).toMatchObject({
      sessionid: 's1',
      actions: ['prev', 'next'],
      defaultAction: 'next',
    });
    expect(stage.notes).toEqual([{ type: 'warn', text: '<i>hi</i>' }]);
    expect(stage.form?.fields[0]?.values).toEqual(['keep']);
  });
  it('refuses another node, another session and a huge form', () => {
    expect(() =>
      readStage('s', 'node', undefined, command({ node: 'other', status: 'completed' })),
    ).toThrow();
    expect(() =>
      readStage('s', 'node', 's1', command({ node: 'node', status: 'executing', sessionid: 's2' })),
    ).toThrow();
    const huge = xml(
      'x',
      { xmlns: NS.dataForms, type: 'form' },
      ...Array.from({ length: REGISTRATION_FORM_LIMITS.fields + 1 }, (_, i) =>
        xml('field', { var: `f${i}` }),
      ),
    );
    expect(() =>
      readStage('s', 'node', undefined, command({ node: 'node', status: 'executing' }, huge)),
    ).toThrow(expect.objectContaining({ code: 'form-too-large' }));
  });
  it('maps errors: invalid field, bad session, unavailable', () => {
    const error = (...children: ReturnType<typeof xml>[]) =>
      Object.assign(new Error('x'), {
        name: 'StanzaError',
        condition: 'bad-request',
        element: xml(
          'error',
          { type: 'modify' },
          xml('bad-request', { xmlns: NS.stanzas }),
          ...children,
        ),
      });
    const invalid = adhocFailure(
      error(
        xml('bad-payload', { xmlns: NS.commands }),
        xml('invalid-field', { xmlns: REALNAME_NS.feature, var: 'id-number', problem: 'checksum' }),
      ),
    );
    expect(invalid.field).toEqual({ var: 'id-number', problem: 'checksum' });
    expect(adhocFailure(error(xml('bad-sessionid', { xmlns: NS.commands }))).code).toBe(
      'session-expired',
    );
    expect(
      adhocFailure(
        Object.assign(new Error('x'), { name: 'StanzaError', condition: 'service-unavailable' }),
      ).code,
    ).toBe('service-unavailable');
  });
});

describe('receipts', () => {
  it('masks the number again whatever the service sent', () => {
    const receipt = readReceipt(
      {
        type: 'result',
        instructions: [],
        fields: [
          f({ type: 'hidden', var: 'FORM_TYPE', values: [REALNAME_NS.receiptForm] }),
          f({ var: 'status', values: ['pending'] }),
          f({ var: 'id-number', values: [ID] }),
        ],
      },
      'realname.example.org',
    );
    expect(receipt).toMatchObject({
      status: 'pending',
      idNumberMasked: `**************${ID.slice(-4)}`,
    });
  });
  it('scrubs sent secrets from every text of a form', () => {
    const form = scrubForm(
      {
        type: 'form',
        title: `t ${ID}`,
        instructions: [ID],
        fields: [f({ var: 'a', label: ID, values: [ID] })],
      },
      [ID],
    );
    expect(JSON.stringify(form)).not.toContain(ID);
  });
});
