/**
 * What the registration flow decides before anything goes: local problems by field (profile-
 * filled fields left to the main process), exactly the fields the consent lists, values dropped
 * once sent and kept on a refusal; problem texts that name the field, most specific first; the
 * profile's checks; the slice following realname events through the bridge.
 */
import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import type { DataForm } from '../../../shared/dataforms';
import type { JobItem, RegistrationStep } from '../../../shared/contract';
import { connectBridge } from '../../../renderer/bridge';
import { createAppStore } from '../../../renderer/store';
import { jobKey } from '../../../renderer/store/realname.slice';
import { problemKeys, problemText } from '../../../renderer/features/realname/problemText';
import { profileProblems } from '../../../renderer/features/realname/profileChecks';
import {
  fieldLabel,
  goingFields,
  localProblems,
  valuesAfter,
} from '../../../renderer/features/realname/submission';
import { withCheck } from '../realname/reference';
import { fakeApi, settle } from './fakeApi';

const ID = withCheck('11010119900307412');
const NOW = Date.UTC(2026, 5, 15);

const form: DataForm = {
  type: 'form',
  title: 'Registration',
  instructions: [],
  fields: [
    { type: 'hidden', var: 'FORM_TYPE', values: ['urn:x'], options: [], required: false },
    {
      type: 'text-single',
      var: 'name',
      label: 'Full name',
      values: [],
      options: [],
      required: true,
    },
    { type: 'text-single', var: 'id-number', label: 'ID', values: [], options: [], required: true },
    {
      type: 'text-single',
      var: 'mobile',
      label: 'Mobile',
      values: [],
      options: [],
      required: true,
    },
    { type: 'boolean', var: 'newsletter', label: 'News', values: [], options: [], required: false },
  ],
};

const step = (extra: Partial<RegistrationStep> = {}): RegistrationStep => ({
  sessionId: 's1',
  accountId: 'amy@example.org',
  service: 'groups.example.org',
  registrationService: 'realname.example.org',
  status: 'executing',
  actions: ['next'],
  form,
  identityFields: { name: 'person-name', 'id-number': 'id-number', mobile: 'mobile' },
  profileFillable: ['name', 'id-number', 'mobile'],
  fieldErrors: [],
  sent: true,
  notes: [],
  torOnly: false,
  ...extra,
});

const good = { name: ['李四'], 'id-number': [ID], mobile: ['13800138000'] };

describe('submission', () => {
  it('finds a wrong check character and an empty required field, by field', () => {
    const wrong = `${ID.slice(0, 17)}${ID[17] === '0' ? '1' : '0'}`;
    expect(
      localProblems(step(), { ...good, 'id-number': [wrong], mobile: [] }, false, NOW),
    ).toEqual([
      { var: 'id-number', problem: 'checksum' },
      { var: 'mobile', problem: 'required' },
    ]);
    expect(localProblems(step(), good, false, NOW)).toEqual([]);
  });

  it('leaves fields the profile fills to the main process, and still lists them as going', () => {
    expect(localProblems(step(), {}, true, NOW)).toEqual([]);
    expect(goingFields(step(), {}, true)).toEqual(['name', 'id-number', 'mobile']);
    expect(goingFields(step(), { ...good, newsletter: ['1'] }, false)).toEqual([
      'name',
      'id-number',
      'mobile',
      'newsletter',
    ]);
    expect(goingFields(step({ form: undefined }), good, false)).toEqual([]);
  });

  it('drops the values once the service took them, keeps them on a refusal', () => {
    expect(valuesAfter(step({ sent: true }), good)).toEqual({});
    expect(
      valuesAfter(step({ sent: false, fieldErrors: [{ var: 'name', problem: 'digits' }] }), good),
    ).toBe(good);
    expect(
      valuesAfter(step({ sent: true, fieldErrors: [{ var: 'mobile', problem: 'format' }] }), good),
    ).toBe(good);
    expect(fieldLabel(form, 'id-number')).toBe('ID');
    expect(fieldLabel(form, 'nope')).toBe('nope');
  });
});

