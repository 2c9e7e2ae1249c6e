/** A failed creation as the wizard words it: what happened to the group, and what to do. */
import type { TFunction } from 'i18next';
import { errorText } from '../../../i18n/errorText';
import type { UiErrorInfo } from '../../../transport';

export function creationFailureText(t: TFunction, error: UiErrorInfo): string {
  switch (error.code) {
    case 'already-exists':
      return t('createGroup.failure.taken');
    case 'not-allowed':
      return t('createGroup.failure.notAllowed');
    case 'room-setup-failed':
      if (error.condition === 'not-removed') return t('createGroup.failure.notRemoved');
      if (error.condition === 'kind-unsupported') return t('createGroup.failure.kindUnsupported');
      return t('createGroup.failure.removed');
    default:
      // realname-required and the rest have their own text in the error catalog.
      return errorText(t, error);
  }
}
