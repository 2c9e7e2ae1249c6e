/**
 * Group chats as the renderer holds them: each room's snapshot (status, our nickname and role,
 * subject), its occupants (kept up to date from deltas), who is typing in it, the invitations
 * waiting for an answer, and a conversation entry per room so that a room one has just entered
 * shows in the Chats list before anyone has written in it.
 */
import type {
  RequestName,
  RequestParams,
  RequestResult,
  ChatState,
  Conversation,
  CreateRoomParams,
  RoomCreationProgress,
  JoinRoomParams,
  Occupant,
  OccupantsDelta,
  RoomInvitation,
  RoomRef,
  RoomSnapshot,
} from '../../shared/contract';
import type { UiResult } from '../transport';
import { convKey } from './chat.selectors';
import type { SliceCreator } from './types';

export interface RoomsSlice {
  readonly rooms: Readonly<Record<string, RoomSnapshot>>;
  readonly occupants: Readonly<Record<string, Readonly<Record<string, Occupant>>>>;
  /** Nicknames typing in each room, by convKey. */
  readonly roomTyping: Readonly<Record<string, readonly string[]>>;
  readonly invitations: readonly RoomInvitation[];
  /** Recent joins and leaves of each room (by convKey), newest last, a bounded few. */
  readonly roomActivity: Readonly<Record<string, readonly RoomActivity[]>>;
  roomActivityCleared(key: string): void;
  /** An empty conversation per room without messages yet, by convKey (stable objects). */
  readonly roomConversations: Readonly<Record<string, Conversation>>;
  roomsRequested(): Promise<void>;
  roomChanged(room: RoomSnapshot): void;
  roomRemoved(ref: RoomRef): void;
  occupantsChanged(delta: OccupantsDelta): void;
  roomTypingChanged(accountId: string, room: string, nick: string, state: ChatState): void;
  invitationsReplaced(invitations: readonly RoomInvitation[]): void;
  /** The step a group being created has reached (room.creation events); the wizard shows it. */
  readonly roomCreation: RoomCreationProgress | null;
  roomCreationProgressed(progress: RoomCreationProgress): void;
  /** Creates a group (the wizard); once it is open, it is opened here too. */
  roomCreateRequested(params: CreateRoomParams): Promise<UiResult<RequestResult<'room.create'>>>;
  /** The real-name policy a group service states (null: none), for the creation wizard. */
  realnamePolicyRequested(
    accountId: string,
    service: string,
  ): Promise<UiResult<RequestResult<'realname.policy'>>>;
  /** Enters a room; once in, it is opened. */
  roomJoinRequested(params: JoinRoomParams): Promise<UiResult<RoomSnapshot>>;
  roomLeaveRequested(ref: RoomRef): Promise<UiResult<null>>;
  /** Declines, or accepts and enters the room under `nick` (then opens it). */
  invitationAnswered(
    id: string,
    accept: boolean,
    nick?: string,
  ): Promise<UiResult<RoomSnapshot | null>>;
  /**
   * The room requests whose answers only a dialog needs (directory, info, moderation, forms):
   * passed through, since their results change nothing the store holds (events do that).
   */
  roomRequest<N extends RoomRequestName>(
    name: N,
    params: RequestParams<N>,
  ): Promise<UiResult<RequestResult<N>>>;
}

export interface RoomActivity {
  readonly nick: string;
  readonly what: 'joined' | 'left';
  readonly at: number;
}

/** Joins and leaves kept per room: enough to summarize, not a log. */
const ACTIVITY_KEPT = 50;

export type RoomRequestName = Extract<RequestName, `room.${string}`>;

const emptyConversation = (room: RoomSnapshot): Conversation => ({
  accountId: room.accountId,
  kind: 'room',
  peer: room.room,
  unread: 0,
});

