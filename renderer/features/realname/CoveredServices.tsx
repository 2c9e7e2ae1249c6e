/**
 * Group services that ask for a registration, per online account, where the account owns no group
 * yet: registering there first lets the person create groups. Found the way the app finds group
 * services (discovery), each asked for its policy and the account's state; "Register…" opens
 * the registration flow on its own.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { RegistrationState } from '../../../shared/contract';
import { useAppStore, type AppState } from '../../store';
import { rowKey } from './registrationRows';

interface Covered {
  readonly accountId: string;
  readonly service: string;
  readonly state: RegistrationState;
}

/** Every (online account, covered service) with the account's state there. */
async function coveredServices(
  accountIds: readonly string[],
  roomRequest: AppState['roomRequest'],
  request: AppState['realnameRequest'],
): Promise<Covered[]> {
  const found = await Promise.all(
    accountIds.map(async (accountId) => {
      const services = await roomRequest('room.services', { accountId });
      if (!services.ok) return [];
      const covered = await Promise.all(
        services.value.map(async ({ jid }) => {
          const status = await request('realname.status', { accountId, service: jid });
          return status.ok && status.value.state !== 'not-required'
            ? [{ accountId, service: jid, state: status.value.state }]
            : [];
        }),
      );
      return covered.flat();
    }),
  );
  return found.flat();
}

interface CoveredServicesProps {
  /** Rows the owned-groups list already shows (by rowKey). */
  readonly shown: ReadonlySet<string>;
  readonly onRegister: (accountId: string, service: string) => void;
  /** Changes whenever states may have changed (a registration ended). */
  readonly generation: number;
}

export function CoveredServices({ shown, onRegister, generation }: CoveredServicesProps) {
  const { t } = useTranslation();
  const accountIds = useAppStore(
    useShallow((s) =>
      Object.values(s.accounts)
        .filter((a) => a.status === 'online')
        .map((a) => a.accountId)
        .sort(),
    ),
  );
  const roomRequest = useAppStore((s) => s.roomRequest);
  const request = useAppStore((s) => s.realnameRequest);
  const [covered, setCovered] = useState<readonly Covered[]>([]);
  const ids = accountIds.join('\n');
  useEffect(() => {
    let live = true;
    const list = ids ? ids.split('\n') : [];
    void coveredServices(list, roomRequest, request).then((found) => live && setCovered(found));
    return () => {
      live = false;
    };
  }, [ids, roomRequest, request, generation]);

  const rest = covered.filter((c) => !shown.has(rowKey(c.accountId, c.service)));
  if (rest.length === 0) return null;
  return (
    <section className="realname-bulk__account" aria-label={t('realname.bulk.coveredHeading')}>
      <h3 className="realname-bulk__heading">{t('realname.bulk.coveredHeading')}</h3>
      <ul className="realname-bulk__rows">
        {rest.map(({ accountId, service, state }) => {
          const label = t('realname.bulk.rowLabel', { account: accountId, service });
          return (
            <li key={rowKey(accountId, service)} className="realname-row" aria-label={label}>
              <span aria-hidden="true" />
              <div className="realname-row__main">
                <div className="realname-row__service">
                  <bdi>{service}</bdi>
                  <span className="realname-row__receiver">
                    <bdi>{accountId}</bdi>
                  </span>
                </div>
                <p className="realname-row__note">{t('realname.bulk.noGroupsYet')}</p>
              </div>
              <div className="realname-row__side">
                <span className={`realname-state realname-state--${state}`}>
                  {t(`realname.state.${state}`)}
                </span>
                {(state === 'missing' || state === 'rejected' || state === 'unknown') && (
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => onRegister(accountId, service)}
                    aria-label={t('realname.bulk.registerOne', { account: accountId, service })}
                  >
                    {t('realname.bulk.registerOneShort')}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
