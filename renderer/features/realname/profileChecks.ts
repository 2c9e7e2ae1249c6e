/**
 * The saved profile's three fields checked as the person types, with the same checks the main
 * process runs when saving (shared/realname). Pure.
 */
import { chinaToday, type IdentityKind } from '../../../shared/realnameFields';
import { checkIdNumber, checkMobile, checkPersonName } from '../../../shared/realname';

export interface ProfileDraft {
  readonly name: string;
  readonly idNumber: string;
  readonly mobile: string;
}

/** The draft's key for each kind, and the order the fields are shown in. */
export const PROFILE_FIELDS: readonly { kind: IdentityKind; key: keyof ProfileDraft }[] = [
  { kind: 'person-name', key: 'name' },
  { kind: 'id-number', key: 'idNumber' },
  { kind: 'mobile', key: 'mobile' },
];

/** The problem code of one field, or undefined when it may be saved. */
export function profileProblem(kind: IdentityKind, text: string, now: number): string | undefined {
  const checked =
    kind === 'id-number'
      ? checkIdNumber(text, { today: chinaToday(now) })
      : kind === 'mobile'
        ? checkMobile(text)
        : checkPersonName(text);
  return checked.ok ? undefined : checked.problem;
}

/** Every field's problem (kind → code), empty when the draft may be saved. */
export function profileProblems(
  draft: ProfileDraft,
  now: number,
): Partial<Record<IdentityKind, string>> {
  const problems: Partial<Record<IdentityKind, string>> = {};
  for (const { kind, key } of PROFILE_FIELDS) {
    const problem = profileProblem(kind, draft[key], now);
    if (problem) problems[kind] = problem;
  }
  return problems;
}
