/** Turns a coded error into localized, actionable text. */
import type { TFunction } from 'i18next';
import { isErrorCode } from '../../shared/errors';
import type { UiErrorInfo } from '../transport';
import { LOCAL_ERROR_CODES } from '../transport/api';

const isLocalErrorCode = (code: string): boolean =>
  (LOCAL_ERROR_CODES as readonly string[]).includes(code);

export interface ErrorContext {
  /** Server host the failed connection went to, for "couldn't reach HOST". */
  readonly host?: string;
  readonly port?: number;
  /**
   * Shown for a saved account (its card), where settings are in Edit account: a message that
   * points to the sign-in form's "Advanced" section has its own wording there.
   */
  readonly savedAccount?: boolean;
}

export function errorText(t: TFunction, error: UiErrorInfo, context: ErrorContext = {}): string {
  const host = context.host || t('common.theServer');
  const port = context.port ?? 5222;
  if (error.code === 'stream-error') {
    const condition = error.condition ?? 'undefined-condition';
    return t(`errors.streamConditions.${condition}`, {
      defaultValue: t('errors.stream-error', { condition }),
    });
  }
  // The server's refusal says which one (RFC 6120 §8.3): a policy, a permission, a limit...
  if (error.code === 'rejected-by-server' && error.condition) {
    return t(`errors.stanzaConditions.${error.condition}`, {
      defaultValue: t('errors.rejected-by-server'),
    });
  }
  // A room's refusal says which one (XEP-0045 §7.2): banned, members only, nickname taken...
  if (error.code === 'room-refused') {
    return t(`rooms.refusal.${error.condition ?? 'other'}`, {
      defaultValue: t('rooms.refusal.other'),
    });
  }
  if (isErrorCode(error.code) || isLocalErrorCode(error.code)) {
    const plain = t(`errors.${error.code}`, { host, port });
    return context.savedAccount
      ? t(`errors.inAccount.${error.code}`, { host, port, defaultValue: plain })
      : plain;
  }
  return t('errors.unknown', { code: String(error.code) });
}
