/** The XMPP client options of an account's connection, from its settings and its pin. */
import { strictPinning, type AccountSettings } from '../../shared/contract';
import type { Jid } from '../../shared/jid';
import { createLogger } from '../log';
import type { XmppClientOptions } from '../xmpp/client';

export function clientOptions(
  jid: Jid,
  password: string,
  settings: AccountSettings,
  trust: { readonly pin: string | undefined; readonly ca: string | undefined },
): XmppClientOptions {
  return {
    jid,
    password,
    host: settings.host?.trim() || undefined,
    port: settings.port,
    tls: settings.tls,
    ...(settings.proxy.type === 'socks5'
      ? {
          proxy: { host: settings.proxy.host, port: settings.proxy.port },
          torOnly: settings.proxy.torOnly,
        }
      : {}),
    ...(trust.pin ? { pinnedFingerprint: trust.pin } : {}),
    ...(strictPinning(settings) && { strictPin: true }),
    ...(trust.ca ? { ca: trust.ca } : {}),
    log: createLogger(`xmpp ${bareOf(jid)}`),
  };
}

const bareOf = (jid: Jid) => `${jid.local}@${jid.domain}`;
