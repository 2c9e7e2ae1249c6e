/** An account's group-chat services (with their real-name policy, if any), asked once per account. */
import { useEffect, useState } from 'react';
import type { GroupChatService } from '../../../../shared/contract';
import { useAppStore } from '../../../store';
import type { UiErrorInfo } from '../../../transport';

export interface GroupServices {
  readonly loading: boolean;
  readonly services: readonly GroupChatService[];
  readonly error: UiErrorInfo | null;
}

export function useGroupServices(accountId: string): GroupServices {
  const roomRequest = useAppStore((s) => s.roomRequest);
  const [found, setFound] = useState<(GroupServices & { accountId: string }) | null>(null);

  useEffect(() => {
    if (!accountId) return;
    let live = true;
    void roomRequest('room.services', { accountId }).then((result) => {
      if (!live) return;
      setFound({
        accountId,
        loading: false,
        services: result.ok ? result.value : [],
        error: result.ok ? null : result.error,
      });
    });
    return () => {
      live = false;
    };
  }, [accountId, roomRequest]);

  if (!accountId) return { loading: false, services: [], error: null };
  return found?.accountId === accountId ? found : { loading: true, services: [], error: null };
}
