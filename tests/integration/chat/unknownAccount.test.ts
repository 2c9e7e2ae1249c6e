// chat.send through the composed services: a message for an account that does not exist is
// refused before anything is stored (no connection would ever take it out of the outbox), while
// the same request for a real account is stored and sent.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EventMessage, RequestHandlers } from '../../../shared/contract';
import { createServices, type Services } from '../../../electron/services';

const server = inject('xmpp');
let tmp: string;
let services: Services;
const events: EventMessage[] = [];

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hutong-unknown-account-'));
  services = createServices({
    dataDir: tmp,
    emit: (event, payload) => events.push({ event, payload } as EventMessage),
    version: '0.0.0',
    transport: 'browser',
    locale: 'en',
  });
});

afterAll(async () => {
  await services.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

const call = <N extends keyof RequestHandlers>(
  name: N,
  params: Parameters<RequestHandlers[N]>[0],
) => services.handlers[name](params as never);

describe('chat.send for an unknown account', () => {
  it('is refused as not-found and stores nothing', async () => {
    const ghost = `ghost@${server.domain}`;
    const peer = `bob@${server.domain}`;
    const sent = await call('chat.send', { accountId: ghost, peer, body: 'into the void' });
    expect(sent).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call('chat.history', { accountId: ghost, peer })).toMatchObject({
      ok: true,
      value: { messages: [] },
    });
    expect(await call('chat.conversations', {})).toEqual({ ok: true, value: [] });
    expect(events.filter((e) => e.event.startsWith('message.'))).toEqual([]);
    const retried = await call('chat.retry', { accountId: ghost, id: 'any' });
    expect(retried).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('is stored for an account that exists (signed in, certificate trusted)', async () => {
    const jid = `yara@${server.domain}`;
    const params = { jid, password: server.users.yara!, host: server.host, port: server.c2sPort };
    const first = await call('account.signIn', params);
    if (!first.ok && first.error.code === 'cert-untrusted') {
      const fingerprint = first.error.certificate!.fingerprint;
      expect(await call('account.trustCertificate', { accountId: jid, fingerprint })).toMatchObject(
        {
          ok: true,
        },
      );
    } else {
      expect(first).toMatchObject({ ok: true });
    }
    const sent = await call('chat.send', {
      accountId: jid,
      peer: `nobody@${server.domain}`,
      body: 'hi',
    });
    expect(sent).toMatchObject({ ok: true, value: { accountId: jid, body: 'hi' } });
  });
});
