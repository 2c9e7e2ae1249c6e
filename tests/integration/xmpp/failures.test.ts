/** Failure paths scripted with a fake server: every one must be a coded rejection, never a crash. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type net from 'node:net';
import { createXmppClient, type XmppClientOptions } from '../../../electron/xmpp/client';
import { jidOf, recordingLog, rejectionOf, watchUncaught } from './helpers';
import { STREAM_HEADER, startFakeServer, type FakeServer } from './fakeServer';

let fake: FakeServer | undefined;
let uncaught: ReturnType<typeof watchUncaught>;
beforeEach(() => {
  uncaught = watchUncaught();
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  // Give late socket events a chance to surface before judging.
  await new Promise((done) => setTimeout(done, 50));
  uncaught.dispose();
  expect(uncaught.caught).toEqual([]);
});

async function signInAgainst(
  script: (socket: net.Socket) => void,
  options: Partial<XmppClientOptions> = {},
) {
  fake = await startFakeServer(script);
  const client = createXmppClient({
    jid: jidOf('alice', 'localhost'),
    password: 'secret-pw',
    host: '127.0.0.1',
    port: fake.port,
    tls: 'starttls',
    log: recordingLog,
    ...options,
  });
  const error = await rejectionOf(client.start());
  await client.stop();
  return error;
}

const FEATURES_TLS =
  "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features>";

describe('XMPP client against a hostile or broken server', () => {
  it('refuses a DOCTYPE', async () => {
    const error = await signInAgainst((s) =>
      s.write(`<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a "b">]>${STREAM_HEADER.slice(21)}`),
    );
    expect(error.code).toBe('xml-policy');
  });

  it('refuses an unknown entity', async () => {
    const error = await signInAgainst((s) =>
      s.write(`${STREAM_HEADER}<stream:features><x>&foo;</x></stream:features>`),
    );
    expect(error.code).toBe('xml-policy');
  });

  it('refuses an oversized stanza', async () => {
    const error = await signInAgainst(
      (s) => s.write(`${STREAM_HEADER}<stream:features><x>${'中'.repeat(400_000)}</x>`),
      { maxStanzaBytes: 256 * 1024 },
    );
    expect(error.code).toBe('stanza-too-large');
  });

  it('reports the connection closing mid-negotiation', async () => {
    const error = await signInAgainst((s) => {
      s.write(STREAM_HEADER);
      setTimeout(() => s.end(), 20);
    });
    expect(error.code).toBe('stream-error');
    expect(error.condition).toBe('connection-closed');
  });

  it('reports the server closing the stream mid-negotiation', async () => {
    const error = await signInAgainst((s) => s.end(`${STREAM_HEADER}</stream:stream>`));
    expect(error.code).toBe('stream-error');
    expect(error.condition).toBe('connection-closed');
  });

  it('reports a stream error with its condition', async () => {
    const error = await signInAgainst((s) =>
      s.end(
        `${STREAM_HEADER}<stream:error><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>` +
          '</stream:error></stream:stream>',
      ),
    );
    expect(error.code).toBe('stream-error');
    expect(error.condition).toBe('policy-violation');
  });

  it('does not follow see-other-host', async () => {
    const error = await signInAgainst((s) =>
      s.end(
        `${STREAM_HEADER}<stream:error><see-other-host xmlns='urn:ietf:params:xml:ns:xmpp-streams'>` +
          'evil.example:5222</see-other-host></stream:error></stream:stream>',
      ),
    );
    expect(error.code).toBe('stream-error');
    expect(error.condition).toBe('see-other-host');
  });

  it('times out a server that never answers', async () => {
    const error = await signInAgainst(() => {}, { connectTimeoutMs: 300 });
    expect(error.code).toBe('timeout');
  });

  it('fails when the server refuses STARTTLS', async () => {
    const error = await signInAgainst((s) => {
      s.write(`${STREAM_HEADER}${FEATURES_TLS}`);
      s.on('data', (d) => {
        if (String(d).includes('<starttls')) {
          s.end("<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:stream>");
        }
      });
    });
    expect(error.code).toBe('tls-failed');
  });

  it('fails when the TLS handshake after <proceed/> breaks', async () => {
    const error = await signInAgainst((s) => {
      s.write(`${STREAM_HEADER}${FEATURES_TLS}`);
      s.on('data', (d) => {
        if (String(d).includes('<starttls')) {
          s.write("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
          setTimeout(() => s.end('not a TLS server hello'), 10);
        }
      });
    });
    expect(error.code).toBe('tls-failed');
  });

  it('never sends credentials when a plaintext server offers SASL only', async () => {
    const error = await signInAgainst((s) =>
      s.write(
        `${STREAM_HEADER}<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>` +
          '<mechanism>PLAIN</mechanism></mechanisms></stream:features>',
      ),
    );
    expect(error.code).toBe('tls-required');
    expect(fake?.received()).not.toContain('<auth');
    expect(fake?.received()).not.toContain(Buffer.from('\0alice\0secret-pw').toString('base64'));
  });
});
