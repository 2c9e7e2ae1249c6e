/**
 * A registration failure in words: the realname catalog's text where it says more than the
 * general one (a timeout or refusal of the registration service names that service), else the
 * general error text.
 */
import type { TFunction } from 'i18next';
import { errorText } from '../../i18n/errorText';
import type { UiErrorInfo } from '../../transport';

const OWN_TEXT: ReadonlySet<string> = new Set([
  'timeout',
  'rejected-by-server',
  'not-allowed',
  'not-found',
  'not-signed-in',
]);

export function registrationErrorText(t: TFunction, error: UiErrorInfo, service: string) {
  if (OWN_TEXT.has(error.code)) return t(`realname.errors.${error.code}`, { service });
  return errorText(t, error, { host: service });
}
