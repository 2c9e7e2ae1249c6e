/**
 * The stanzas a session answers or follows on its own stream: stream features (roster
 * versioning), presence (contacts' and anyone's caps), roster pushes and disco#info about us.
 */
import xml, { type Element } from '@xmpp/xml';
import { NS } from '../../shared/namespaces';
import { bareJid, parseJid, toBare } from '../../shared/jid';
import type { DiscoService } from '../disco';
import { answerOwnInfo, itemNotFound } from '../disco/ownInfo';
import { createLogger } from '../log';
import type { XmppClient } from '../xmpp/client';
import type { RosterManager } from './roster';

const log = createLogger('session');

/** RFC 6121 §2.1.6: a roster push is ours only without `from` or from exactly our bare JID. */
export function isFromOwnBareJid(from: string | undefined, accountId: string): boolean {
  if (from === undefined || from === '') return true;
  const jid = parseJid(from);
  return jid !== null && jid.resource === '' && bareJid(jid) === accountId;
}

function notAllowed(): Element {
  return xml('error', { type: 'cancel' }, xml('service-unavailable', { xmlns: NS.stanzas }));
}

export interface StanzaContext {
  readonly accountId: string;
  readonly roster: RosterManager;
  readonly disco: DiscoService;
  /** False once the session moved on to another client: its handlers then stay silent. */
  isCurrent(): boolean;
  /** Whether the server advertised roster versioning (XEP-0237) on the latest stream. */
  rosterVersioning(on: boolean): void;
}

export function serveStanzas(client: XmppClient, ctx: StanzaContext): void {
  // Roster versioning must be advertised by the server before we may send `ver` (XEP-0237).
  client.entity.on('element', (el: Element) => {
    if (el.is('features', NS.streams)) {
      ctx.rosterVersioning(el.getChild('ver', NS.rosterVer) !== undefined);
    }
  });
  client.entity.on('stanza', (stanza: Element) => {
    if (!ctx.isCurrent() || !stanza.is('presence')) return;
    try {
      // Anyone's caps (XEP-0115), not only contacts': rooms' occupants announce theirs too.
      ctx.disco.notePresence(stanza);
      ctx.roster.presence(stanza);
    } catch (error) {
      log.error('presence handler failed', error);
    }
  });
  // Through the IQ callee, so that each push gets exactly one answer: a result, or an error
  // for a push that is not from our own account (RFC 6121 §2.1.6).
  client.iqCallee.set(NS.roster, 'query', ({ stanza }) => {
    const query = stanza.getChild('query', NS.roster);
    if (!ctx.isCurrent() || !query) return undefined;
    const trusted = isFromOwnBareJid(stanza.attrs.from as string | undefined, ctx.accountId);
    return ctx.roster.push(query, trusted) ? true : notAllowed();
  });
  // Who we are and what we do, only to whoever may see our presence (and our own devices): to
  // anyone else, even the name of the client would tell that this account is online now.
  client.iqCallee.get(NS.discoInfo, 'query', ({ stanza }) => {
    const from = toBare(String(stanza.attrs.from ?? '')) ?? '';
    const known = from === ctx.accountId || ctx.roster.seesOurPresence(from);
    return known
      ? (answerOwnInfo(stanza.getChild('query', NS.discoInfo)) ?? itemNotFound())
      : undefined;
  });
}
