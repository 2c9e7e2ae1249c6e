/**
 * The rooms slice through createAppStore on a fake transport: snapshots with their empty
 * conversation, occupants kept from deltas (reset, removals, renames, joins and leaves), who is
 * typing, leaving and invitations; unknown rooms and failed requests leave state consistent.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  Occupant,
  OccupantsDelta,
  RoomInvitation,
  RoomSnapshot,
} from '../../../shared/contract';
import { createAppStore } from '../../../renderer/store';
import { convKey } from '../../../renderer/store/chat.selectors';
import { fail, fakeApi } from './fakeApi';

const A = 'alice@example.org';
const ROOM = 'tea@muc.example.org';
const KEY = convKey(A, ROOM);
const snapshot = (status = 'joined', room = ROOM) =>
  ({ accountId: A, room, status, nick: 'alice' }) as unknown as RoomSnapshot;
const occupant = (nick: string) => ({ nick, role: 'participant' }) as unknown as Occupant;
const delta = (patch: Partial<OccupantsDelta>): OccupantsDelta => ({
  accountId: A,
  room: ROOM,
  reset: false,
  upserted: [],
  removed: [],
  renamed: [],
  arrived: [],
  ...patch,
});

afterEach(() => vi.useRealTimers());

describe('rooms slice', () => {
  it('keeps a snapshot per room with one stable empty conversation', () => {
    const store = createAppStore(fakeApi());
    store.getState().roomChanged(snapshot('joining'));
    const conversation = store.getState().roomConversations[KEY];
    expect(conversation).toEqual({ accountId: A, kind: 'room', peer: ROOM, unread: 0 });
    store.getState().roomChanged(snapshot('joined'));
    expect(store.getState().rooms[KEY]?.status).toBe('joined');
    expect(store.getState().roomConversations[KEY]).toBe(conversation);
  });

  it('removal forgets the room, its occupants and its conversation; an unknown one is harmless', () => {
    const store = createAppStore(fakeApi());
    store.getState().roomChanged(snapshot());
    store.getState().roomChanged(snapshot('joined', 'other@muc.example.org'));
    store.getState().occupantsChanged(delta({ reset: true, upserted: [occupant('bob')] }));
    store.getState().roomRemoved({ accountId: A, room: 'nowhere@muc.example.org' });
    expect(Object.keys(store.getState().rooms)).toHaveLength(2);
    store.getState().roomRemoved({ accountId: A, room: ROOM });
    const state = store.getState();
    expect(state.rooms[KEY]).toBeUndefined();
    expect(state.occupants[KEY]).toBeUndefined();
    expect(state.roomConversations[KEY]).toBeUndefined();
    expect(Object.keys(state.rooms)).toEqual([convKey(A, 'other@muc.example.org')]);
  });

  it('applies occupant deltas and records joins and leaves, not renames or the initial list', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1000);
    const store = createAppStore(fakeApi());
    const s = () => store.getState();
    s().occupantsChanged(
      delta({ reset: true, upserted: [occupant('bob'), occupant('carol')], arrived: ['bob'] }),
    );
    expect(Object.keys(s().occupants[KEY]!)).toEqual(['bob', 'carol']);
    expect(s().roomActivity[KEY]).toBeUndefined();
    s().roomTypingChanged(A, ROOM, 'carol', 'composing');
    s().occupantsChanged(
      delta({ upserted: [occupant('dave')], arrived: ['dave'], removed: ['carol'] }),
    );
    expect(Object.keys(s().occupants[KEY]!).sort()).toEqual(['bob', 'dave']);
    // Whoever left stops typing.
    expect(s().roomTyping[KEY]).toEqual([]);
    s().occupantsChanged(
      delta({
        upserted: [occupant('robert')],
        removed: ['bob'],
        renamed: [{ from: 'bob', to: 'robert' }] as never,
        arrived: ['robert'],
      }),
    );
    expect(Object.keys(s().occupants[KEY]!).sort()).toEqual(['dave', 'robert']);
    expect(s().roomActivity[KEY]).toEqual([
      { nick: 'carol', what: 'left', at: 1000 },
      { nick: 'dave', what: 'joined', at: 1000 },
    ]);
    s().roomActivityCleared(KEY);
    expect(s().roomActivity[KEY]).toBeUndefined();
  });

  it('keeps only a bounded few joins and leaves', () => {
    const store = createAppStore(fakeApi());
    for (let n = 0; n < 80; n += 1) {
      store
        .getState()
        .occupantsChanged(delta({ upserted: [occupant(`n${n}`)], arrived: [`n${n}`] }));
    }
    const activity = store.getState().roomActivity[KEY]!;
    expect(activity).toHaveLength(50);
    expect(activity.at(-1)?.nick).toBe('n79');
  });

  it('tracks who is typing, once each, and changes nothing when nothing changed', () => {
    const store = createAppStore(fakeApi());
    const s = () => store.getState();
    s().roomTypingChanged(A, ROOM, 'bob', 'composing');
    s().roomTypingChanged(A, ROOM, 'bob', 'composing');
    s().roomTypingChanged(A, ROOM, 'carol', 'composing');
    expect(s().roomTyping[KEY]).toEqual(['bob', 'carol']);
    const before = s().roomTyping;
    s().roomTypingChanged(A, ROOM, 'zed', 'paused');
    expect(s().roomTyping).toBe(before);
    s().roomTypingChanged(A, ROOM, 'bob', 'paused');
    expect(s().roomTyping[KEY]).toEqual(['carol']);
  });

  it('joining opens the room; a failed join opens nothing', async () => {
    const api = fakeApi();
    api.answer('room.join', () => fail('not-connected'));
    const store = createAppStore(api);
    const params = { accountId: A, room: ROOM, nick: 'alice' } as never;
    expect((await store.getState().roomJoinRequested(params)).ok).toBe(false);
    expect(store.getState().rooms).toEqual({});
    expect(store.getState().selected).toBeNull();
    api.answer('room.join', () => ({ ok: true, value: snapshot() }));
    await store.getState().roomJoinRequested(params);
    expect(store.getState().rooms[KEY]).toBeDefined();
    expect(store.getState().selected).toEqual({ accountId: A, kind: 'room', peer: ROOM });
  });

  it('leaving forgets the room only when the leave succeeded', async () => {
    const api = fakeApi();
    api.answer('room.leave', () => fail('not-connected'));
    const store = createAppStore(api);
    store.getState().roomChanged(snapshot());
    await store.getState().roomLeaveRequested({ accountId: A, room: ROOM });
    expect(store.getState().rooms[KEY]).toBeDefined();
    api.answer('room.leave', () => ({ ok: true, value: null }));
    await store.getState().roomLeaveRequested({ accountId: A, room: ROOM });
    expect(store.getState().rooms[KEY]).toBeUndefined();
  });

  it('loads rooms, invitations and the occupants of joined rooms', async () => {
    const api = fakeApi();
    const invitation = { id: 'i1', accountId: A, room: ROOM } as unknown as RoomInvitation;
    api.answer('room.list', () => ({
      ok: true,
      value: [snapshot(), snapshot('left', 'old@muc.example.org')],
    }));
    api.answer('invitation.list', () => ({ ok: true, value: [invitation] }));
    api.answer('room.occupants', () => ({ ok: true, value: [occupant('bob')] }));
    const store = createAppStore(api);
    await store.getState().roomsRequested();
    const state = store.getState();
    expect(Object.keys(state.rooms)).toHaveLength(2);
    expect(state.invitations).toEqual([invitation]);
    expect(Object.keys(state.occupants[KEY]!)).toEqual(['bob']);
    // Only the joined room's occupants were asked for.
    expect(api.requests.filter((r) => r.name === 'room.occupants')).toHaveLength(1);
  });

  it('a failed room list keeps what the store had', async () => {
    const api = fakeApi();
    const store = createAppStore(api);
    store.getState().roomChanged(snapshot());
    await store.getState().roomsRequested();
    expect(store.getState().rooms[KEY]).toBeDefined();
    expect(store.getState().invitations).toEqual([]);
  });

  it('answering an invitation drops it; accepting opens the room; a failure keeps it', async () => {
    const api = fakeApi();
    const invitation = { id: 'i1', accountId: A, room: ROOM } as unknown as RoomInvitation;
    const store = createAppStore(api);
    store.getState().invitationsReplaced([invitation]);
    api.answer('invitation.answer', () => fail('not-connected'));
    await store.getState().invitationAnswered('i1', true, 'alice');
    expect(store.getState().invitations).toEqual([invitation]);
    api.answer('invitation.answer', () => ({ ok: true, value: snapshot() }));
    await store.getState().invitationAnswered('i1', true, 'alice');
    const answers = api.requests.filter((r) => r.name === 'invitation.answer');
    expect(answers.at(-1)?.params).toEqual({ id: 'i1', accept: true, nick: 'alice' });
    expect(store.getState().invitations).toEqual([]);
    expect(store.getState().selected).toEqual({ accountId: A, kind: 'room', peer: ROOM });
  });

  it('creating a group clears the previous progress and opens the new room', async () => {
    const api = fakeApi();
    api.answer('room.create', () => ({ ok: true, value: { room: snapshot() } as never }));
    const store = createAppStore(api);
    store.getState().roomCreationProgressed({ step: 'old' } as never);
    await store.getState().roomCreateRequested({ accountId: A } as never);
    expect(store.getState().roomCreation).toBeNull();
    expect(store.getState().selected).toEqual({ accountId: A, kind: 'room', peer: ROOM });
  });
});
