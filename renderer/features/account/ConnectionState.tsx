/**
 * One line on an account's connection: connecting, connected, turned off, or disconnected with
 * the localized reason and a live "retrying in N s" counted down to the next automatic attempt.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSnapshot } from '../../../shared/contract';
import { errorText } from '../../i18n/errorText';

/** Whole seconds until `at`, ticking once a second while in the future. */
function useSecondsUntil(at: number | undefined): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === undefined) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [at]);
  return at === undefined ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

export function ConnectionState({ account, id }: { account: AccountSnapshot; id?: string }) {
  const { t } = useTranslation();
  const seconds = useSecondsUntil(account.status === 'offline' ? account.retryAt : undefined);
  const domain = account.jid.split('@')[1] ?? '';
  const host = account.settings.host || domain;
  const port = account.settings.port;

  let text: string = t(`connection.${account.status}`);
  if (account.status === 'offline' && account.error) {
    const reason = errorText(t, account.error, { host, ...(port ? { port } : {}) });
    text = t('connection.lost', { error: reason });
  }
  return (
    <p id={id} className={`conn-state conn-state--${account.status}`} role="status">
      <span>{text}</span>
      {seconds !== null && (
        <span className="conn-state__retry">
          {seconds > 0 ? t('connection.retryIn', { count: seconds }) : t('connection.retrying')}
        </span>
      )}
    </p>
  );
}
