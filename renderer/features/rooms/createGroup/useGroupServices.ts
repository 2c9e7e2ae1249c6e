/**
 * An account's group-chat services, each with the real-name policy it states (realname.policy,
 * the registration client's one parser), asked once per account. A policy that cannot be asked
 * is shown as none here: the server still enforces it, and the creation then says so.
 */
import { useEffect, useState } from 'react';
import type { GroupChatService } from '../../../../shared/contract';
import type { RealnamePolicy } from '../../../../shared/realnamePolicy';
import { useAppStore } from '../../../store';
import type { UiErrorInfo } from '../../../transport';

export interface GroupService {
  readonly service: GroupChatService;
  readonly policy: RealnamePolicy | undefined;
}

export interface GroupServices {
  readonly loading: boolean;
  readonly services: readonly GroupService[];
  readonly error: UiErrorInfo | null;
}

export function useGroupServices(accountId: string): GroupServices {
  const roomRequest = useAppStore((s) => s.roomRequest);
  const policyOf = useAppStore((s) => s.realnamePolicyRequested);
  const [found, setFound] = useState<(GroupServices & { accountId: string }) | null>(null);

  useEffect(() => {
    if (!accountId) return;
    let live = true;
    void (async () => {
      const result = await roomRequest('room.services', { accountId });
      const services = result.ok ? result.value : [];
      const withPolicy = await Promise.all(
        services.map(async (service) => {
          const answer = await policyOf(accountId, service.jid);
          return { service, policy: (answer.ok && answer.value.policy) || undefined };
        }),
      );
      if (!live) return;
      setFound({
        accountId,
        loading: false,
        services: withPolicy,
        error: result.ok ? null : result.error,
      });
    })();
    return () => {
      live = false;
    };
  }, [accountId, roomRequest, policyOf]);

  if (!accountId) return { loading: false, services: [], error: null };
  return found?.accountId === accountId ? found : { loading: true, services: [], error: null };
}
