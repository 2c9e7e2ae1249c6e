/**
 * An account's settings as the requests give them: a sign-in's, or an update's laid over the saved
 * ones (an absent field keeps its value, an empty one clears it).
 */
import type {
  AccountSettings,
  OwnPresence,
  SignInParams,
  UpdateAccountParams,
} from '../../shared/contract';

/** The presence of an account that has never set one. */
export const DEFAULT_PRESENCE: OwnPresence = { show: 'available' };

export function settingsFrom(
  params: SignInParams | UpdateAccountParams,
  base?: AccountSettings,
): AccountSettings {
  const settings: AccountSettings = {
    tls: params.tls ?? base?.tls ?? 'starttls',
    proxy: params.proxy ?? base?.proxy ?? { type: 'none' },
  };
  const host = 'host' in params ? params.host?.trim() : base?.host;
  const port = 'port' in params ? params.port : base?.port;
  const label = 'label' in params ? params.label?.trim() : base?.label;
  const strictPinning = params.strictPinning ?? base?.strictPinning;
  return {
    ...settings,
    ...(host ? { host } : {}),
    ...(port ? { port } : {}),
    ...(label ? { label } : {}),
    ...(strictPinning !== undefined ? { strictPinning } : {}),
  };
}

/** The same account signing in to the same server (host, port, security mode). */
export const trustKey = (accountId: string, settings: AccountSettings): string =>
  `${accountId}\n${settings.host?.trim() ?? ''}\n${settings.port ?? ''}\n${settings.tls}`;