export const createRoomsSlice: SliceCreator<RoomsSlice> = (api) => (set, get) => ({
  rooms: {},
  occupants: {},
  roomTyping: {},
  invitations: [],
  roomConversations: {},
  roomActivity: {},
  roomCreation: null,

  roomActivityCleared: (key) =>
    set((state) => {
      const roomActivity = { ...state.roomActivity };
      delete roomActivity[key];
      return { roomActivity };
    }),

  roomsRequested: async () => {
    const [rooms, invitations] = await Promise.all([
      api.request('room.list', {}),
      api.request('invitation.list', {}),
    ]);
    if (invitations.ok) set({ invitations: invitations.value });
    if (!rooms.ok) return;
    for (const room of rooms.value) get().roomChanged(room);
    await Promise.all(
      rooms.value
        .filter((room) => room.status === 'joined')
        .map(async (room) => {
          const list = await api.request('room.occupants', {
            accountId: room.accountId,
            room: room.room,
          });
          if (!list.ok) return;
          get().occupantsChanged({
            accountId: room.accountId,
            room: room.room,
            reset: true,
            upserted: list.value,
            removed: [],
            renamed: [],
            arrived: [],
          });
        }),
    );
  },

  roomChanged: (room) =>
    set((state) => {
      const key = convKey(room.accountId, room.room);
      const roomConversations = state.roomConversations[key]
        ? state.roomConversations
        : { ...state.roomConversations, [key]: emptyConversation(room) };
      return { rooms: { ...state.rooms, [key]: room }, roomConversations };
    }),

  roomRemoved: ({ accountId, room }) =>
    set((state) => {
      const key = convKey(accountId, room);
      const rooms = { ...state.rooms };
      const occupants = { ...state.occupants };
      const roomConversations = { ...state.roomConversations };
      delete rooms[key];
      delete occupants[key];
      delete roomConversations[key];
      return { rooms, occupants, roomConversations };
    }),

  occupantsChanged: (delta) =>
    set((state) => {
      const key = convKey(delta.accountId, delta.room);
      const before = state.occupants[key];
      const next: Record<string, Occupant> = delta.reset ? {} : { ...before };
      for (const nick of delta.removed) delete next[nick];
      for (const occupant of delta.upserted) next[occupant.nick] = occupant;
      // Whoever left stops typing.
      const typing = state.roomTyping[key]?.filter((nick) => next[nick] !== undefined);
      // Joins and leaves while we are in (not the list the room sends as we enter, and not a
      // nickname change, which is neither).
      const now = Date.now();
      const renamed = new Set(delta.renamed.flatMap((r) => [r.from, r.to]));
      const activity: RoomActivity[] = delta.reset
        ? []
        : [
            ...delta.removed
              .filter((nick) => !renamed.has(nick))
              .map((nick) => ({ nick, what: 'left' as const, at: now })),
            ...delta.arrived
              .filter((nick) => !renamed.has(nick))
              .map((nick) => ({ nick, what: 'joined' as const, at: now })),
          ];
      return {
        occupants: { ...state.occupants, [key]: next },
        ...(typing && { roomTyping: { ...state.roomTyping, [key]: typing } }),
        ...(activity.length > 0 && {
          roomActivity: {
            ...state.roomActivity,
            [key]: [...(state.roomActivity[key] ?? []), ...activity].slice(-ACTIVITY_KEPT),
          },
        }),
      };
    }),

  roomTypingChanged: (accountId, room, nick, chatState) =>
    set((state) => {
      const key = convKey(accountId, room);
      const before = state.roomTyping[key] ?? [];
      const typing = chatState === 'composing';
      if (typing === before.includes(nick)) return {};
      const after = typing ? [...before, nick] : before.filter((n) => n !== nick);
      return { roomTyping: { ...state.roomTyping, [key]: after } };
    }),

  invitationsReplaced: (invitations) => set({ invitations }),

  roomJoinRequested: async (params) => {
    const result = await api.request('room.join', params);
    if (result.ok) {
      get().roomChanged(result.value);
      get().conversationOpened({
        accountId: params.accountId,
        kind: 'room',
        peer: result.value.room,
      });
    }
    return result;
  },

  roomCreationProgressed: (roomCreation) => set({ roomCreation }),

  realnamePolicyRequested: (accountId, service) =>
    api.request('realname.policy', { accountId, service }),

  roomCreateRequested: async (params) => {
    set({ roomCreation: null });
    const result = await api.request('room.create', params);
    if (result.ok) {
      const { room } = result.value;
      get().roomChanged(room);
      get().conversationOpened({ accountId: params.accountId, kind: 'room', peer: room.room });
    }
    return result;
  },

  roomLeaveRequested: async (ref) => {
    const result = await api.request('room.leave', ref);
    if (result.ok) get().roomRemoved(ref);
    return result;
  },

  roomRequest: (name, params) => api.request(name, params),

  invitationAnswered: async (id, accept, nick) => {
    const invitation = get().invitations.find((i) => i.id === id);
    const result = await api.request('invitation.answer', {
      id,
      accept,
      ...(nick !== undefined && { nick }),
    });
    // Declined, or accepted and in: the main process forgot it (invitations.replaced follows).
    if (result.ok) set((state) => ({ invitations: state.invitations.filter((i) => i.id !== id) }));
    if (result.ok && result.value && invitation) {
      get().roomChanged(result.value);
      get().conversationOpened({
        accountId: invitation.accountId,
        kind: 'room',
        peer: result.value.room,
      });
    }
    return result;
  },
});
