// The chat requests with a conversation kind (issue 6 point 4): peers in normal form per kind,
// coded errors for malformed ones and for rooms (issue 7), and the preferences requests.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES } from '../../../shared/schemas/chat';
import { createChatHarness, OWN, settle, type ChatHarness } from './chatHarness';

const OCCUPANT = 'room@muc.localhost/Nick';
const NS_MUC_USER = 'http://jabber.org/protocol/muc#user';

let h: ChatHarness;
beforeEach(() => {
  h = createChatHarness();
});
afterEach(() => h.close());

const errorOf = (result: { ok: boolean; error?: { code: string } }) =>
  result.ok ? 'ok' : result.error?.code;

describe('requests by kind', () => {
  it('refuse malformed peers for their kind and sending to a room', () => {
    const send = (kind: 'chat' | 'room' | 'occupant' | undefined, peer: string) =>
      errorOf(h.chat.send({ accountId: OWN, ...(kind && { kind }), peer, body: 'x' }));
    expect(send(undefined, 'not a jid@@')).toBe('invalid-jid');
    expect(send('occupant', 'room@muc.localhost')).toBe('invalid-jid');
    expect(send('occupant', 'muc.localhost/Nick')).toBe('invalid-jid');
    expect(send('room', 'room@muc.localhost')).toBe('not-supported');
    expect(errorOf(h.chat.history({ accountId: OWN, kind: 'occupant', peer: 'a@b' }))).toBe(
      'invalid-jid',
    );
    expect(errorOf(h.chat.markRead({ accountId: OWN, peer: '@@' }))).toBe('invalid-jid');
    expect(
      errorOf(h.chat.setState({ accountId: OWN, kind: 'occupant', peer: 'x', state: 'active' })),
    ).toBe('invalid-jid');
    expect(errorOf(h.chat.search({ query: 'x', kind: 'occupant', peer: 'room@muc' }))).toBe(
      'invalid-jid',
    );
    expect(h.storage.messages.outbox(OWN)).toEqual([]);
  });

  it('send to an occupant through the room, kept apart from a chat with the room’s JID', async () => {
    const { client } = await h.attach();
    const sent = h.chat.send({
      accountId: OWN,
      kind: 'occupant',
      peer: 'Room@MUC.localhost/Nick',
      body: 'psst',
    });
    expect(sent.ok && sent.value).toMatchObject({ kind: 'occupant', peer: OCCUPANT });
    await settle();
    const [stanza] = client.wire;
    expect(stanza?.attrs).toMatchObject({ to: OCCUPANT, type: 'chat' });
    expect(stanza?.getChild('x', NS_MUC_USER)).toBeDefined();

    const page = h.chat.history({ accountId: OWN, kind: 'occupant', peer: OCCUPANT });
    expect(page.ok && page.value.messages.map((m) => m.body)).toEqual(['psst']);
    const chat = h.chat.history({ accountId: OWN, peer: 'room@muc.localhost' });
    expect(chat.ok && chat.value.messages).toEqual([]);
    expect(h.chat.markRead({ accountId: OWN, kind: 'occupant', peer: OCCUPANT }).ok).toBe(true);
  });

  it('send chat states to occupants through the room, and none to rooms yet', async () => {
    const { client } = await h.attach();
    const state = (kind: 'occupant' | 'room', peer: string) =>
      h.chat.setState({ accountId: OWN, kind, peer, state: 'composing' });
    expect(state('occupant', OCCUPANT).ok).toBe(true);
    expect(state('room', 'room@muc.localhost').ok).toBe(true);
    await settle();
    expect(
      client.wire.map((s) => [s.attrs.to, s.getChild('x', NS_MUC_USER) !== undefined]),
    ).toEqual([[OCCUPANT, true]]);
  });
});

describe('preferences', () => {
  it('answer the defaults, then what was saved, announcing each change', () => {
    expect(h.chat.preferences()).toEqual({ ok: true, value: DEFAULT_PREFERENCES });
    expect(h.chat.setPreferences({ archiveWindowDays: 30 })).toEqual({
      ok: true,
      value: { archiveWindowDays: 30 },
    });
    expect(h.chat.preferences()).toEqual({ ok: true, value: { archiveWindowDays: 30 } });
    expect(h.events.filter((e) => e.event === 'prefs.changed').map((e) => e.payload)).toEqual([
      { archiveWindowDays: 30 },
    ]);
  });
});
