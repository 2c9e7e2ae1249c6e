/**
 * Sanity checks of the local Prosody instances from globalSetup, with raw sockets: what the
 * server offers before and after TLS, that its certificate verifies against the local CA (and only
 * against it), and that the seeded accounts and roster are really there.
 */
import { readFileSync } from 'node:fs';
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { describe, expect, inject, it } from 'vitest';

const xmpp = inject('xmpp');
const plainXmpp = inject('plainXmpp');

/** A socket that collects what the server sends, to wait for a pattern in it. */
class Wire {
  private received = '';
  private waiters: Array<() => void> = [];

  constructor(readonly socket: Socket | TLSSocket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.received += chunk;
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  send(xml: string): void {
    this.socket.write(xml);
  }

  /** Resolves with (and consumes) everything up to the end of the first match. */
  async until(pattern: RegExp, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.received);
      if (match) {
        const upTo = match.index + match[0].length;
        const text = this.received.slice(0, upTo);
        this.received = this.received.slice(upTo);
        return text;
      }
      if (Date.now() > deadline)
        throw new Error(`timeout waiting for ${pattern}: ${this.received}`);
      await new Promise<void>((wake) => {
        this.waiters.push(wake);
        setTimeout(wake, 100);
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

const streamHeader = (domain: string) =>
  `<?xml version='1.0'?><stream:stream to='${domain}' version='1.0' xml:lang='en' ` +
  `xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>`;
const FEATURES = /<\/stream:features>/;

function tcp(port: number): Promise<Wire> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp({ host: '127.0.0.1', port }, () => resolve(new Wire(socket)));
    socket.once('error', reject);
  });
}

function secure(options: ConnectionOptions): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = connectTls(options, () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('TLS server (STARTTLS port)', () => {
  it('requires STARTTLS and offers no SASL mechanism before it', async () => {
    const wire = await tcp(xmpp.c2sPort);
    wire.send(streamHeader(xmpp.domain));
    const features = await wire.until(FEATURES);
    wire.close();
    expect(features).toMatch(
      /<starttls xmlns=['"]urn:ietf:params:xml:ns:xmpp-tls['"]>\s*<required/,
    );
    expect(features).not.toContain('<mechanisms');
  });

  it('upgrades to TLS verified by the local CA, then offers SCRAM', async () => {
    const wire = await tcp(xmpp.c2sPort);
    wire.send(streamHeader(xmpp.domain));
    await wire.until(FEATURES);
    wire.send(`<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>`);
    await wire.until(/<proceed[^>]*\/>/);
    const socket = await secure({
      socket: wire.socket,
      servername: xmpp.domain,
      ca: readFileSync(xmpp.caPath),
    });
    expect(socket.authorized).toBe(true);
    const secured = new Wire(socket);
    secured.send(streamHeader(xmpp.domain));
    const features = await secured.until(FEATURES);
    secured.close();
    expect(features).toContain('<mechanism>SCRAM-SHA-1</mechanism>');
  });
});

describe('TLS server (direct TLS port)', () => {
  it('presents a certificate that verifies against the local CA for the domain', async () => {
    const socket = await secure({
      host: xmpp.host,
      port: xmpp.directTlsPort,
      servername: xmpp.domain,
      ca: readFileSync(xmpp.caPath),
    });
    expect(socket.authorized).toBe(true);
    const cert = socket.getPeerCertificate();
    expect(cert.fingerprint256).toBe(xmpp.certFingerprint);
    expect(cert.subjectaltname).toContain(`DNS:conference.${xmpp.domain}`);
    socket.destroy();
  });

  it('is an unknown certificate to a client without the CA', async () => {
    await expect(
      secure({ host: xmpp.host, port: xmpp.directTlsPort, servername: xmpp.domain }),
    ).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  it('authenticates alice, offers stream management and lists bob as a mutual contact', async () => {
    const socket = await secure({
      host: xmpp.host,
      port: xmpp.directTlsPort,
      servername: xmpp.domain,
      ca: readFileSync(xmpp.caPath),
    });
    const wire = new Wire(socket);
    wire.send(streamHeader(xmpp.domain));
    await wire.until(FEATURES);
    const credentials = Buffer.from(`\0alice\0${xmpp.users.alice}`).toString('base64');
    wire.send(
      `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${credentials}</auth>`,
    );
    await wire.until(/<success[^>]*\/>|<success[\s\S]*?<\/success>/);
    wire.send(streamHeader(xmpp.domain));
    const features = await wire.until(FEATURES);
    expect(features).toContain("<sm xmlns='urn:xmpp:sm:3'");
    wire.send(
      `<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>` +
        `<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>`,
    );
    const roster = await wire.until(/<iq[^>]*id=['"]r1['"][\s\S]*?<\/iq>/);
    wire.close();
    const items = roster.match(/<item\b[^>]*>/g) ?? [];
    const bob = items.find((item) => item.includes(`jid='bob@${xmpp.domain}'`));
    expect(bob).toMatch(/subscription=['"]both['"]/);
  });
});

describe('plaintext-only server', () => {
  it('offers no STARTTLS and SASL in the clear', async () => {
    const wire = await tcp(plainXmpp.c2sPort);
    wire.send(streamHeader(plainXmpp.domain));
    const features = await wire.until(FEATURES);
    wire.close();
    expect(features).not.toContain('starttls');
    expect(features).toContain('<mechanisms');
  });
});
