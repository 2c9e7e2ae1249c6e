/**
 * Whether the address typed for a new group is free, checked as the user types: at once for what
 * can be told locally (shared/groupAddress), by asking the service once typing pauses. Answers
 * to an address no longer shown are dropped.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localPartProblem, normalizeLocalPart } from '../../../../shared/groupAddress';
import { errorText } from '../../../i18n/errorText';
import { useAppStore } from '../../../store';
import type { Availability } from './wizardModel';

/** Pause in typing before the service is asked. */
export const CHECK_DELAY_MS = 350;

export function useAddressCheck(accountId: string, service: string, local: string): Availability {
  const { t } = useTranslation();
  const roomRequest = useAppStore((s) => s.roomRequest);
  const normalized = normalizeLocalPart(local);
  const problem = localPartProblem(normalized);
  const key = `${accountId}\n${service}\n${normalized}`;
  const [answer, setAnswer] = useState<{ key: string; availability: Availability } | null>(null);

  useEffect(() => {
    if (problem !== undefined || !accountId || !service) return;
    let live = true;
    const timer = setTimeout(() => {
      void roomRequest('room.checkAddress', { accountId, service, local: normalized }).then(
        (result) => {
          if (!live) return;
          const availability: Availability = !result.ok
            ? { state: 'failed', error: errorText(t, result.error) }
            : result.value.availability === 'invalid'
              ? { state: 'invalid', problem: 'characters' }
              : { state: result.value.availability, room: result.value.room };
          setAnswer({ key, availability });
        },
      );
    }, CHECK_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [accountId, service, normalized, problem, key, roomRequest, t]);

  if (problem !== undefined) {
    return normalized === '' ? { state: 'idle' } : { state: 'invalid', problem };
  }
  return answer?.key === key ? answer.availability : { state: 'checking' };
}
