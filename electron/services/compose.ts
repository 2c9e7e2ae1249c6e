/**
 * Builds the services and the request handlers from the contract. Kept free of `electron` so the
 * browser host runs exactly the same code.
 */
import { mkdirSync } from 'node:fs';
import type { RequestHandlers } from '../../shared/contract';
import { ok } from '../../shared/errors';
import { AccountsService } from './accounts';
import type { Services, ServicesOptions } from './index';
import { openPinStore } from './pinStore';

/** Sign-in form prefill, e.g. the local demo server that `npm start` runs. */
function defaultsFromEnv(): { jid?: string; host?: string; port?: number } {
  const port = Number(process.env.HUTONG_DEFAULT_PORT);
  return {
    ...(process.env.HUTONG_DEFAULT_JID ? { jid: process.env.HUTONG_DEFAULT_JID } : {}),
    ...(process.env.HUTONG_DEFAULT_HOST ? { host: process.env.HUTONG_DEFAULT_HOST } : {}),
    ...(Number.isInteger(port) && port > 0 ? { port } : {}),
  };
}

export function createServices(options: ServicesOptions): Services {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const pins = openPinStore(options.dataDir);
  const accounts = new AccountsService({ emit: options.emit, pins });
  const defaults = defaultsFromEnv();

  const handlers: RequestHandlers = {
    'app.info': async () =>
      ok({
        version: options.version,
        transport: options.transport,
        locale: options.locale,
        defaults,
      }),
    'account.list': async () => ok(accounts.list()),
    'account.signIn': (params) => accounts.signIn(params),
    'account.trustCertificate': (p) => accounts.trustCertificate(p.accountId, p.fingerprint),
    'account.reconnect': (p) => accounts.reconnect(p.accountId),
    'account.signOut': (p) => accounts.signOut(p.accountId),
    'presence.set': (p) => accounts.setPresence(p.accountId, p.show, p.status),
    'roster.get': async (p) => accounts.roster(p.accountId),
  };

  return { handlers, dispose: () => accounts.dispose() };
}
