import { describe, expect, it } from 'vitest';
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
});
