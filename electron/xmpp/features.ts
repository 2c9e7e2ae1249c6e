/**
 * What the server and the account support, by service discovery (XEP-0030): carbons and
 * invisibility are features of the server, the archive (MAM) a feature of the account's own
 * bare JID (XEP-0313 §7), stream management whatever the stream negotiated.
 */
import xml from '@xmpp/xml';
import type { Element } from '@xmpp/xml';
import type { ServerFeatures } from '../../shared/schemas/account';
import type { XmppClient } from './client';

import { NS } from '../../shared/namespaces';

const NS_DISCO_INFO = NS.discoInfo;

/** How long a silent server may keep the caller waiting for one disco#info answer. */
const DISCO_TIMEOUT_MS = 10_000;

/** The feature vars of a disco#info reply. */
export function featureVars(query: Element | undefined): Set<string> {
  const vars = new Set<string>();
  for (const feature of query?.getChildren('feature') ?? []) {
    const name = feature.attrs.var;
    if (typeof name === 'string') vars.add(name);
  }
  return vars;
}

async function discoInfo(client: XmppClient, to: string): Promise<Set<string>> {
  try {
    const query = await client.iqCaller.get(
      xml('query', { xmlns: NS_DISCO_INFO }),
      to,
      DISCO_TIMEOUT_MS,
    );
    return featureVars(query);
  } catch {
    // An entity that does not answer disco offers nothing we could rely on.
    return new Set();
  }
}

/** Discovers the features of an online client's server and account. */
export async function discoverFeatures(client: XmppClient): Promise<ServerFeatures> {
  const own = client.entity.jid;
  if (!own) throw new Error('discoverFeatures needs an online client');
  const [server, account] = await Promise.all([
    discoInfo(client, own.domain),
    discoInfo(client, own.bare().toString()),
  ]);
  return {
    server: [...server],
    account: [...account],
    streamManagement: client.streamManagement,
  };
}
