/**
 * The group-creation wizard's model, pure: what the user has chosen so far (the draft), which
 * steps there are (a registration step only where the chosen service's policy asks for one),
 * and when each step lets the user go on. The components only draw it.
 */
import type { GroupChatService, GroupKind } from '../../../../shared/contract';
import type { RealnamePolicy } from '../../../../shared/realnamePolicy';

export type StepId = 'where' | 'details' | 'registration' | 'review';

export interface Draft {
  readonly accountId: string;
  readonly service: GroupChatService | undefined;
  /** The chosen service's real-name policy (realname.policy), when it states one. */
  readonly policy: RealnamePolicy | undefined;
  readonly name: string;
  /** The address's local part as shown (the suggestion until the user edits it). */
  readonly local: string;
  /** The user typed the address: it no longer follows the name. */
  readonly localEdited: boolean;
  readonly description: string;
  readonly kind: GroupKind;
}

export const emptyDraft = (accountId: string): Draft => ({
  accountId,
  service: undefined,
  policy: undefined,
  name: '',
  local: '',
  localEdited: false,
  description: '',
  kind: 'members-only',
});

/**
 * The steps for this draft. The registration slot sits between the details and the creation:
 * a service under a real-name policy gets it (RealNameStep), any other none at all.
 */
export function stepsFor(draft: Pick<Draft, 'policy'>): readonly StepId[] {
  return registrationNeededToCreate(draft.policy)
    ? ['where', 'details', 'registration', 'review']
    : ['where', 'details', 'review'];
}

/** Whether creating a group under this policy needs a registration first. */
export function registrationNeededToCreate(policy: RealnamePolicy | null | undefined): boolean {
  return !!policy && policy.requiredFor.includes('room-creation');
}

export type Availability =
  | { readonly state: 'idle' | 'checking' }
  | { readonly state: 'free' | 'taken'; readonly room: string }
  | { readonly state: 'invalid'; readonly problem: string }
  | { readonly state: 'failed'; readonly error: string };

/** Whether the user may leave `step` forward. */
export function canContinue(
  step: StepId,
  draft: Draft,
  availability: Availability,
  registrationReady: boolean,
): boolean {
  switch (step) {
    case 'where':
      return draft.accountId !== '' && draft.service !== undefined;
    case 'details':
      return draft.name.trim() !== '' && availability.state === 'free';
    case 'registration':
      return registrationReady;
    case 'review':
      return true;
  }
}
