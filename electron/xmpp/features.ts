/**
 * What the server and the account support, by service discovery (XEP-0030): carbons and
 * invisibility are features of the server, the archive (MAM) a feature of the account's own
 * bare JID (XEP-0313 §7), stream management whatever the stream negotiated.
 */
import type { ServerFeatures } from '../../shared/schemas/account';
import type { DiscoService } from '../disco';
import { createLogger } from '../log';

const log = createLogger('features');

/**
 * Discovers the features of an account's server and of the account itself through its disco
 * service (cached, so a resumed stream asks nothing again). An entity that cannot be asked or
 * refuses offers nothing we could rely on: its list is empty.
 */
export async function discoverFeatures(
  disco: DiscoService,
  account: string,
  streamManagement: boolean,
): Promise<ServerFeatures> {
  const features = (jid: string) =>
    disco.info(jid).then(
      (info) => [...info.features],
      (error: { code?: unknown }) => {
        log.warn(`feature discovery failed: ${typeof error.code === 'string' ? error.code : '?'}`);
        return [];
      },
    );
  const [server, own] = await Promise.all([features(disco.server), features(account)]);
  return { server, account: own, streamManagement };
}
