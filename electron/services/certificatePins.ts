/**
 * What a session does with the certificate of a connection that was accepted: pin the first one
 * of a strict account (trust on first use), and when a public CA's word replaced a pin (strict
 * pinning off), move the pin and keep the change for the user to see. A certificate the user
 * trusted explicitly is pinned by the sign-in (accountSignIn.ts), with nothing to tell.
 */
import { strictPinning, type AccountSnapshot } from '../../shared/contract';
import { normalizeFingerprint } from '../net/tlsVerify';
import { createLogger } from '../log';
import type { PinStore } from './pinStore';

const log = createLogger('pins');

export interface PinContext {
  readonly accountId: string;
  readonly snapshot: AccountSnapshot;
  /** The fingerprint the user trusted for this attempt, pinned by the sign-in. */
  readonly trustedFingerprint: string | undefined;
}

/**
 * Records what the connection's certificate means for the pin; returns the change to show, if any.
 * Pin writes that fail are logged and retried at the next connection: the connection stands.
 */
export async function notePin(
  pins: PinStore,
  session: PinContext,
  now: number,
): Promise<AccountSnapshot['certificateChange']> {
  const fingerprint = session.snapshot.security?.fingerprint;
  if (!fingerprint || session.trustedFingerprint) return pins.change(session.accountId);
  const pin = pins.get(session.accountId);
  try {
    if (pin && normalizeFingerprint(pin) !== normalizeFingerprint(fingerprint)) {
      await pins.replace(session.accountId, fingerprint, now);
    } else if (!pin && strictPinning(session.snapshot.settings) && session.snapshot.saved) {
      await pins.set(session.accountId, fingerprint);
    }
  } catch (error) {
    log.warn('could not save the pin', error);
  }
  return pins.change(session.accountId);
}
