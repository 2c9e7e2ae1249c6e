// The ingest pipeline as the unit tests feed it: the real SQLite store in a temporary folder,
// a real insert batch, the real kind registry and stages; a fixed clock, counted ids, and the
// events and stanzas it emits and sends recorded.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import xml, { type Element } from '@xmpp/xml';
import type { EventMessage } from '../../../shared/contract';
import type { ArchiveQueries } from '../../../electron/chat/archiveQueries';
import { InsertBatch } from '../../../electron/chat/batch';
import { handleStanza, type IngestContext } from '../../../electron/chat/ingest';
import { createKindRegistry } from '../../../electron/chat/kinds/direct';
import { StageList, type ReceiveStage } from '../../../electron/chat/stages';
import { DelayFloor, DistinctTimes } from '../../../electron/chat/trust';
import { openStorage, type Storage } from '../../../electron/storage';

export const OWN = 'alice@localhost';
export const BOB = 'bob@localhost';
export const NOW = Date.UTC(2025, 0, 1);

export interface Harness {
  readonly storage: Storage;
  readonly ctx: IngestContext;
  readonly events: EventMessage[];
  readonly sent: Element[];
  readonly queries: ArchiveQueries;
  readonly stages: StageList<ReceiveStage>;
  /** Feeds stanzas as one burst, then commits as the end of the task would. */
  feed(...stanzas: Element[]): void;
  /** The stored messages of a conversation, oldest first. */
  messages(peer?: string): ReturnType<Storage['messages']['page']>['messages'];
  close(): void;
}

export function createHarness(
  options: {
    own?: string;
    rooms?: readonly string[];
    receiptsTo?: readonly string[];
    delayFloor?: number;
  } = {},
): Harness {
  const own = options.own ?? OWN;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hutong-ingest-'));
  const storage = openStorage(path.join(dir, 'h.sqlite'));
  const events: EventMessage[] = [];
  const sent: Element[] = [];
  const queries: ArchiveQueries = new Map();
  const stages = new StageList<ReceiveStage>();
  const rooms = new Set(options.rooms ?? []);
  // bob may see our presence; strangers may not.
  const receiptsTo = new Set(options.receiptsTo ?? [BOB]);
  let n = 0;
  const ctx: IngestContext = {
    accountId: own,
    store: storage.messages,
    batch: new InsertBatch(storage.messages, () => {}),
    emit: (event, payload) => void events.push({ event, payload } as EventMessage),
    now: () => NOW,
    newId: () => `id${(n += 1)}`,
    queries,
    trustStanzaIds: true,
    delayFloor: new DelayFloor(options.delayFloor),
    streamTimes: new DistinctTimes(),
    kinds: createKindRegistry(stages),
    isRoom: (bare) => rooms.has(bare),
    send: (stanza) => void sent.push(stanza),
    mayReceipt: (peer) => receiptsTo.has(peer),
  };
  return {
    storage,
    ctx,
    events,
    sent,
    queries,
    stages,
    feed(...stanzas) {
      for (const stanza of stanzas) handleStanza(ctx, stanza);
      ctx.batch.flush();
    },
    messages: (peer = BOB) => storage.messages.page(own, peer, { limit: 100 }).messages,
    close() {
      storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A type=chat message with an optional body and any children. */
export const chat = (attrs: Record<string, string>, body?: string, ...children: Element[]) =>
  xml(
    'message',
    { type: 'chat', ...attrs },
    ...(body === undefined ? [] : [xml('body', {}, body)]),
    ...children,
  );

export const receiptRequest = () => xml('request', { xmlns: 'urn:xmpp:receipts' });
export const stanzaId = (by: string, id: string) =>
  xml('stanza-id', { xmlns: 'urn:xmpp:sid:0', by, id });
export const originId = (id: string) => xml('origin-id', { xmlns: 'urn:xmpp:sid:0', id });
export const delay = (stamp: string, from?: string) =>
  xml('delay', { xmlns: 'urn:xmpp:delay', stamp, ...(from !== undefined && { from }) });
export const mucUser = () => xml('x', { xmlns: 'http://jabber.org/protocol/muc#user' });

/** A carbon of `inner` from our own account, with extra children on the <forwarded/>. */
export const carbon = (kind: 'sent' | 'received', inner: Element, ...forwarded: Element[]) =>
  xml(
    'message',
    { from: OWN, to: `${OWN}/desk` },
    xml(
      kind,
      { xmlns: 'urn:xmpp:carbons:2' },
      xml('forwarded', { xmlns: 'urn:xmpp:forward:0' }, ...forwarded, inner),
    ),
  );

/** An archive result of query `queryid` (from our own account unless `from` says otherwise). */
export const archived = (
  queryid: string,
  id: string,
  inner: Element,
  stamp?: string,
  from?: string,
) =>
  xml(
    'message',
    { to: `${OWN}/desk`, ...(from !== undefined && { from }) },
    xml(
      'result',
      { xmlns: 'urn:xmpp:mam:2', queryid, id },
      xml('forwarded', { xmlns: 'urn:xmpp:forward:0' }, ...(stamp ? [delay(stamp)] : []), inner),
    ),
  );