describe('problem texts', () => {
  it('tries the kind, then any field, then the data-form text', () => {
    expect(problemKeys('mobile', 'length')).toEqual([
      'realname.problem.mobile.length',
      'realname.problem.any.length',
      'form.problem.length',
    ]);
    expect(problemKeys(undefined, 'required')).toEqual([
      'realname.problem.any.required',
      'form.problem.required',
    ]);
  });

  it('puts the field in front of a text that does not name it', () => {
    const t = ((key: string | string[], options: { field?: string; text?: string }) =>
      Array.isArray(key)
        ? key[0]!.endsWith('checksum')
          ? `${options.field}: bad check`
          : 'Enter a number.'
        : `${options.field} | ${options.text}`) as unknown as TFunction;
    expect(problemText(t, 'id-number', 'checksum', 'ID')).toBe('ID: bad check');
    expect(problemText(t, undefined, 'not-a-number', 'Age')).toBe('Age | Enter a number.');
  });
});

describe('profile checks', () => {
  it('names each refused field by kind', () => {
    expect(
      profileProblems({ name: '李4', idNumber: '123', mobile: '+852 9123 4567' }, NOW),
    ).toEqual({
      'person-name': 'digits',
      'id-number': 'length',
      mobile: 'prefix',
    });
    expect(profileProblems({ name: '李四', idNumber: ID, mobile: '138 0013 8000' }, NOW)).toEqual(
      {},
    );
  });
});

describe('realname slice and bridge', () => {
  const item = (state: JobItem['state'], updatedAt: number): JobItem => ({
    jobId: 'j1',
    accountId: 'amy@example.org',
    service: 'groups.example.org',
    registrationService: 'realname.example.org',
    state,
    updatedAt,
  });

  it('follows progress and profile events, never going back to an older item', async () => {
    const api = fakeApi();
    const store = createAppStore(api);
    const disconnect = connectBridge(api, store);
    await settle();
    api.deliver([
      { event: 'realname.progress', payload: item('submitting', 20) },
      { event: 'realname.progress', payload: item('queued', 10) },
      { event: 'realname.profile', payload: { saved: true, idNumberMasked: '****1234' } },
    ]);
    await settle();
    const key = jobKey('amy@example.org', 'realname.example.org');
    expect(store.getState().realnameJobs[key]?.state).toBe('submitting');
    expect(store.getState().realnameProfile).toEqual({ saved: true, idNumberMasked: '****1234' });
    disconnect();
  });

  it('registers many with the consent it was given, and erasing forgets the profile', async () => {
    const api = fakeApi();
    api.answer('realname.registerMany', () => ({
      ok: true,
      value: { jobId: 'j1', items: [item('queued', 5)] },
    }));
    api.answer('realname.eraseProfile', () => ({ ok: true, value: { receipts: 1, jobs: 0 } }));
    const store = createAppStore(api);
    store.setState({ realnameProfile: { saved: true } });
    await store
      .getState()
      .realnameRegisterManySubmitted(
        [{ accountId: 'amy@example.org', service: 'groups.example.org' }],
        {
          registrationServices: ['realname.example.org'],
          kinds: ['person-name', 'id-number', 'mobile'],
        },
      );
    expect(api.requests.at(-1)).toEqual({
      name: 'realname.registerMany',
      params: {
        items: [{ accountId: 'amy@example.org', service: 'groups.example.org' }],
        consent: {
          agreed: true,
          registrationServices: ['realname.example.org'],
          kinds: ['person-name', 'id-number', 'mobile'],
        },
      },
    });
    expect(Object.values(store.getState().realnameJobs)).toHaveLength(1);
    await store.getState().realnameProfileErased();
    expect(store.getState().realnameProfile).toEqual({ saved: false });
  });
});
