/** Shared setup for the XMPP client integration tests. */
import { readFileSync } from 'node:fs';
import { afterEach, inject } from 'vitest';
import type { Logger } from '../../../electron/log';
import type { XmppError } from '../../../electron/xmpp/errors';
import type { CertificateInfo } from '../../../shared/errors';
import {
  createXmppClient,
  type XmppClient,
  type XmppClientOptions,
} from '../../../electron/xmpp/client';
import { parseAccountJid } from '../../../shared/jid';

export const server = inject('xmpp');
export const plainServer = inject('plainXmpp');
export const ca = readFileSync(server.caPath);

/** Log lines of every client, to assert that no password is ever logged. */
export const logLines: string[] = [];
export const recordingLog: Logger = {
  debug: (m, ...r) => void logLines.push([m, ...r].map(String).join(' ')),
  info: (m, ...r) => void logLines.push([m, ...r].map(String).join(' ')),
  warn: (m, ...r) => void logLines.push([m, ...r].map(String).join(' ')),
  error: (m, ...r) => void logLines.push([m, ...r].map(String).join(' ')),
};

const clients: XmppClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});

export function jidOf(user: string, domain = server.domain) {
  const jid = parseAccountJid(`${user}@${domain}`);
  if (!jid) throw new Error(`bad test JID ${user}@${domain}`);
  return jid;
}

/** A client for `user` on the TLS server over STARTTLS trusting the test CA, unless overridden. */
export function makeClient(user = 'alice', overrides: Partial<XmppClientOptions> = {}): XmppClient {
  const client = createXmppClient({
    jid: jidOf(user),
    password: server.users[user] ?? 'no-such-password',
    host: server.host,
    port: server.c2sPort,
    tls: 'starttls',
    ca,
    log: recordingLog,
    ...overrides,
  });
  clients.push(client);
  return client;
}

/** An XmppError as tests read it: certificate assumed present (a missing one fails the test). */
export type Rejection = XmppError & { readonly certificate: CertificateInfo };

/** Resolves with the rejection of `promise` (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Rejection> {
  try {
    await promise;
  } catch (error) {
    return error as Rejection;
  }
  throw new Error('expected a rejection');
}

/** Collects uncaught exceptions and unhandled rejections while a test runs. */
export function watchUncaught(): { readonly caught: unknown[]; dispose(): void } {
  const caught: unknown[] = [];
  const onError = (error: unknown) => caught.push(error);
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  return {
    caught,
    dispose() {
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
    },
  };
}
