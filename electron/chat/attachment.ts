/**
 * One account's live connection as the chat service holds it: the ingest context its client's
 * IngestFeed hands stanzas to, the insert batch (committed ahead of every stream-management ack),
 * the archive queries in flight and the outbox link.
 */
import type { Element } from '@xmpp/xml';
import type { EmitEvent, ServerFeatures } from '../../shared/contract';
import { NS } from '../../shared/namespaces';
import { createLogger } from '../log';
import type { XmppClient } from '../xmpp/client';
import type { ArchiveQueries } from './archiveQueries';
import { InsertBatch, type BatchStore } from './batch';
import type { IngestContext } from './ingest';
import type { KindRegistry } from './kinds/types';
import type { OutboxLink } from './outbox';
import { DelayFloor, DistinctTimes } from './trust';

const log = createLogger('chat');
/**
 * How long incoming messages may wait to be committed together (see batch.ts): short enough to
 * go unnoticed on screen, long enough that a flood commits in batches of hundreds.
 */
const INGEST_WINDOW_MS = 8;

export interface Attachment {
  readonly accountId: string;
  readonly client: XmppClient;
  readonly ctx: IngestContext;
  /** Archive queries in flight (results for any other query id are forged). */
  readonly queries: ArchiveQueries;
  readonly link: OutboxLink;
  readonly detached: boolean;
  /** Settles once carbons, archive catch-up and the outbox flush of this attachment are done. */
  synced: Promise<void>;
  /**
   * The outbox may send on this attachment: set once its synchronisation flushed the outbox
   * (sessionSync.ts). Until then a message sent waits with the rest, so that nothing the lost
   * stream may have delivered goes twice before the archive is checked.
   */
  sending: boolean;
  /** Fire and forget: receipts, chat states, corrections. Nothing once detached. */
  write(stanza: Element, what: string): void;
  dispose(): void;
}

export interface AttachmentDeps {
  readonly accountId: string;
  readonly client: XmppClient;
  readonly features: ServerFeatures;
  readonly store: BatchStore;
  readonly emit: EmitEvent;
  readonly now: () => number;
  readonly newId: () => string;
  readonly mayReceipt: (peer: string) => boolean;
  readonly kinds: KindRegistry;
  readonly isRoom: (bare: string) => boolean;
  /** See IngestContext.arrived. */
  readonly arrived?: (archiveId: string) => void;
  /** See IngestContext.sentThisSession. */
  readonly sentThisSession?: (originId: string) => boolean;
  /** The account's, across its sessions (IngestContext.streamTimes); a new one when absent. */
  readonly streamTimes?: DistinctTimes;
}

/** The floor of live messages' dates (trust.ts); none when the store cannot say. */
function newestStored(store: BatchStore, accountId: string): number | undefined {
  try {
    return store.newestSentAt(accountId);
  } catch (error) {
    log.warn(`${accountId}: newest stored message unknown`, error);
    return undefined;
  }
}

export function createAttachment(deps: AttachmentDeps): Attachment {
  const { accountId, client, store, emit } = deps;
  const queries: ArchiveQueries = new Map();
  let detached = false;
  const write = (stanza: Element, what: string) => {
    if (detached) return;
    client.entity
      .send(stanza)
      .catch((error: unknown) => log.debug(`${accountId}: ${what} not sent`, error));
  };
  // conversation.changed once per committed batch, not once per message of a flood.
  const batch = new InsertBatch(
    store,
    (conversations) => {
      for (const key of conversations) {
        const [account, peer] = key.split('\0') as [string, string];
        emit('conversation.changed', store.conversation(account, peer));
      }
    },
    { windowMs: INGEST_WINDOW_MS },
  );
  const ctx: IngestContext = {
    accountId,
    store,
    batch,
    emit,
    now: deps.now,
    newId: deps.newId,
    queries,
    trustStanzaIds: deps.features.account.includes(NS.mam),
    delayFloor: new DelayFloor(newestStored(store, accountId)),
    streamTimes: deps.streamTimes ?? new DistinctTimes(),
    kinds: deps.kinds,
    isRoom: deps.isRoom,
    send: (stanza) => write(stanza, 'receipt'),
    mayReceipt: deps.mayReceipt,
    ...(deps.arrived && { arrived: deps.arrived }),
    ...(deps.sentThisSession && { sentThisSession: deps.sentThisSession }),
  };
  // Stanzas reach ctx through the client's IngestFeed (ingestFeed.ts), which outlives this
  // attachment so that nothing arriving between a resumption and the next attach is lost.

  return {
    accountId,
    client,
    ctx,
    queries,
    link: {
      send: (stanza) => client.entity.send(stanza),
      get acked() {
        return client.streamManagement;
      },
    },
    get detached() {
      return detached;
    },
    synced: Promise.resolve(),
    sending: false,
    write,
    dispose() {
      if (detached) return;
      detached = true;
      queries.clear();
      batch.flush();
    },
  };
}
