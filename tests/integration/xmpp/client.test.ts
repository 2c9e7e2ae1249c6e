import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import xml from '@xmpp/xml';
import type { Element } from '@xmpp/xml';
import { freePort } from '../../../server/scripts/processes.mjs';
import { XmppError } from '../../../electron/xmpp/errors';
import { XmppSocket } from '../../../electron/xmpp/socket';
import {
  jidOf,
  logLines,
  makeClient,
  plainServer,
  recordingLog,
  rejectionOf,
  server,
} from './helpers';
import { createXmppClient } from '../../../electron/xmpp/client';

const certFingerprint = new X509Certificate(readFileSync(server.certPath)).fingerprint256;

describe('XMPP client against Prosody', () => {
  it('signs in over STARTTLS with the test CA and answers a ping', async () => {
    const client = makeClient('alice');
    const began = performance.now();
    const session = await client.start();
    const elapsed = performance.now() - began;
    console.info(`login over STARTTLS: ${elapsed.toFixed(0)} ms`);
    expect(session.boundJid).toMatch(new RegExp(`^alice@${server.domain}/.+`));
    expect(session.security).toEqual({
      tls: true,
      pinned: false,
      fingerprint: certFingerprint,
      proxied: false,
    });
    expect(session.streamManagement).toBe(true);
    const pong = await client.iqCaller.request(
      xml('iq', { type: 'get', to: server.domain }, xml('ping', { xmlns: 'urn:xmpp:ping' })),
    );
    expect(pong.attrs.type).toBe('result');
  });

  it('signs in over direct TLS', async () => {
    const client = makeClient('bob', { tls: 'direct', port: server.directTlsPort });
    const session = await client.start();
    expect(session.boundJid.startsWith(`bob@${server.domain}/`)).toBe(true);
    expect(session.security.pinned).toBe(false);
  });

  it('binds the requested resource', async () => {
    const session = await makeClient('carol', { resource: 'desk' }).start();
    expect(session.boundJid).toBe(`carol@${server.domain}/desk`);
  });

  it('refuses an unknown certificate (cert-untrusted) and describes it', async () => {
    for (const tls of ['starttls', 'direct'] as const) {
      const port = tls === 'direct' ? server.directTlsPort : server.c2sPort;
      const error = await rejectionOf(makeClient('alice', { ca: undefined, tls, port }).start());
      expect(error).toBeInstanceOf(XmppError);
      expect(error.code).toBe('cert-untrusted');
      expect(error.certificate.fingerprint).toBe(certFingerprint);
      expect(error.certificate.fingerprint).toBe(server.certFingerprint);
      expect(error.certificate.reason).toBe('unknown-issuer');
      expect(error.certificate.subject).toContain(`CN=${server.domain}`);
      expect(error.certificate.validTo).not.toBe('');
    }
  });

  it('accepts a pinned certificate without the CA', async () => {
    const client = makeClient('dave', { ca: undefined, pinnedFingerprint: certFingerprint });
    const session = await client.start();
    expect(session.security).toEqual({
      tls: true,
      pinned: true,
      fingerprint: certFingerprint,
      proxied: false,
    });
  });

  it('accepts a pin written in lower case without colons', async () => {
    const pin = certFingerprint.replace(/:/g, '').toLowerCase();
    const session = await makeClient('dave', { ca: undefined, pinnedFingerprint: pin }).start();
    expect(session.security.pinned).toBe(true);
  });

  it('reports a different certificate than the pinned one (cert-changed)', async () => {
    const wrongPin = certFingerprint.replace(/^../, certFingerprint.startsWith('00') ? '11' : '00');
    const error = await rejectionOf(
      makeClient('alice', { ca: undefined, pinnedFingerprint: wrongPin }).start(),
    );
    expect(error.code).toBe('cert-changed');
    expect(error.certificate.fingerprint).toBe(certFingerprint);
  });

  it('reports a wrong password as auth-failed', async () => {
    const error = await rejectionOf(makeClient('alice', { password: 'wrong' }).start());
    expect(error.code).toBe('auth-failed');
    expect(error.condition).toBe('not-authorized');
  });

  it('reports a refused port as connection-refused', async () => {
    const port = await freePort();
    const error = await rejectionOf(makeClient('alice', { port }).start());
    expect(error.code).toBe('connection-refused');
  });

  it('reports an unknown host as host-unreachable', async () => {
    const error = await rejectionOf(
      makeClient('alice', { host: 'no-such-host.invalid', connectTimeoutMs: 5000 }).start(),
    );
    expect(error.code).toBe('host-unreachable');
  });

  it('refuses to authenticate on a plaintext server (tls-required), nothing secret sent', async () => {
    const written: string[] = [];
    const write = XmppSocket.prototype.write;
    const spy = vi.spyOn(XmppSocket.prototype, 'write').mockImplementation(function (
      this: XmppSocket,
      data,
      callback,
    ) {
      written.push(data);
      return write.call(this, data, callback);
    });
    try {
      const password = plainServer.users.alice!;
      const client = createXmppClient({
        jid: jidOf('alice', plainServer.domain),
        password,
        host: plainServer.host,
        port: plainServer.c2sPort,
        tls: 'starttls',
        log: recordingLog,
      });
      const sent: Element[] = [];
      client.entity.on('send', (el: Element) => sent.push(el));
      const error = await rejectionOf(client.start());
      await client.stop();
      expect(error.code).toBe('tls-required');
      expect(sent.map((el) => el.name)).not.toContain('auth');
      const wire = written.join('');
      expect(wire).toContain('<stream:stream');
      expect(wire).not.toContain('<auth');
      expect(wire).not.toContain(password);
      expect(wire).not.toContain(Buffer.from(`\0alice\0${password}`).toString('base64'));
    } finally {
      spy.mockRestore();
    }
  });

  it('reports the server refusing our domain as a stream error', async () => {
    const error = await rejectionOf(
      createXmppClient({
        jid: jidOf('alice', 'unknown.example'),
        password: 'x',
        host: server.host,
        port: server.c2sPort,
        tls: 'starttls',
        log: recordingLog,
      }).start(),
    );
    expect(error.code).toBe('stream-error');
    expect(error.condition).toBe('host-unknown');
  });

  it('never logs the password', () => {
    const passwords = Object.values(server.users);
    for (const line of logLines) {
      for (const password of passwords) expect(line).not.toContain(password);
    }
    expect(logLines.length).toBeGreaterThan(0);
  });
});
