/**
 * The group-creation wizard's model, pure: what the user has chosen so far (the draft), which
 * steps there are (a registration step only where the chosen service's policy asks for one),
 * and when each step lets the user go on. The components only draw it.
 */
import type { GroupChatService, GroupKind } from '../../../../shared/contract';
import { registrationNeededToCreate } from '../../../../shared/realnamePolicy';

export type StepId = 'where' | 'details' | 'registration' | 'review';

export interface Draft {
  readonly accountId: string;
  readonly service: GroupChatService | undefined;
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
export function stepsFor(draft: Pick<Draft, 'service'>): readonly StepId[] {
  return registrationNeededToCreate(draft.service?.policy)
    ? ['where', 'details', 'registration', 'review']
    : ['where', 'details', 'review'];
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
