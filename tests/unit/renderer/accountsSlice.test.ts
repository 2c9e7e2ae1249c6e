/**
 * The accounts slice through createAppStore on a fake transport: snapshots come and go in order,
 * removing an account clears what the store keeps for it, sign-in succeeds, fails or asks about
 * a certificate, and failed requests leave the accounts as they were.
 */
import { describe, expect, it } from 'vitest';
import type { AccountSnapshot } from '../../../shared/contract';
import { createAppStore } from '../../../renderer/store';
import { contact, fail, fakeApi, request } from './fakeApi';

const A = 'alice@example.org';
const B = 'bob@example.net';

const snapshot = (
  accountId: string,
  status: AccountSnapshot['status'] = 'online',
  extra: Partial<AccountSnapshot> = {},
) => ({ accountId, jid: accountId, status, saved: true, ...extra }) as unknown as AccountSnapshot;

describe('accounts slice', () => {
  it('keeps snapshots by id in the order they first came, replacing a known one', () => {
    const store = createAppStore(fakeApi());
    store.getState().accountChanged(snapshot(A, 'connecting'));
    store.getState().accountChanged(snapshot(B));
    store.getState().accountChanged(snapshot(A));
    const state = store.getState();
    expect(state.accountOrder).toEqual([A, B]);
    expect(state.accounts[A]?.status).toBe('online');
  });

  it('removing an account clears its roster, requests, filter, selection and archive progress', () => {
    const store = createAppStore(fakeApi());
    const s = store.getState();
    s.accountChanged(snapshot(A));
    s.accountChanged(snapshot(B));
    s.rosterReplaced(A, [contact('x@y')]);
    s.rosterReplaced(B, [contact('z@y')]);
    s.subscriptionsReplaced([request(A, 'p@q'), request(B, 'r@q')]);
    store.setState({
      activeAccountId: A,
      accountFilter: A,
      selected: { accountId: A, kind: 'chat', peer: 'x@y' },
      archiveProgress: { one: { accountId: A } as never, two: { accountId: B } as never },
    });
    store.getState().accountRemoved(A);
    const state = store.getState();
    expect(state.accounts[A]).toBeUndefined();
    expect(state.accountOrder).toEqual([B]);
    expect(state.rosters[A]).toBeUndefined();
    expect(state.rosters[B]).toHaveLength(1);
    expect(state.requests).toEqual([request(B, 'r@q')]);
    expect(state.accountFilter).toBeNull();
    expect(state.selected).toBeNull();
    // The next online account becomes the active one.
    expect(state.activeAccountId).toBe(B);
    expect(Object.keys(state.archiveProgress)).toEqual(['two']);
  });

  it('removing an account forgets its groups, invitations, typing and OTR key', () => {
    const store = createAppStore(fakeApi());
    const s = () => store.getState();
    s().accountChanged(snapshot(A));
    s().accountChanged(snapshot(B));
    for (const accountId of [A, B]) {
      s().roomChanged({ accountId, room: 'tea@muc.x', status: 'joined', nick: 'me' } as never);
      s().occupantsChanged({
        accountId,
        room: 'tea@muc.x',
        reset: false,
        upserted: [{ nick: 'zed' } as never],
        removed: [],
        renamed: [],
        arrived: ['zed'],
      });
      s().roomTypingChanged(accountId, 'tea@muc.x', 'zed', 'composing');
      s().peerStateChanged(accountId, 'x@y', 'composing');
      s().otrKeyChanged({ accountId, status: { state: 'none' } } as never);
    }
    s().invitationsReplaced([
      { id: '1', accountId: A } as never,
      { id: '2', accountId: B } as never,
    ]);
    s().accountRemoved(A);
    const state = s();
    const ofA = (record: object) => Object.keys(record).filter((key) => key.startsWith(`${A}\n`));
    for (const record of [
      state.rooms,
      state.occupants,
      state.roomConversations,
      state.roomTyping,
      state.roomActivity,
      state.peerStates,
    ]) {
      expect(ofA(record)).toEqual([]);
      expect(Object.keys(record)).toHaveLength(1);
    }
    expect(state.invitations.map((i) => i.id)).toEqual(['2']);
    expect(Object.keys(state.otrKeys)).toEqual([B]);
  });

  it('removing an unknown account changes nothing of the others', () => {
    const store = createAppStore(fakeApi());
    store.getState().accountChanged(snapshot(A));
    store.getState().rosterReplaced(A, [contact('x@y')]);
    store.getState().accountRemoved('nobody@nowhere');
    expect(store.getState().accountOrder).toEqual([A]);
    expect(store.getState().rosters[A]).toHaveLength(1);
  });

  it('a listing replaces the accounts and activates a live one', () => {
    const store = createAppStore(fakeApi());
    store.getState().accountChanged(snapshot('gone@x'));
    store.getState().accountsListed([snapshot(A, 'disabled'), snapshot(B, 'connecting')]);
    const state = store.getState();
    expect(state.accountOrder).toEqual([A, B]);
    expect(state.accounts['gone@x']).toBeUndefined();
    expect(state.activeAccountId).toBe(B);
  });

  it('a sign-in that succeeds stores the account, closes the dialog and loads its roster', async () => {
    const api = fakeApi();
    api.answer('account.signIn', () => ({ ok: true, value: snapshot(A) }));
    api.answer('roster.get', () => ({ ok: true, value: [contact('x@y')] }));
    const store = createAppStore(api);
    store.getState().dialogOpened({ kind: 'addAccount' });
    const done = store.getState().signInSubmitted({ jid: A, password: 'pw' } as never);
    expect(store.getState().signIn.busy).toBe(true);
    await done;
    const state = store.getState();
    expect(state.signIn).toEqual({ busy: false, error: null, prompt: null, target: null });
    expect(state.dialog).toBeNull();
    expect(state.accounts[A]?.status).toBe('online');
    expect(state.rosters[A]).toHaveLength(1);
  });

  it('a sign-in that fails keeps the error and the target, and adds no account', async () => {
    const api = fakeApi();
    api.answer('account.signIn', () => fail('auth-failed'));
    const store = createAppStore(api);
    await store.getState().signInSubmitted({ jid: A, password: 'bad' } as never);
    const { signIn, accountOrder } = store.getState();
    expect(signIn.busy).toBe(false);
    expect(signIn.error?.code).toBe('auth-failed');
    expect(signIn.target).toEqual({ domain: 'example.org', host: 'example.org', port: 5222 });
    expect(accountOrder).toEqual([]);
    store.getState().signInErrorDismissed();
    expect(store.getState().signIn.error).toBeNull();
  });

  it('an untrusted certificate asks; rejecting a first sign-in abandons it', async () => {
    const api = fakeApi();
    const certificate = { fingerprint: 'AA:BB' } as never;
    api.answer('account.signIn', () => ({
      ok: false,
      error: { code: 'cert-untrusted', message: 'x', certificate } as never,
    }));
    api.answer('account.remove', () => ({ ok: true, value: null }));
    const store = createAppStore(api);
    await store.getState().signInSubmitted({ jid: A, password: 'pw' } as never);
    expect(store.getState().signIn.prompt).toEqual({ accountId: A, certificate, changed: false });
    await store.getState().certificateRejected();
    expect(store.getState().signIn.prompt).toBeNull();
    expect(api.requests.at(-1)).toEqual({ name: 'account.remove', params: { accountId: A } });
  });

  it('trusting the certificate signs in with its fingerprint', async () => {
    const api = fakeApi();
    const certificate = { fingerprint: 'AA:BB' } as never;
    api.answer('account.signIn', () => ({
      ok: false,
      error: { code: 'cert-changed', message: 'x', certificate } as never,
    }));
    api.answer('account.trustCertificate', () => ({ ok: true, value: snapshot(A) }));
    const store = createAppStore(api);
    await store.getState().signInSubmitted({ jid: A, password: 'pw' } as never);
    expect(store.getState().signIn.prompt?.changed).toBe(true);
    await store.getState().certificateTrusted();
    expect(api.requests.find((r) => r.name === 'account.trustCertificate')?.params).toEqual({
      accountId: A,
      fingerprint: 'AA:BB',
    });
    expect(store.getState().accounts[A]?.status).toBe('online');
    expect(store.getState().signIn.prompt).toBeNull();
  });

  it('trusting without a question asks nothing', async () => {
    const api = fakeApi();
    const store = createAppStore(api);
    await store.getState().certificateTrusted();
    await store.getState().certificateRejected();
    expect(api.requests).toEqual([]);
  });

  it('failed account requests leave the account as it was and report the error', async () => {
    const api = fakeApi();
    api.answer('account.setEnabled', () => fail('internal'));
    api.answer('presence.set', () => fail('not-connected'));
    const store = createAppStore(api);
    store.getState().accountChanged(snapshot(A));
    const before = store.getState().accounts[A];
    await store.getState().accountEnabledChosen(A, false);
    expect(store.getState().actionError?.code).toBe('internal');
    await store.getState().presenceChosen(A, 'away', '  ');
    expect(store.getState().actionError?.code).toBe('not-connected');
    // A blank status is not sent.
    expect(api.requests.at(-1)?.params).toEqual({ accountId: A, show: 'away' });
    expect(store.getState().accounts[A]).toBe(before);
  });

  it('removal forgets the account when it succeeds or the account is gone, not otherwise', async () => {
    const api = fakeApi();
    const store = createAppStore(api);
    store.getState().accountChanged(snapshot(A));
    store.getState().accountChanged(snapshot(B));
    api.answer('account.remove', () => fail('internal'));
    expect((await store.getState().accountRemoveRequested(A)).ok).toBe(false);
    expect(store.getState().accountOrder).toEqual([A, B]);
    api.answer('account.remove', () => fail('not-found'));
    await store.getState().accountRemoveRequested(A);
    expect(store.getState().accountOrder).toEqual([B]);
    api.answer('account.remove', () => ({ ok: true, value: null }));
    await store.getState().accountRemoveRequested(B);
    expect(store.getState().accountOrder).toEqual([]);
  });
});
