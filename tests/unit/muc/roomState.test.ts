import { describe, expect, it } from 'vitest';
import { MAX_OCCUPANTS, RoomState } from '../../../electron/muc/roomState';
import type { OccupantPresence } from '../../../electron/muc/presence';

const ROOM = 'tea@conference.example.org';

const presence = (nick: string, extra: Partial<OccupantPresence> = {}): OccupantPresence => ({
  kind: 'occupant',
  room: ROOM,
  nick,
  available: true,
  role: 'participant',
  affiliation: 'none',
  codes: [],
  self: false,
  ...extra,
});

function entered(nick = 'me'): RoomState {
  const state = new RoomState('me@example.org', ROOM, nick, true);
  state.entering(nick);
  return state;
}

describe('a room as an account sees it', () => {
  it('lists the occupants, then joins on our own presence, rewritten nickname included', () => {
    const state = entered('Me');
    expect(state.apply(presence('Ann', { affiliation: 'owner', role: 'moderator' }))).toEqual({
      kind: 'changed',
    });
    const outcome = state.apply(
      presence('Me (2)', { self: true, codes: [110, 210, 201], affiliation: 'member' }),
    );
    expect(outcome).toEqual({ kind: 'joined', created: true });
    expect(state.snapshot()).toMatchObject({
      status: 'joined',
      nick: 'Me (2)',
      nickRewritten: true,
      affiliation: 'member',
      occupants: 2,
    });
    const delta = state.takeDelta()!;
    expect(delta.reset).toBe(true);
    expect(delta.upserted.map((o) => [o.nick, o.self])).toEqual([
      ['Ann', false],
      ['Me (2)', true],
    ]);
    expect(state.takeDelta()).toBeUndefined();
  });

  it('follows nickname changes and departures in deltas', () => {
    const state = entered();
    state.apply(presence('me', { self: true, codes: [110] }));
    state.apply(presence('Ann'));
    state.takeDelta();
    state.apply(presence('Ann', { available: false, codes: [303], newNick: 'Anna' }));
    state.apply(presence('Anna'));
    state.apply(presence('Nobody', { available: false }));
    expect(state.takeDelta()).toMatchObject({
      reset: false,
      removed: ['Ann'],
      upserted: [{ nick: 'Anna' }],
      renamed: [{ from: 'Ann', to: 'Anna' }],
    });
  });

  it('says why we were put out, and not when we left ourselves', () => {
    const kicked = entered();
    kicked.apply(presence('me', { self: true, codes: [110] }));
    expect(
      kicked.apply(presence('me', { self: true, available: false, codes: [110, 307] })),
    ).toEqual({ kind: 'left', refusal: 'kicked' });
    expect(kicked.snapshot()).toMatchObject({ status: 'failed', refusal: 'kicked', occupants: 0 });

    const destroyed = entered();
    destroyed.apply(presence('me', { self: true, codes: [110] }));
    destroyed.apply(
      presence('me', {
        self: true,
        available: false,
        codes: [110],
        destroyed: { reason: 'Moved' },
      }),
    );
    expect(destroyed.snapshot()).toMatchObject({ refusal: 'destroyed', refusalText: 'Moved' });

    const left = entered();
    left.apply(presence('me', { self: true, codes: [110] }));
    left.leaving = true;
    expect(left.apply(presence('me', { self: true, available: false, codes: [110, 307] }))).toEqual(
      { kind: 'left' },
    );
    expect(left.snapshot().refusal).toBeUndefined();
  });

  it('keeps no more than its limit of occupants', () => {
    const state = entered();
    for (let i = 0; i < MAX_OCCUPANTS + 10; i += 1) state.apply(presence(`n${i}`));
    expect(state.occupants.size).toBe(MAX_OCCUPANTS);
  });
});
