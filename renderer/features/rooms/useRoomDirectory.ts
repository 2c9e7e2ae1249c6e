/**
 * The group-chat services of an account and the public rooms of the chosen one, with what each
 * listed room says of itself (name, description, occupants), asked a few at a time so that a
 * service listing hundreds of rooms does not send hundreds of requests at once. Each answer is
 * kept with what it answers (account, service), so a stale one is never shown for another.
 */
import { useEffect, useState } from 'react';
import type { GroupChatService, RoomInfo, RoomListing } from '../../../shared/contract';
import { useAppStore } from '../../store';
import type { UiErrorInfo } from '../../transport';

/** Rooms described at most (the first of the list); the filter still searches every name. */
const DESCRIBED = 60;
const AT_ONCE = 4;

export interface RoomDirectory {
  readonly services: readonly GroupChatService[];
  readonly service: GroupChatService | undefined;
  readonly loadingServices: boolean;
  readonly error: UiErrorInfo | null;
  readonly rooms: readonly RoomListing[];
  readonly loadingRooms: boolean;
  readonly info: Readonly<Record<string, RoomInfo>>;
  choose(jid: string): void;
}

interface Services {
  readonly accountId: string;
  readonly services: readonly GroupChatService[];
  readonly error: UiErrorInfo | null;
}

interface Listing {
  readonly key: string;
  readonly rooms: readonly RoomListing[];
  readonly info: Readonly<Record<string, RoomInfo>>;
}

export function useRoomDirectory(accountId: string): RoomDirectory {
  const roomRequest = useAppStore((s) => s.roomRequest);
  const [found, setFound] = useState<Services | null>(null);
  const [picked, setPicked] = useState<{ accountId: string; jid: string } | null>(null);
  const [listing, setListing] = useState<Listing | null>(null);

  useEffect(() => {
    if (!accountId) return;
    let live = true;
    void roomRequest('room.services', { accountId }).then((result) => {
      if (!live) return;
      setFound({
        accountId,
        services: result.ok ? result.value : [],
        error: result.ok ? null : result.error,
      });
    });
    return () => {
      live = false;
    };
  }, [accountId, roomRequest]);

  const services = found?.accountId === accountId ? found.services : [];
  const chosen = picked?.accountId === accountId ? picked.jid : (services[0]?.jid ?? null);
  const key = `${accountId}\n${chosen ?? ''}`;

  useEffect(() => {
    if (!accountId || !chosen) return;
    let live = true;
    void (async () => {
      const listed = await roomRequest('room.directory', { accountId, service: chosen });
      if (!live) return;
      const rooms = listed.ok ? listed.value : [];
      setListing({ key, rooms, info: {} });
      const queue = rooms.slice(0, DESCRIBED).map((room) => room.jid);
      const worker = async () => {
        for (let room = queue.shift(); room && live; room = queue.shift()) {
          const jid = room;
          const about = await roomRequest('room.info', { accountId, room: jid });
          if (!live || !about.ok) continue;
          setListing((before) =>
            before?.key === key
              ? { ...before, info: { ...before.info, [jid]: about.value } }
              : before,
          );
        }
      };
      await Promise.all(Array.from({ length: AT_ONCE }, worker));
    })();
    return () => {
      live = false;
    };
  }, [accountId, chosen, key, roomRequest]);

  const current = listing?.key === key ? listing : null;
  return {
    services,
    service: services.find((s) => s.jid === chosen),
    loadingServices: found?.accountId !== accountId,
    error: found?.accountId === accountId ? found.error : null,
    rooms: current?.rooms ?? [],
    loadingRooms: chosen !== null && current === null,
    info: current?.info ?? {},
    choose: (jid) => setPicked({ accountId, jid }),
  };
}
