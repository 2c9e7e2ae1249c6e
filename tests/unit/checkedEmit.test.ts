/**
 * The main process checks every event against its contract schema before sending it
 * (electron/ipc/checkedEmit.ts): a malformed one is dropped and logged by where it failed, never
 * with its payload; a well-formed one goes out unchanged.
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { EventMessage } from '../../shared/contract';
import { checkedEmit } from '../../electron/ipc/checkedEmit';

const SECRET = 'words a contact wrote';
const message = {
  id: 'm1',
  accountId: 'a@b',
  kind: 'chat',
  peer: 'c@d',
  direction: 'in',
  body: SECRET,
  sentAt: 1_700_000_000_000,
  state: 'received',
  via: 'live',
  private: false,
} as const;

let errors: MockInstance<typeof console.error>;
let sent: EventMessage[];
const emit = checkedEmit((event, payload) => sent.push({ event, payload } as EventMessage));

beforeEach(() => {
  sent = [];
  errors = vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => errors.mockRestore());

describe('checkedEmit', () => {
  it('sends a well-formed event unchanged', () => {
    emit('message.upserted', message);
    expect(sent).toEqual([{ event: 'message.upserted', payload: message }]);
    expect(errors).not.toHaveBeenCalled();
  });

  it.each([
    ['a wrong type', 'message.upserted', { ...message, sentAt: String(message.sentAt) }],
    ['a value outside a picklist', 'message.upserted', { ...message, state: SECRET }],
    ['a missing field', 'contact.presence', { accountId: 'a@b', jid: SECRET }],
    ['no payload', 'account.removed', undefined],
    ['an unknown event', SECRET, {}],
  ])('drops %s and logs where, never the payload', (_label, event, payload) => {
    emit(event as never, payload as never);
    expect(sent).toEqual([]);
    const logged = errors.mock.calls.flat().join(' ');
    expect(logged).toContain('contract: dropped a malformed event: ');
    expect(logged).not.toContain(SECRET);
  });
});
