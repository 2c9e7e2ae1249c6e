/**
 * Message Archive Management (XEP-0313) with Result Set Management (XEP-0059): building queries
 * and reading their answers. A result is believed only when it answers a query id we sent and
 * comes from the archive that query asked (our own account: no from, or our bare JID; a room: its
 * bare JID): otherwise any contact could inject "archived" messages in anyone's name.
 */
import xml, { type Element } from '@xmpp/xml';
import { NS } from '../../shared/namespaces';
import { bareJid, parseJid } from '../../shared/jid';
import type { ArchiveQueryTracker } from './archiveQueries';
import { parseStamp } from './stanzas';

/** Messages per page; servers cap it anyway (Prosody at 50 unless configured). */
export const PAGE_SIZE = 100;

export interface ArchiveQuery {
  readonly queryId: string;
  /** Where the IQ goes: a room's JID. Absent for our own archive (our account answers). */
  readonly to?: string;
  /**
   * Page backwards: '' asks for the newest page, an archive id for the page just before it
   * (exclusive). Results still come oldest first within the page.
   */
  readonly before?: string;
  /** Page forwards: the page just after this archive id (exclusive). */
  readonly after?: string;
  /** Only messages since this time (epoch ms): the catch-up window. */
  readonly start?: number;
  /** Only the conversation with this JID (the form's `with` field). */
  readonly with?: string;
  readonly max?: number;
}

const field = (name: string, value: string) => xml('field', { var: name }, xml('value', {}, value));

export function buildArchiveQuery(query: ArchiveQuery): Element {
  const fields = [
    xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, NS.mam)),
    ...(query.with !== undefined ? [field('with', query.with)] : []),
    ...(query.start !== undefined ? [field('start', new Date(query.start).toISOString())] : []),
  ];
  return xml(
    'iq',
    { type: 'set', ...(query.to !== undefined && { to: query.to }) },
    xml(
      'query',
      { xmlns: NS.mam, queryid: query.queryId },
      xml('x', { xmlns: NS.dataForms, type: 'submit' }, ...fields),
      xml(
        'set',
        { xmlns: NS.rsm },
        xml('max', {}, String(query.max ?? PAGE_SIZE)),
        // An empty <before/> is how RSM asks for the last (newest) page.
        ...(query.before !== undefined ? [xml('before', {}, query.before)] : []),
        ...(query.after ? [xml('after', {}, query.after)] : []),
      ),
    ),
  );
}

export type ArchiveResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'forged'; readonly reason: string }
  | {
      readonly kind: 'result';
      readonly queryId: string;
      /** The archive id: also the stanza-id the archive stamped on the live message. */
      readonly archiveId: string;
      readonly message: Element;
      readonly stamp?: number;
      /** The query's tracker, when the queries in flight are kept as trackers. */
      readonly tracker?: ArchiveQueryTracker;
    };

/** Query ids in flight: plain ids (our own archive) or id → tracker (any archive). */
export type QueriesInFlight = ReadonlySet<string> | ReadonlyMap<string, ArchiveQueryTracker>;

/** Recognizes an archive result and checks who sent it and for which query. */
export function parseArchiveResult(
  stanza: Element,
  ownBare: string,
  queries: QueriesInFlight,
): ArchiveResult {
  const result = stanza.getChild('result', NS.mam);
  if (!result) return { kind: 'none' };
  const queryId = String(result.attrs.queryid ?? '');
  if (!queries.has(queryId)) {
    return { kind: 'forged', reason: 'archive result for a query we did not send' };
  }
  const tracker = queries instanceof Map ? queries.get(queryId) : undefined;
  const archive = tracker?.archive ?? ownBare;
  const from = stanza.attrs.from as string | undefined;
  // Our own account answers without a from (RFC 6120 §8.1.2.1); a room always names itself, by
  // its bare JID: a full JID (an occupant of the room, another device of ours) is not the archive.
  const sender = from === undefined ? undefined : parseJid(from);
  const fromArchive =
    from === undefined
      ? archive === ownBare
      : sender?.resource === '' && bareJid(sender) === archive;
  if (!fromArchive) return { kind: 'forged', reason: 'archive result not from the archive asked' };
  const forwarded = result.getChild('forwarded', NS.forward);
  const message = forwarded?.getChild('message');
  const archiveId = result.attrs.id as string | undefined;
  if (!message || !archiveId) return { kind: 'forged', reason: 'malformed archive result' };
  const stamp = parseStamp(forwarded?.getChild('delay', NS.delay)?.attrs.stamp);
  return {
    kind: 'result',
    queryId,
    archiveId,
    message,
    ...(stamp !== undefined && { stamp }),
    ...(tracker && { tracker }),
  };
}

export interface Fin {
  /** The archive has nothing beyond this page in the direction asked. */
  readonly complete: boolean;
  /** The archive id of the page's oldest result (where to go on backwards). */
  readonly first?: string;
  /** The archive id of the page's newest result (where to go on forwards). */
  readonly last?: string;
}

/** The <fin/> of a query's IQ result, or null when it has none (not a MAM answer). */
export function parseFin(iqResult: Element): Fin | null {
  const fin = iqResult.getChild('fin', NS.mam);
  if (!fin) return null;
  const set = fin.getChild('set', NS.rsm);
  const first = set?.getChildText('first') || undefined;
  const last = set?.getChildText('last') || undefined;
  return {
    complete: fin.attrs.complete === 'true',
    ...(first !== undefined && { first }),
    ...(last !== undefined && { last }),
  };
}
