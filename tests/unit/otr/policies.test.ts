// When to talk privately, through the real storage: a contact's own policy wins, then the
// account's, then manual; removing one falls back; what is set survives a new reader.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OtrPolicies } from '../../../electron/otr/policies';
import { openStorage } from '../../../electron/storage';

const A = 'alice@example.org';
const BOB = 'bob@example.org';

describe('OTR policies', () => {
  it('resolve contact, then account, then manual, and are kept', () => {
    const storage = openStorage(
      path.join(mkdtempSync(path.join(os.tmpdir(), 'hutong-pol-')), 'h.sqlite'),
    );
    const policies = new OtrPolicies(storage.otr);
    expect(policies.setting(A, BOB)).toEqual({
      policy: 'manual',
      inherited: true,
      keepHistory: false,
    });
    policies.set(A, '', 'opportunistic');
    expect(policies.setting(A, BOB)).toMatchObject({ policy: 'opportunistic', inherited: true });
    expect(policies.setting(A, '')).toEqual({ policy: 'opportunistic', inherited: false });
    policies.set(A, BOB, 'always');
    expect(policies.effective(A, BOB)).toBe('always');
    expect(new OtrPolicies(storage.otr).effective(A, BOB)).toBe('always');
    policies.set(A, BOB, undefined);
    expect(policies.setting(A, BOB)).toMatchObject({ policy: 'opportunistic', inherited: true });
    expect(new OtrPolicies(storage.otr).effective(A, BOB)).toBe('opportunistic');
    storage.close();
  });

  it('keep private conversations on disk per contact, off by default', () => {
    const storage = openStorage(
      path.join(mkdtempSync(path.join(os.tmpdir(), 'hutong-pol-')), 'h.sqlite'),
    );
    const policies = new OtrPolicies(storage.otr);
    expect(policies.setting(A, BOB).keepHistory).toBe(false);
    policies.setKeepHistory(A, BOB, true);
    expect(policies.setting(A, BOB).keepHistory).toBe(true);
    expect(policies.setting(A, 'carol@example.org').keepHistory).toBe(false);
    expect(new OtrPolicies(storage.otr).setting(A, BOB).keepHistory).toBe(true);
    policies.setKeepHistory(A, BOB, false);
    expect(policies.setting(A, BOB).keepHistory).toBe(false);
    storage.close();
  });
});
