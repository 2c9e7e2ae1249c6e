import { describe, expect, it, vi } from 'vitest';
import { REQUEST_NAMES, type RequestHandlers } from '../../shared/contract';
import { ok } from '../../shared/errors';
import { createDispatch } from '../../electron/ipc/dispatch';

function handlers(overrides: Partial<RequestHandlers> = {}): RequestHandlers {
  const unused = async () => {
    throw new Error('not expected in this test');
  };
  const all = Object.fromEntries(
    REQUEST_NAMES.map((name) => [name, unused]),
  ) as unknown as RequestHandlers;
  return {
    ...all,
    'app.info': async () =>
      ok({ version: '1', transport: 'browser' as const, locale: 'en', defaults: {} }),
    'account.list': async () => ok([]),
    ...overrides,
  };
}

describe('dispatch', () => {
  const dispatch = createDispatch(handlers());

  it('answers a valid request', async () => {
    expect(await dispatch('account.list', {})).toEqual({ ok: true, value: [] });
  });

  it.each([undefined, 42, 'nope', '__proto__', 'constructor', 'toString'])(
    'rejects unknown request name %j',
    async (name) => {
      expect(await dispatch(name, {})).toMatchObject({
        ok: false,
        error: { code: 'unknown-request' },
      });
    },
  );

  it.each([
    ['not an object', 'x'],
    ['missing password', { jid: 'a@b' }],
    ['empty password', { jid: 'a@b', password: '' }],
    ['port out of range', { jid: 'a@b', password: 'p', port: 70000 }],
    ['port not integer', { jid: 'a@b', password: 'p', port: 5.5 }],
    ['bad tls mode', { jid: 'a@b', password: 'p', tls: 'none' }],
    ['huge jid', { jid: 'a'.repeat(5000), password: 'p' }],
  ])('rejects invalid params (%s) without calling the handler', async (_label, params) => {
    const result = await dispatch('account.signIn', params);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
  });

  it('turns a throwing handler into an internal error', async () => {
    const d = createDispatch(
      handlers({ 'account.list': async () => Promise.reject(new Error('x')) }),
    );
    expect(await d('account.list', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('answers a server’s refusal a handler let through as that refusal, not an internal error', async () => {
    const refusal = Object.assign(new Error('policy'), {
      name: 'StanzaError',
      condition: 'policy-violation',
    });
    const d = createDispatch(handlers({ 'presence.set': async () => Promise.reject(refusal) }));
    expect(
      await d('presence.set', { accountId: 'a@b', show: 'available', status: '' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'rejected-by-server', condition: 'policy-violation' },
    });
  });

  describe('refuses to send an answer that does not match its result schema', () => {
    /** Text from outside (a contact's words): never in the log. */
    const SECRET = 'a status a contact wrote';

    it.each([
      ['a wrong type', async () => ok([{ jid: 'a@b', name: SECRET, groups: 'x' }])],
      ['a missing field', async () => ok([{ jid: 'a@b', name: SECRET, groups: [] }])],
      [
        'an error code outside the contract',
        async () => ({
          ok: false as const,
          error: { code: 'made-up' as never, message: SECRET },
        }),
      ],
    ])('%s: answers internal, logs where, never the value', async (_label, handler) => {
      const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        const d = createDispatch(handlers({ 'roster.get': handler as never }));
        expect(await d('roster.get', { accountId: 'a@b' })).toEqual({
          ok: false,
          error: { code: 'internal', message: 'Internal error' },
        });
        const logged = errors.mock.calls.flat().join(' ');
        expect(logged).toMatch(/refused to send a malformed answer: roster\.get (result|error): /);
        expect(logged).not.toContain(SECRET);
      } finally {
        errors.mockRestore();
      }
    });

    it('sends a well-formed answer as the handler gave it', async () => {
      const contact = {
        jid: 'b@c',
        groups: [],
        subscription: 'both' as const,
        pending: false,
        presence: { show: 'away' as const, status: SECRET },
      };
      const d = createDispatch(handlers({ 'roster.get': async () => ok([contact]) }));
      expect(await d('roster.get', { accountId: 'a@b' })).toEqual({ ok: true, value: [contact] });
    });
  });
});
