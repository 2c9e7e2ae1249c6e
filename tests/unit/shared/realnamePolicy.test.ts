import { describe, expect, it } from 'vitest';
import {
  REALNAME_POLICY_FORM,
  parseRealnamePolicy,
  registrationNeededToCreate,
} from '../../../shared/realnamePolicy';

const form = (fields: Record<string, string[]>, formType = REALNAME_POLICY_FORM) => ({
  formType,
  fields: Object.entries(fields).map(([name, values]) => ({ var: name, values })),
});

describe('the real-name policy a group-chat service publishes', () => {
  it('is read from its XEP-0128 form into a typed object', () => {
    const policy = parseRealnamePolicy([
      form({ muc_foo: ['x'] }, 'http://jabber.org/protocol/muc#roominfo'),
      form({
        'registration-service': ['realname.example.org'],
        'register-node': ['urn:hutong:realname:register'],
        'status-node': ['urn:hutong:realname:status'],
        'required-for': ['room-creation', 'room-ownership', 'world-domination'],
        services: ['groups.example.org'],
        authority: ['Test Bureau'],
        'legal-text': ['第一段', '', 'Second paragraph'],
        'legal-url': ['https://example.org/law'],
        'retention-days': ['1095'],
        approval: ['manual'],
        'pending-counts': ['1'],
        'existing-rooms-deadline': ['2027-01-01T00:00:00Z'],
        'existing-rooms-after-deadline': ['read-only'],
      }),
    ]);
    expect(policy).toEqual({
      registrationService: 'realname.example.org',
      registerNode: 'urn:hutong:realname:register',
      statusNode: 'urn:hutong:realname:status',
      requiredFor: ['room-creation', 'room-ownership'],
      services: ['groups.example.org'],
      authority: 'Test Bureau',
      legalText: ['第一段', 'Second paragraph'],
      legalUrl: 'https://example.org/law',
      retentionDays: 1095,
      approval: 'manual',
      pendingCounts: true,
      existingRoomsDeadline: '2027-01-01T00:00:00Z',
      existingRoomsAfterDeadline: 'read-only',
    });
    expect(registrationNeededToCreate(policy)).toBe(true);
  });

  it('is absent without the form: no step at all', () => {
    expect(parseRealnamePolicy([])).toBeUndefined();
    expect(parseRealnamePolicy([form({ authority: ['x'] }, 'urn:example:other')])).toBeUndefined();
    expect(registrationNeededToCreate(undefined)).toBe(false);
  });

  it('leaves out what is not what it claims, and fails closed on what it covers', () => {
    const policy = parseRealnamePolicy([
      form({
        'retention-days': ['forever'],
        approval: ['sometimes'],
        'legal-url': ['javascript:alert(1)'],
        authority: ['x'.repeat(5000)],
        'legal-text': Array.from({ length: 500 }, (_, i) => `line ${i}`),
      }),
    ])!;
    expect(policy.retentionDays).toBeUndefined();
    expect(policy.approval).toBeUndefined();
    expect(policy.legalUrl).toBeUndefined();
    expect(policy.registrationService).toBeUndefined();
    expect(policy.authority).toHaveLength(2000);
    expect(policy.legalText).toHaveLength(100);
    // Naming nothing it is required for still covers creation.
    expect(policy.requiredFor).toEqual(['room-creation']);
    expect(registrationNeededToCreate(policy)).toBe(true);
    const ownership = parseRealnamePolicy([form({ 'required-for': ['room-ownership'] })]);
    expect(registrationNeededToCreate(ownership)).toBe(false);
  });
});
