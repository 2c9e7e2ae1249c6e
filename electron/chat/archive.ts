/**
 * Message Archive Management (XEP-0313) with Result Set Management (XEP-0059): building the query
 * for our own archive and reading its answers. A result is believed only when it comes from our
 * own account (no from, or our bare JID) and answers a query id we sent: otherwise any contact
 * could inject "archived" messages in anyone's name.
 */
import xml, { type Element } from '@xmpp/xml';
import { toBare } from '../../shared/jid';
import { NS_FORWARD } from './carbons';
import { NS_DELAY, parseStamp } from './stanzas';

export const NS_MAM = 'urn:xmpp:mam:2';
export const NS_RSM = 'http://jabber.org/protocol/rsm';
const NS_DATA = 'jabber:x:data';

/** Messages per page; servers cap it anyway (Prosody at 50 unless configured). */
export const PAGE_SIZE = 100;

export interface ArchiveQuery {
  readonly queryId: string;
  /** Archive id to continue after (exclusive). */
  readonly after?: string;
  /** Only messages since this time (epoch ms), when there is no cursor. */
  readonly start?: number;
  readonly max?: number;
}

export function buildArchiveQuery(query: ArchiveQuery): Element {
  const fields = [
    xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, NS_MAM)),
    ...(query.start !== undefined
      ? [xml('field', { var: 'start' }, xml('value', {}, new Date(query.start).toISOString()))]
      : []),
  ];
  return xml(
    'iq',
    { type: 'set' },
    xml(
      'query',
      { xmlns: NS_MAM, queryid: query.queryId },
      xml('x', { xmlns: NS_DATA, type: 'submit' }, ...fields),
      xml(
        'set',
        { xmlns: NS_RSM },
        xml('max', {}, String(query.max ?? PAGE_SIZE)),
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
      /** The archive id: also the stanza-id our server stamped on the live message. */
      readonly archiveId: string;
      readonly message: Element;
      readonly stamp?: number;
    };

/** Recognizes an archive result and checks who sent it and for which query. */
export function parseArchiveResult(
  stanza: Element,
  ownBare: string,
  activeQueries: ReadonlySet<string>,
): ArchiveResult {
  const result = stanza.getChild('result', NS_MAM);
  if (!result) return { kind: 'none' };
  const from = stanza.attrs.from as string | undefined;
  if (from !== undefined && toBare(from) !== ownBare) {
    return { kind: 'forged', reason: 'archive result not from our own account' };
  }
  const queryId = String(result.attrs.queryid ?? '');
  if (!activeQueries.has(queryId)) {
    return { kind: 'forged', reason: 'archive result for a query we did not send' };
  }
  const forwarded = result.getChild('forwarded', NS_FORWARD);
  const message = forwarded?.getChild('message');
  const archiveId = result.attrs.id as string | undefined;
  if (!message || !archiveId) return { kind: 'forged', reason: 'malformed archive result' };
  const stamp = parseStamp(forwarded?.getChild('delay', NS_DELAY)?.attrs.stamp);
  return { kind: 'result', queryId, archiveId, message, ...(stamp !== undefined && { stamp }) };
}

/** The <fin/> of a query's IQ result: whether the archive is exhausted and where to go on. */
export function parseFin(iqResult: Element): { complete: boolean; last?: string } | null {
  const fin = iqResult.getChild('fin', NS_MAM);
  if (!fin) return null;
  const last = fin.getChild('set', NS_RSM)?.getChildText('last') ?? undefined;
  return { complete: fin.attrs.complete === 'true', ...(last ? { last } : {}) };
}
