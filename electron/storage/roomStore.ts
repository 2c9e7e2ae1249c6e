/** The rooms each account is in (see migrationRooms.ts). */
import type Database from 'better-sqlite3';
import { guarded } from './errors';
import type { RoomStore, StoredRoom } from './types';

interface Row {
  account_id: string;
  room: string;
  nick: string;
  name: string | null;
  autojoin: number;
}

const toRoom = (row: Row): StoredRoom => ({
  accountId: row.account_id,
  room: row.room,
  nick: row.nick,
  autojoin: row.autojoin === 1,
  ...(row.name !== null && { name: row.name }),
});

export function createRoomStore(db: Database.Database): RoomStore {
  const q = {
    list: db.prepare<[string], Row>('SELECT * FROM rooms WHERE account_id = ? ORDER BY room'),
    save: db.prepare<[string, string, string, string | null, number]>(
      `INSERT INTO rooms (account_id, room, nick, name, autojoin) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (account_id, room) DO UPDATE SET
         nick = excluded.nick, name = excluded.name, autojoin = excluded.autojoin`,
    ),
    remove: db.prepare<[string, string]>('DELETE FROM rooms WHERE account_id = ? AND room = ?'),
  };
  return {
    list: (accountId) => guarded('read rooms', () => q.list.all(accountId).map(toRoom)),
    save: (room) =>
      guarded('save a room', () => {
        q.save.run(room.accountId, room.room, room.nick, room.name ?? null, room.autojoin ? 1 : 0);
      }),
    remove: (accountId, room) =>
      guarded('forget a room', () => {
        q.remove.run(accountId, room);
      }),
  };
}
