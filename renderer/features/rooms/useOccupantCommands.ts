/**
 * Carries out an occupant menu's choice: a private message opens the conversation through the
 * room; kick and ban ask for a reason first (a dialog); voice, moderator and affiliations go at
 * once, and a refusal shows as the action error.
 */
import { useCallback } from 'react';
import type { Occupant } from '../../../shared/contract';
import { useAppStoreApi } from '../../store';
import type { OccupantAction } from './roomActions';

export function useOccupantCommands(accountId: string, roomJid: string) {
  const store = useAppStoreApi();
  return useCallback(
    (occupant: Occupant, action: OccupantAction) => {
      // Read when chosen, not subscribed: a room of thousands has a row each, and a subscription
      // per row is run again on every change of the store.
      const { conversationOpened, dialogOpened, roomRequest, actionFailed } = store.getState();
      const ref = { accountId, room: roomJid };
      if (action.id === 'privateMessage') {
        conversationOpened({ accountId, kind: 'occupant', peer: `${roomJid}/${occupant.nick}` });
        return;
      }
      if (action.id === 'kick' || action.id === 'ban') {
        dialogOpened({ kind: 'occupantModerate', ...ref, nick: occupant.nick, action: action.id });
        return;
      }
      void (async () => {
        const result =
          action.role !== undefined
            ? await roomRequest('room.setRole', { ...ref, nick: occupant.nick, role: action.role })
            : occupant.realJid !== undefined && action.affiliation !== undefined
              ? await roomRequest('room.setAffiliation', {
                  ...ref,
                  jid: occupant.realJid,
                  affiliation: action.affiliation,
                })
              : undefined;
        if (result && !result.ok) actionFailed(result.error);
      })();
    },
    [accountId, roomJid, store],
  );
}
