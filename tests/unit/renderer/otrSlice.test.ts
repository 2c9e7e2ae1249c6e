/**
 * The OTR slice through createAppStore on a fake transport: keys (made, failed), conversation
 * states, SMP phases and notices by conversation; failed requests leave what was there.
 */
import { describe, expect, it } from 'vitest';
import type { OtrConversationState, OtrKeyStatus } from '../../../shared/contract';
import { createAppStore } from '../../../renderer/store';
import { convKey } from '../../../renderer/store/chat.selectors';
import { fail, fakeApi } from './fakeApi';

const A = 'alice@example.org';
const B = 'bob@example.org';
const KEY = convKey(A, B);
const ready = { state: 'ready', fingerprint: 'F00' } as unknown as OtrKeyStatus;
const otrState = (status: string) =>
  ({ accountId: A, peer: B, status }) as unknown as OtrConversationState;

describe('otr slice', () => {
  it('shows a key as being made, then made', async () => {
    const api = fakeApi();
    let release!: () => void;
    api.answer(
      'otr.generate',
      () => new Promise((resolve) => (release = () => resolve({ ok: true, value: ready }))),
    );
    const store = createAppStore(api);
    const done = store.getState().otrKeyGenerated(A);
    expect(store.getState().otrKeys[A]).toEqual({ state: 'generating' });
    await Promise.resolve();
    release();
    await done;
    expect(store.getState().otrKeys[A]).toEqual(ready);
  });

  it('a key that could not be made goes back to what it was', async () => {
    const api = fakeApi();
    api.answer('otr.generate', () => fail('internal'));
    const store = createAppStore(api);
    await store.getState().otrKeyGenerated(A);
    expect(store.getState().otrKeys[A]).toEqual({ state: 'none' });
    store.getState().otrKeyChanged({ accountId: A, status: ready } as never);
    await store.getState().otrKeyGenerated(A);
    expect(store.getState().otrKeys[A]).toEqual(ready);
  });

  it('keeps conversation states from events and answers; a failure keeps the last', async () => {
    const api = fakeApi();
    api.answer('otr.start', () => ({ ok: true, value: otrState('encrypted') }));
    api.answer('otr.end', () => fail('not-connected'));
    const store = createAppStore(api);
    store.getState().otrStateChanged(otrState('plaintext'));
    expect(store.getState().otrStates[KEY]).toEqual(otrState('plaintext'));
    await store.getState().otrRequested('start', A, B);
    expect(store.getState().otrStates[KEY]).toEqual(otrState('encrypted'));
    const result = await store.getState().otrRequested('end', A, B);
    expect(result.ok).toBe(false);
    expect(store.getState().otrStates[KEY]).toEqual(otrState('encrypted'));
  });

  it('follows SMP phases, waits after asking, forgets an aborted one', async () => {
    const api = fakeApi();
    api.answer('otr.smp', () => ({ ok: true, value: null }));
    const store = createAppStore(api);
    const s = () => store.getState();
    s().otrSmpChanged({
      accountId: A,
      peer: B,
      event: { kind: 'asked', question: 'pet?' },
    } as never);
    expect(s().otrSmp[KEY]).toEqual({ phase: 'asked', question: 'pet?' });
    await s().otrSmpRequested(A, B, 'answer', 'rex', '');
    expect(api.requests.at(-1)?.params).toEqual({
      accountId: A,
      peer: B,
      action: 'answer',
      secret: 'rex',
    });
    expect(s().otrSmp[KEY]).toEqual({ phase: 'waiting' });
    s().otrSmpChanged({
      accountId: A,
      peer: B,
      event: { kind: 'result', success: false },
    } as never);
    expect(s().otrSmp[KEY]).toEqual({ phase: 'failure' });
    await s().otrSmpRequested(A, B, 'abort');
    expect(s().otrSmp[KEY]).toBeUndefined();
    s().otrSmpChanged({ accountId: A, peer: B, event: { kind: 'cheated' } } as never);
    s().otrSmpDismissed(A, B);
    expect(s().otrSmp).toEqual({});
  });

  it('a failed SMP request changes no phase', async () => {
    const api = fakeApi();
    api.answer('otr.smp', () => fail('not-connected'));
    const store = createAppStore(api);
    await store.getState().otrSmpRequested(A, B, 'start', 'secret');
    expect(store.getState().otrSmp).toEqual({});
  });

  it('keeps the last notice per conversation until dismissed', () => {
    const store = createAppStore(fakeApi());
    store.getState().otrNoticed({ accountId: A, peer: B, kind: 'one' } as never);
    store.getState().otrNoticed({ accountId: A, peer: B, kind: 'two' } as never);
    expect(store.getState().otrNotices[KEY]).toMatchObject({ kind: 'two' });
    store.getState().otrNoticeDismissed(A, 'unknown@x');
    expect(Object.keys(store.getState().otrNotices)).toEqual([KEY]);
    store.getState().otrNoticeDismissed(A, B);
    expect(store.getState().otrNotices).toEqual({});
  });

  it('saves a contact policy, and the history setting only when it differs', async () => {
    const api = fakeApi();
    api.answer('otr.setPolicy', () => ({ ok: true, value: { keepHistory: false } as never }));
    api.answer('otr.setKeepHistory', () => ({ ok: true, value: { keepHistory: true } as never }));
    const store = createAppStore(api);
    await store.getState().otrContactPolicySaved(A, B, 'always' as never, false);
    expect(api.requests.map((r) => r.name)).toEqual(['otr.setPolicy']);
    await store.getState().otrContactPolicySaved(A, B, undefined, true);
    expect(api.requests.map((r) => r.name)).toEqual([
      'otr.setPolicy',
      'otr.setPolicy',
      'otr.setKeepHistory',
    ]);
    expect(api.requests[1]?.params).toEqual({ accountId: A, peer: B });
    expect(store.getState().otrContactPolicies[KEY]).toEqual({ keepHistory: true });
  });
});
