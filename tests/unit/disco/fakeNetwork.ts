/**
 * A fake network of entities for the disco service's unit tests: each JID answers with a query
 * element or a stanza error condition, every IQ is recorded, and the clock is in the test's hands.
 */
import StanzaError from '@xmpp/middleware/lib/StanzaError.js';
import xml, { type Element } from '@xmpp/xml';
import { DiscoService } from '../../../electron/disco';
import { XmppError } from '../../../electron/xmpp/errors';

export const NS_INFO = 'http://jabber.org/protocol/disco#info';
export const NS_ITEMS = 'http://jabber.org/protocol/disco#items';
export const NS_CAPS = 'http://jabber.org/protocol/caps';
export const NS_COMMANDS = 'http://jabber.org/protocol/commands';
export const ACCOUNT = 'alice@localhost';

export interface Asked {
  readonly to: string;
  readonly ns: string;
  readonly node: string | undefined;
}
/** What an entity answers: a query element, or a stanza error condition. */
export type Answer = (
  node: string | undefined,
  ns: string,
) => Element | string | Promise<Element | string>;

function stanzaError(condition: string): StanzaError {
  return StanzaError.fromElement(
    xml(
      'error',
      { type: 'cancel' },
      xml(condition, { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' }),
    ),
  );
}

export interface FakeNetwork {
  readonly disco: DiscoService;
  readonly asked: Asked[];
  now: number;
  /** The `from` a reply carries; by default the JID asked. */
  replyFrom: (to: string) => string | undefined;
  /** `jid` answers with `answer`; unknown JIDs answer remote-server-not-found. */
  serves(jid: string, answer: Answer): void;
}

export function fakeNetwork(): FakeNetwork {
  const entities = new Map<string, Answer>();
  const net: FakeNetwork = {
    asked: [],
    now: 1_000_000,
    replyFrom: (to) => to,
    serves: (jid, answer) => void entities.set(jid, answer),
    disco: new DiscoService({
      account: ACCOUNT,
      now: () => net.now,
      request: async (payload, to) => {
        const ns = payload.attrs.xmlns as string;
        const node = payload.attrs.node as string | undefined;
        net.asked.push({ to, ns, node });
        const answer = entities.get(to);
        const reply = answer ? await answer(node, ns) : 'remote-server-not-found';
        if (typeof reply === 'string') throw stanzaError(reply);
        const from = net.replyFrom(to);
        return xml('iq', { type: 'result', id: 'x', ...(from !== undefined && { from }) }, reply);
      },
    }),
  };
  return net;
}

export const info = (features: string[], identities: Record<string, string>[] = []) =>
  xml(
    'query',
    { xmlns: NS_INFO },
    ...identities.map((attrs) => xml('identity', attrs)),
    ...features.map((name) => xml('feature', { var: name })),
  );
export const items = (...list: Record<string, string>[]) =>
  xml('query', { xmlns: NS_ITEMS }, ...list.map((attrs) => xml('item', attrs)));
/** The code a promise rejects with ('resolved' when it does not). */
export const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof XmppError ? error.code : `uncoded ${String(error)}`),
  );
