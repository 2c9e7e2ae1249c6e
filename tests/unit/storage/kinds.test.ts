/** Conversations of every kind in the store: rooms, occupants, senders, per-archive ids. */
import { describe, expect, it } from 'vitest';
import { isStorageError } from '../../../electron/storage';
import type { NewMessage } from '../../../electron/storage/types';
import { A, B, msg, tempStorage } from './helpers';

const ROOM = 'tea@conference.example.org';
/** An occupant JID: the nickname keeps its case, spaces, CJK and punctuation. */
const OCCUPANT = `${ROOM}/Lǎo Wáng 老王 (away) "x"`;

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const roomMessage = (extra: Partial<NewMessage> = {}) =>
  msg({
    kind: 'room',
    peer: ROOM,
    sender: { jid: `${ROOM}/wang`, nick: 'wang', realJid: 'wang@example.net' },
    ...extra,
  });

describe('message store: conversation kinds and senders', () => {
  it('stores room and occupant messages with their senders, and lists them by kind', () => {
    const { messages } = tempStorage();
    const inRoom = roomMessage({ body: '大家好', sentAt: 1000 });
    const ours = msg({ kind: 'room', peer: ROOM, direction: 'out', state: 'sent', sentAt: 2000 });
    const nickOnly = roomMessage({ sender: { nick: 'li' }, sentAt: 1500 });
    const privately = msg({
      kind: 'occupant',
      peer: OCCUPANT,
      sender: { jid: OCCUPANT, nick: 'Lǎo Wáng 老王 (away) "x"' },
      sentAt: 3000,
    });
    const chat = msg({ sentAt: 500 });
    for (const m of [inRoom, ours, nickOnly, privately, chat]) messages.insert(m);

    expect(messages.get(inRoom.id)).toEqual({
      id: inRoom.id,
      accountId: A,
      kind: 'room',
      peer: ROOM,
      sender: { jid: `${ROOM}/wang`, nick: 'wang', realJid: 'wang@example.net' },
      direction: 'in',
      body: '大家好',
      sentAt: 1000,
      state: 'received',
      via: 'live',
      private: false,
    });
    // Only the sender fields that are known; none at all for ours or a one-to-one message.
    expect(messages.get(nickOnly.id)?.sender).toEqual({ nick: 'li' });
    expect(messages.get(ours.id)).not.toHaveProperty('sender');
    expect(messages.get(chat.id)).not.toHaveProperty('sender');
    expect(messages.get(privately.id)).toMatchObject({ kind: 'occupant', peer: OCCUPANT });

    expect(
      messages.conversations().map((c) => [c.kind, c.peer, c.unread, c.lastMessage?.id]),
    ).toEqual([
      ['occupant', OCCUPANT, 1, privately.id],
      ['room', ROOM, 2, ours.id],
      ['chat', B, 1, chat.id],
    ]);
    expect(messages.conversation(A, ROOM).kind).toBe('room');
    expect(messages.page(A, OCCUPANT, { limit: 10 }).messages.map((m) => m.id)).toEqual([
      privately.id,
    ]);
    expect(messages.markRead(A, ROOM)).toBe(2);
    expect(messages.conversation(A, OCCUPANT).unread).toBe(1);
  });

  it('names the kind of a conversation that has no message yet by its peer', () => {
    const { messages } = tempStorage();
    expect(messages.conversation(A, OCCUPANT)).toEqual({
      accountId: A,
      kind: 'occupant',
      peer: OCCUPANT,
      unread: 0,
    });
    expect(messages.conversation(A, 'new@example.org').kind).toBe('chat');
  });

  it('gives a conversation the kind of its newest message', () => {
    const { messages } = tempStorage();
    // A room's address first seen as a one-to-one peer (say, an invitation sent by the room).
    messages.insert(msg({ peer: ROOM, sentAt: 1000 }));
    expect(messages.conversation(A, ROOM).kind).toBe('chat');
    messages.insert(roomMessage({ sentAt: 2000 }));
    expect(messages.conversation(A, ROOM).kind).toBe('room');
    // An older one filled in from the archive does not change it back.
    messages.insert(msg({ peer: ROOM, sentAt: 10, via: 'archive' }));
    expect(messages.conversation(A, ROOM).kind).toBe('room');
  });

  it('refuses a message of an unknown kind or with half an archive id, storing nothing', () => {
    const { messages } = tempStorage();
    const bad = [
      msg({ kind: 'group' as never }),
      msg({ stanzaId: 's1', archive: undefined as never, id: 'half-1' }),
      { ...msg(), archive: A },
      msg({ stanzaId: '', archive: A }),
      msg({ sender: { nick: 5 as never } }),
      msg({ sentAt: Number.NaN }),
    ];
    for (const m of bad) {
      const error = thrown(() => messages.insert(m));
      expect(isStorageError(error) && error.code).toBe('invalid-params');
    }
    // A batch with one bad message stores none of it.
    const good = msg();
    expect(isStorageError(thrown(() => messages.insertMany([good, bad[0]!])))).toBe(true);
    expect(messages.get(good.id)).toBeUndefined();
    expect(messages.conversations()).toEqual([]);
  });
});

describe('message store: stanza-ids per archive', () => {
  it('treats the same stanza-id in two archives as two messages', () => {
    const { messages } = tempStorage();
    const own = messages.insert(msg({ stanzaId: 'same', archive: A }));
    const room = messages.insert(roomMessage({ stanzaId: 'same', archive: ROOM }));
    expect(own.inserted).toBe(true);
    expect(room.inserted).toBe(true);
    // Within one archive it is the same message, whatever else differs.
    const again = messages.insert(roomMessage({ stanzaId: 'same', archive: ROOM, body: 'x' }));
    expect(again).toEqual({ message: room.message, inserted: false });
    expect(messages.hasStanzaId(A, ROOM, 'same')).toBe(true);
    expect(messages.hasStanzaId(A, 'other@conference.example.org', 'same')).toBe(false);
    expect(messages.hasStanzaId('someone@else.org', A, 'same')).toBe(false);
  });

  it('learns the archive id of our own message, once', () => {
    const { messages } = tempStorage();
    const sent = msg({ direction: 'out', state: 'sent' });
    messages.insert({ ...sent, originId: sent.id });
    expect(messages.update(sent.id, { stanzaId: 'ours', archive: A })?.id).toBe(sent.id);
    expect(messages.hasStanzaId(A, A, 'ours')).toBe(true);
    expect(messages.newestStanzaId(A, A)).toBe('ours');
    // The archive's copy is now recognised by its id alone.
    const copy = messages.insert(msg({ direction: 'out', stanzaId: 'ours', archive: A }));
    expect(copy).toMatchObject({ inserted: false, message: { id: sent.id } });

    // Half a patch, or an id another message holds, is refused and changes nothing.
    const other = msg({ stanzaId: 'theirs', archive: A });
    messages.insert(other);
    for (const patch of [{ stanzaId: 'x' }, { archive: A }, { stanzaId: 'theirs', archive: A }]) {
      const error = thrown(() => messages.update(sent.id, { state: 'delivered', ...patch }));
      expect(isStorageError(error) && error.code).toBe('invalid-params');
    }
    expect(messages.get(sent.id)?.state).toBe('sent');
    expect(messages.hasStanzaId(A, A, 'ours')).toBe(true);
    // Setting the same id again is fine.
    expect(messages.update(sent.id, { stanzaId: 'ours', archive: A, state: 'delivered' })).toEqual(
      expect.objectContaining({ state: 'delivered' }),
    );
  });
});
