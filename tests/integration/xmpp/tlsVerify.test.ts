import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { upgradeToTls, type TlsVerifyOptions } from '../../../electron/net/tlsVerify';
import { ca, rejectionOf, server } from './helpers';

const cert = readFileSync(server.certPath);
const key = readFileSync(server.certPath.replace(/\.crt$/, '.key'));
const servers: tls.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

/** A local TLS server with the Prosody certificate, so we control protocol versions and names. */
async function tlsServer(options: tls.TlsOptions = {}): Promise<number> {
  const srv = tls.createServer({ cert, key, ...options }, (socket) => {
    socket.on('error', () => {});
    socket.end('hello');
  });
  srv.on('tlsClientError', () => {});
  servers.push(srv);
  await new Promise<void>((done) => srv.listen(0, '127.0.0.1', done));
  return (srv.address() as net.AddressInfo).port;
}

async function upgrade(port: number, options: TlsVerifyOptions) {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise((done, fail) => socket.once('connect', done).once('error', fail));
  return upgradeToTls(socket, { timeoutMs: 5000, ...options });
}

describe('upgradeToTls', () => {
  it('accepts a chain to a trusted CA for the right name', async () => {
    const port = await tlsServer();
    const result = await upgrade(port, { domain: server.domain, ca });
    expect(result.pinned).toBe(false);
    expect(result.fingerprint).toBe(server.certFingerprint);
    expect(result.socket.getProtocol()).toMatch(/^TLSv1\.[23]$/);
    result.socket.destroy();
  });

  it('refuses a valid chain for another name (hostname-mismatch)', async () => {
    const port = await tlsServer();
    const error = await rejectionOf(upgrade(port, { domain: 'other.example', ca }));
    expect(error.code).toBe('cert-untrusted');
    expect(error.certificate.reason).toBe('hostname-mismatch');
    expect(error.certificate.fingerprint).toBe(server.certFingerprint);
  });

  it('accepts a pinned certificate for another name', async () => {
    const port = await tlsServer();
    const result = await upgrade(port, {
      domain: 'other.example',
      pinnedFingerprint: server.certFingerprint,
    });
    expect(result.pinned).toBe(true);
    result.socket.destroy();
  });

  // A pin of a certificate the server no longer presents, e.g. the self-signed one it had before
  // moving to a CA-issued certificate (or one an attacker had a CA issue).
  const oldPin = server.certFingerprint.replace(
    /^../,
    server.certFingerprint.startsWith('00') ? 'FF' : '00',
  );

  it('accepts a CA-vouched certificate that replaced a pin, saying it is not the pin', async () => {
    const port = await tlsServer();
    const result = await upgrade(port, { domain: server.domain, ca, pinnedFingerprint: oldPin });
    expect(result.pinned).toBe(false);
    expect(result.fingerprint).toBe(server.certFingerprint);
    result.socket.destroy();
  });

  it('with strict pinning refuses a CA-vouched certificate that is not the pin', async () => {
    const port = await tlsServer();
    const error = await rejectionOf(
      upgrade(port, { domain: server.domain, ca, pinnedFingerprint: oldPin, strictPin: true }),
    );
    expect(error.code).toBe('cert-changed');
    expect(error.certificate.reason).toBe('changed-ca-vouched');
    expect(error.certificate.fingerprint).toBe(server.certFingerprint);
    expect(error.certificate.previousFingerprint).toBe(oldPin);
  });

  it('with strict pinning accepts the pinned certificate, and a CA-vouched one before any pin', async () => {
    const port = await tlsServer();
    const pinned = await upgrade(port, {
      domain: server.domain,
      ca,
      pinnedFingerprint: server.certFingerprint,
      strictPin: true,
    });
    expect(pinned.fingerprint).toBe(server.certFingerprint);
    pinned.socket.destroy();
    const first = await upgrade(port, { domain: server.domain, ca, strictPin: true });
    expect(first.pinned).toBe(false);
    first.socket.destroy();
  });

  it('with strict pinning still refuses an unverifiable certificate without a pin', async () => {
    const port = await tlsServer();
    const error = await rejectionOf(upgrade(port, { domain: server.domain, strictPin: true }));
    expect(error.code).toBe('cert-untrusted');
  });

  it('refuses TLS older than 1.2 (tls-failed)', async () => {
    const port = await tlsServer({
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    });
    const error = await rejectionOf(upgrade(port, { domain: server.domain, ca }));
    expect(error.code).toBe('tls-failed');
  });

  it('reports a server that is not TLS at all (tls-failed)', async () => {
    const plain = net.createServer((socket) => socket.end('<?xml version="1.0"?>\n'));
    await new Promise<void>((done) => plain.listen(0, '127.0.0.1', done));
    const { port } = plain.address() as net.AddressInfo;
    try {
      const error = await rejectionOf(upgrade(port, { domain: server.domain, ca }));
      expect(error.code).toBe('tls-failed');
    } finally {
      plain.close();
    }
  });

  it('times out a handshake the server never answers', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const error = await rejectionOf(upgrade(port, { domain: server.domain, ca, timeoutMs: 300 }));
      expect(error.code).toBe('timeout');
    } finally {
      silent.close();
    }
  });
});
