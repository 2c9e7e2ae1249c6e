/**
 * A scripted MAM archive for the catch-up tests: answers queries (RSM before/max, the form's start
 * and with) from an in-memory list, and plays the ingest pipeline's part the way the real one does:
 * each result is held by its query (which hands them back newest first) or queued like an insert
 * batch, stored (in the real SQLite store) only when the batch is flushed, and reported to the
 * query's tracker after that commit.
 */
import xml, { type Element } from '@xmpp/xml';
import type { ArchiveQueries, ArchiveQueryTracker } from '../../../electron/chat/archiveQueries';
import type { Storage } from '../../../electron/storage';

const NS_MAM = 'urn:xmpp:mam:2';
const NS_RSM = 'http://jabber.org/protocol/rsm';

export interface Item {
  readonly id: string;
  readonly at: number;
  /** The contact the message is with. */
  readonly peer: string;
  /** Nothing to store in it (a receipt): the pipeline reports it as skipped. */
  readonly skip?: boolean;
}

export interface SentQuery {
  readonly queryId: string;
  readonly to?: string;
  /** undefined: no <before/>; '': the newest page. */
  readonly before?: string;
  readonly max: number;
  readonly start?: number;
  readonly with?: string;
}

const notFound = () => Object.assign(new Error('item-not-found'), { condition: 'item-not-found' });

export class FakeArchive {
  /** Oldest first, as an archive keeps them. */
  readonly items: Item[] = [];
  readonly queries: ArchiveQueries = new Map();
  readonly sent: SentQuery[] = [];
  /** What happened, in order: `query <before>` when a query is sent, plus whatever tests add. */
  readonly log: string[] = [];
  /** Archive ids in the order they were committed. */
  readonly committed: string[] = [];
  /** Server-side cap on a page (Prosody's default is 50). */
  cap = 50;
  /** A server that ignores the form's start field. */
  ignoreStart = false;
  /** The nth answer (1-based) comes from this JID instead of our own account (no from). */
  readonly forgedAnswers = new Map<number, string>();
  /** The nth query (1-based) fails with this error. */
  readonly failures = new Map<number, Error>();
  #pending: { tracker: ArchiveQueryTracker | undefined; item: Item }[] = [];
  #inFlight = 0;
  maxInFlight = 0;
  readonly #storage: Storage;
  readonly #account: string;

  constructor(storage: Storage, account: string) {
    this.#storage = storage;
    this.#account = account;
  }

  /** Appends messages `count` of them, one second apart from `from`, ids prefix-1…n. */
  add(count: number, from: number, prefix = 'a', peer = 'bob@localhost'): Item[] {
    const added = Array.from({ length: count }, (_, i) => ({
      id: `${prefix}${i + 1}`,
      at: from + i * 1000,
      peer,
    }));
    this.items.push(...added);
    return added;
  }

  /** Stores items as if they had arrived live (with the stanza-id the server stamped). */
  live(items: readonly Item[]): void {
    this.#store(
      items.map((item) => [item, { incomingState: 'received' }] as const),
      'live',
    );
  }

  readonly request = async (stanza: Element): Promise<Element> => {
    const query = parseQuery(stanza);
    this.sent.push(query);
    const n = this.sent.length;
    this.log.push(`query ${query.with ? `with ${query.with}` : (query.before ?? '-')}`);
    this.#inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.#inFlight);
    try {
      // The answer comes later, as it would from a socket.
      await new Promise((resolve) => setImmediate(resolve));
      const failure = this.failures.get(n);
      if (failure) throw failure;
      const tracker = this.queries.get(query.queryId);
      const list = this.items.filter(
        (item) =>
          (query.start === undefined || this.ignoreStart || item.at >= query.start) &&
          (query.with === undefined || item.peer === query.with),
      );
      let end = list.length;
      if (query.before) {
        end = list.findIndex((item) => item.id === query.before);
        if (end < 0) throw notFound();
      }
      const max = Math.min(query.max, this.cap);
      const page = list.slice(Math.max(0, end - max), end);
      // Results reach the pipeline before the IQ result: held by their query, or queued in the
      // batch, not yet committed.
      for (const item of page) {
        const queue = () => void this.#pending.push({ tracker, item });
        if (tracker?.hold) tracker.hold({ correction: false, store: queue });
        else queue();
      }
      return fin(page, end - page.length <= 0, this.forgedAnswers.get(n));
    } finally {
      this.#inFlight -= 1;
    }
  };

  /** The insert batch's flush: commits queued results, then reports each to its tracker. */
  readonly flush = (): void => {
    // A result for a query nobody registers is forged: the pipeline drops it.
    const pending = this.#pending.filter((p) => p.tracker !== undefined);
    this.#pending = [];
    const stored = this.#store(
      pending.filter((p) => !p.item.skip).map((p) => [p.item, p.tracker!] as const),
      'archive',
    );
    for (const { tracker, item } of pending) {
      tracker!.onResult({
        archiveId: item.id,
        inserted: stored.get(item.id) ?? false,
        sentAt: item.at,
        ...(item.skip && { skipped: true }),
      });
    }
  };

  /** The state the message with this archive id was stored with. */
  stateOf(id: string): string | undefined {
    return this.#storage.messages.get(`m-${id}`)?.state;
  }

  /** Stores in one transaction, as the insert batch does; archive id → inserted. */
  #store(
    items: readonly (readonly [
      Item,
      Pick<ArchiveQueryTracker, 'incomingState' | 'placement' | 'order'>,
    ])[],
    via: 'live' | 'archive',
  ): Map<string, boolean> {
    const results = this.#storage.messages.insertMany(
      items.map(([item, { incomingState: state, placement, order }]) => ({
        id: `m-${item.id}`,
        accountId: this.#account,
        kind: 'chat' as const,
        peer: item.peer,
        direction: 'in' as const,
        body: `body ${item.id}`,
        sentAt: item.at,
        state,
        via,
        private: false,
        stanzaId: item.id,
        archive: this.#account,
        ...(placement && { placement }),
        ...(order && { order }),
      })),
    );
    const inserted = new Map<string, boolean>();
    items.forEach(([item], i) => {
      inserted.set(item.id, results[i]!.inserted);
      if (results[i]!.inserted) this.committed.push(item.id);
    });
    return inserted;
  }
}

function parseQuery(stanza: Element): SentQuery {
  const query = stanza.getChild('query', NS_MAM)!;
  const fields = new Map(
    query
      .getChild('x', 'jabber:x:data')!
      .getChildren('field')
      .map((f) => [String(f.attrs.var), f.getChildText('value') ?? ''] as const),
  );
  const set = query.getChild('set', NS_RSM)!;
  const before = set.getChild('before');
  return {
    queryId: String(query.attrs.queryid),
    ...(stanza.attrs.to !== undefined && { to: String(stanza.attrs.to) }),
    ...(before && { before: before.text() }),
    max: Number(set.getChildText('max')),
    ...(fields.has('start') && { start: Date.parse(fields.get('start')!) }),
    ...(fields.has('with') && { with: fields.get('with')! }),
  };
}

function fin(page: readonly Item[], complete: boolean, from?: string): Element {
  return xml(
    'iq',
    { type: 'result', ...(from !== undefined && { from }) },
    xml(
      'fin',
      { xmlns: NS_MAM, ...(complete && { complete: 'true' }) },
      xml(
        'set',
        { xmlns: NS_RSM },
        ...(page.length > 0
          ? [xml('first', {}, page[0]!.id), xml('last', {}, page[page.length - 1]!.id)]
          : []),
      ),
    ),
  );
}
