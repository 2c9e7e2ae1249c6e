// The pure pieces of the registration service: configuration checks, field checks, the policy
// form and command sessions.
import { describe, expect, it } from 'vitest';
import { parseConfig, type FieldConfig } from '../../../server/registration/config';
import { checkField, chinaToday, shownValue } from '../../../server/registration/fieldChecks';
import { policyForm } from '../../../server/registration/policyForm';
import { MAX_SESSIONS_PER_ACCOUNT, Sessions } from '../../../server/registration/sessions';
import { withCheck } from '../realname/reference';

const KEY = Buffer.alloc(32, 1).toString('base64');
const base = {
  component: { jid: 'realname.example', secret: 's' },
  policy: { services: ['groups.example'], authority: 'A', legalText: 'L1\nL2', retentionDays: 10 },
  store: { sqlite: 'r.sqlite' },
  encryptionKey: KEY,
};
const NOW = Date.parse('2026-06-15T12:00:00Z');
const idField: FieldConfig = {
  var: 'id-number',
  label: 'ID',
  type: 'text-single',
  required: true,
  check: 'id-number',
};

describe('configuration', () => {
  it('fills defaults and resolves the store path', () => {
    const config = parseConfig(base, '/etc/hutong');
    expect(config.storePath).toBe('/etc/hutong/r.sqlite');
    expect(config.policy).toMatchObject({
      approval: 'manual',
      pendingCounts: false,
      requiredFor: ['room-creation'],
    });
    expect(config.form.fields.map((f) => f.check)).toEqual(['person-name', 'id-number', 'mobile']);
    expect(config.key.length).toBe(32);
  });

  it('refuses a policy it does not fully understand, naming the setting', () => {
    expect(() =>
      parseConfig({ ...base, policy: { ...base.policy, retentionDays: 0 } }, '/'),
    ).toThrow(/policy.retentionDays/);
    expect(() =>
      parseConfig({ ...base, policy: { ...base.policy, approval: 'maybe' } }, '/'),
    ).toThrow(/approval/);
    expect(() => parseConfig({ ...base, encryptionKey: 'c2hvcnQ=' }, '/')).toThrow(/32 bytes/);
    const consent = { var: 'consent', label: 'x' };
    expect(() => parseConfig({ ...base, form: { fields: [consent] } }, '/')).toThrow(/must not be/);
  });
});

describe('field checks', () => {
  const id = withCheck('11010119900307123');
  it('normalizes full-width digits, spaces and zero-width characters', () => {
    const typed = ` ${[...id].map((d) => (d >= '0' && d <= '9' ? String.fromCharCode(d.charCodeAt(0) + 0xfee0) : d)).join('')}\u200b `;
    expect(checkField(idField, [typed], NOW)).toEqual({ ok: true, value: id });
  });

  it('refuses a wrong check character, a future birth date, a second value, an empty required field', () => {
    const wrong = id.slice(0, 17) + (id.endsWith('0') ? '1' : '0');
    expect(checkField(idField, [wrong], NOW)).toEqual({ ok: false, problem: 'checksum' });
    expect(checkField(idField, [withCheck('11010120300101123')], NOW)).toMatchObject({
      ok: false,
      problem: 'future',
    });
    expect(checkField(idField, [id, id], NOW)).toEqual({ ok: false, problem: 'one-value' });
    expect(checkField(idField, [], NOW)).toEqual({ ok: false, problem: 'required' });
  });

  it('applies the XEP-0122 rule of an unchecked field, and masks checked values for display', () => {
    const code: FieldConfig = {
      var: 'code',
      label: 'Code',
      type: 'text-single',
      required: true,
      validate: { datatype: 'xs:integer', min: '1', max: '9' },
    };
    expect(checkField(code, ['5'], NOW)).toEqual({ ok: true, value: '5' });
    expect(checkField(code, ['12'], NOW)).toEqual({ ok: false, problem: 'too-high' });
    expect(shownValue(idField, id)).toBe(`**************${id.slice(-4)}`);
  });

  it("takes today's date in China", () => {
    expect(chinaToday(Date.parse('2026-06-15T17:00:00Z'))).toEqual({
      year: 2026,
      month: 6,
      day: 16,
    });
  });
});

describe('policy form', () => {
  it('carries the policy with its FORM_TYPE first', () => {
    const form = policyForm(parseConfig(base, '/'));
    const byVar = Object.fromEntries(form.fields.map((f) => [f.var, f.values]));
    expect(form.fields[0]).toMatchObject({
      var: 'FORM_TYPE',
      type: 'hidden',
      values: ['urn:hutong:realname:policy:0'],
    });
    expect(byVar).toMatchObject({
      'registration-service': ['realname.example'],
      services: ['groups.example'],
      'legal-text': ['L1', 'L2'],
      'retention-days': ['10'],
    });
    expect(byVar['existing-rooms-deadline']).toBeUndefined();
  });
});

describe('command sessions', () => {
  it('belong to their requester and expire', () => {
    const sessions = new Sessions(1000);
    const s = sessions.create('n', 'a@x/1', 0)!;
    expect(sessions.find(s.id, 'n', 'a@x/1', 500)).toBe(s);
    expect(sessions.find(s.id, 'n', 'b@x/1', 500)).toBeUndefined();
    expect(sessions.find(s.id, 'n', 'a@x/2', 500)).toBeUndefined();
    expect(sessions.find(s.id, 'other', 'a@x/1', 500)).toBeUndefined();
    expect(sessions.find(s.id, 'n', 'a@x/1', 1600)).toBeUndefined();
  });

  it('hold a bounded number per account, dropping the oldest', () => {
    const sessions = new Sessions(60_000);
    const first = sessions.create('n', 'a@x/1', 0)!;
    for (let i = 0; i < MAX_SESSIONS_PER_ACCOUNT; i += 1) sessions.create('n', 'a@x/1', 0);
    expect(sessions.size).toBe(MAX_SESSIONS_PER_ACCOUNT);
    expect(sessions.find(first.id, 'n', 'a@x/1', 1)).toBeUndefined();
  });
});
