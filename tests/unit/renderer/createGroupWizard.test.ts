import { describe, expect, it } from 'vitest';
import {
  canContinue,
  emptyDraft,
  stepsFor,
} from '../../../renderer/features/rooms/createGroup/wizardModel';

const service = { jid: 'conference.example.org' };
const policy = {
  service: 'groups.example.org',
  registrationService: 'realname.example.org',
  registerNode: 'urn:hutong:realname:register',
  statusNode: 'urn:hutong:realname:status',
  requiredFor: ['room-creation'],
  services: ['groups.example.org'],
  authority: 'Bureau',
  legalText: [],
  approval: 'manual',
  pendingCounts: false,
  existingRoomsAfterDeadline: 'none',
} as const;

describe('the create-group wizard', () => {
  it('has a registration step only where the service asks for one before creating', () => {
    expect(stepsFor({ policy: undefined })).toEqual(['where', 'details', 'review']);
    expect(stepsFor({ policy })).toEqual(['where', 'details', 'registration', 'review']);
    const ownership = { ...policy, requiredFor: ['room-ownership'] };
    expect(stepsFor({ policy: ownership })).toEqual(['where', 'details', 'review']);
  });

  it('goes on only with an account and service, a name and a free address', () => {
    const draft = emptyDraft('gina@example.org');
    expect(draft.kind).toBe('members-only');
    const free = { state: 'free', room: 'tea@conference.example.org' } as const;
    expect(canContinue('where', draft, free, false)).toBe(false);
    const placed = { ...draft, service };
    expect(canContinue('where', placed, free, false)).toBe(true);
    expect(canContinue('details', placed, free, false)).toBe(false);
    const named = { ...placed, name: ' Tea ', local: 'tea' };
    expect(canContinue('details', named, free, false)).toBe(true);
    for (const other of [
      { state: 'checking' },
      { state: 'taken', room: 'tea@conference.example.org' },
      { state: 'invalid', problem: 'characters' },
      { state: 'failed', error: 'x' },
    ] as const) {
      expect(canContinue('details', named, other, false)).toBe(false);
    }
    expect(canContinue('registration', named, free, false)).toBe(false);
    expect(canContinue('registration', named, free, true)).toBe(true);
  });
});
