/**
 * One line on an account's connection: connecting, connected, turned off, or disconnected with
 * the localized reason and a live "retrying in N s" counted down to the next automatic attempt.
 * The account strip keeps one as a live region per account (named by the account, without the
 * per-second countdown, which would be announced every second); the account's popover shows it
 * as plain text with the countdown.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSnapshot } from '../../../shared/contract';
import { errorText } from '../../i18n/errorText';

/** Whole seconds from `now` until `at`, never below zero. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** Whole seconds until `at`, ticking once a second while in the future. */
function useSecondsUntil(at: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return secondsUntil(at, now);
}

/**
 * "Retrying in N s". Mounted afresh for each retry time (keyed by it), so that its clock starts
 * when the time arrives: a clock kept from an earlier countdown stopped ticking when that one
 * ended (maybe minutes ago, while online) and showed a delay too long by all that time.
 */
function RetryCountdown({ at }: { readonly at: number }) {
  const { t } = useTranslation();
  const seconds = useSecondsUntil(at);
  return (
    <span className="conn-state__retry">
      {seconds > 0 ? t('connection.retryIn', { count: seconds }) : t('connection.retrying')}
    </span>
  );
}

type Translate = ReturnType<typeof useTranslation>['t'];

/**
 * The account's connection in words: its status, or why it is disconnected; and that its
 * certificate changed, until the user has seen it (CertificateChangeNotice.tsx).
 */
export function connectionText(t: Translate, account: AccountSnapshot): string {
  const text = statusText(t, account);
  return account.certificateChange ? `${text} · ${t('certificateChange.short')}` : text;
}

function statusText(t: Translate, account: AccountSnapshot): string {
  if (account.status !== 'offline' || !account.error) return t(`connection.${account.status}`);
  const domain = account.jid.split('@')[1] ?? '';
  const host = account.settings.host || domain;
  const port = account.settings.port;
  const reason = errorText(t, account.error, {
    host,
    ...(port ? { port } : {}),
    savedAccount: account.saved,
  });
  return t('connection.lost', { error: reason });
}

/**
 * Whether the account needs the user: disconnected with an error, a password or a certificate,
 * or a changed certificate not seen yet.
 */
export const needsAttention = (account: AccountSnapshot): boolean =>
  (account.error !== undefined && account.status !== 'online') ||
  account.certificateChange !== undefined;

interface ConnectionStateProps {
  readonly account: AccountSnapshot;
  readonly id?: string;
  /** A live region (role status), named `label`; without it the line is plain text. */
  readonly live?: boolean;
  readonly label?: string;
  /** Count down to the next retry (off for live regions: it would be read out every second). */
  readonly countdown?: boolean;
  readonly className?: string;
}

export function ConnectionState({
  account,
  id,
  live = false,
  label,
  countdown = true,
  className,
}: ConnectionStateProps) {
  const { t } = useTranslation();
  const retryAt = countdown && account.status === 'offline' ? account.retryAt : undefined;
  return (
    <p
      id={id}
      className={`conn-state conn-state--${account.status}${className ? ` ${className}` : ''}`}
      role={live ? 'status' : undefined}
      aria-label={live ? label : undefined}
    >
      <span>{connectionText(t, account)}</span>
      {retryAt !== undefined && <RetryCountdown key={retryAt} at={retryAt} />}
    </p>
  );
}
