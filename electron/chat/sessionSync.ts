/**
 * What an account does each time it comes online (chatService.ts attaches it): carbons on a
 * fresh session, the catch-up of its own archive while one is owed (owedCatchUps.ts), and then
 * the outbox. The outbox waits, after a fresh session, for the newest archive page and further
 * back while what the lost stream carried unconfirmed is older: what the walk finds of our
 * pending messages is marked sent rather than sent twice (a second copy in every archive, shown
 * twice by clients that keep both). On a resumed stream, stream management settles what the old
 * one carried, so nothing pending can go twice and the outbox does not wait (a newest page cut
 * off by the next fault would hold it for the IQ's whole timeout). A message sent meanwhile
 * waits with the rest (Attachment.sending). Live messages are dated per account, across
 * sessions (streamTimesOf).
 */
import type { Element } from '@xmpp/xml';
import type { EmitEvent, ServerFeatures } from '../../shared/contract';
import { NS } from '../../shared/namespaces';
import { createLogger } from '../log';
import type { XmppClient } from '../xmpp/client';
import type { Attachment } from './attachment';
import type { BatchStore } from './batch';
import { buildEnableCarbons } from './carbons';
import { startCatchUp, type CatchUp } from './catchUp';
import { IngestFeed } from './ingestFeed';
import type { Outbox } from './outbox';
import { OwedCatchUps } from './owedCatchUps';
import { DistinctTimes } from './trust';

const log = createLogger('chat');

/**
 * Archive stamps have whole seconds and the server's clock is not ours: after a lost stream the
 * walk goes this much further back than the oldest message that stream carried.
 */
const STAMP_SLACK_MS = 5_000;
/** The longest the outbox waits for that walk before it sends again (a slow archive). */
const HANDED_WAIT_MS = 10_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

export interface SessionSyncDeps {
  readonly store: BatchStore;
  readonly emit: EmitEvent;
  readonly now: () => number;
  readonly newId: () => string;
  readonly outbox: Outbox;
  /** Whether this attachment is still the account's current one. */
  current(accountId: string, attachment: Attachment): boolean;
}

export interface SessionInfo {
  readonly features: ServerFeatures;
  readonly resumed: boolean;
}

export class SessionSync {
  readonly owed = new OwedCatchUps();
  readonly #deps: SessionSyncDeps;
  /** The catch-up of its own archive that each attachment started. */
  readonly #catchUps = new WeakMap<Attachment, CatchUp>();
  readonly #feeds = new WeakMap<XmppClient, IngestFeed>();
  readonly #streamTimes = new Map<string, DistinctTimes>();

  constructor(deps: SessionSyncDeps) {
    this.#deps = deps;
  }

  /** The account's live dating, one for all its sessions: one's last and the next's first differ. */
  streamTimesOf(accountId: string): DistinctTimes {
    let times = this.#streamTimes.get(accountId);
    if (!times) this.#streamTimes.set(accountId, (times = new DistinctTimes()));
    return times;
  }

  /** The catch-up of its own archive this attachment started, if any. */
  catchUpOf(attachment: Attachment): CatchUp | undefined {
    return this.#catchUps.get(attachment);
  }

  /**
   * Incoming stanzas and acks outlive attachments: on resumption the server re-sends what the
   * old stream carried, and confirms what we sent, before the account is attached again.
   */
  feedOf(accountId: string, client: XmppClient): IngestFeed {
    let feed = this.#feeds.get(client);
    if (!feed) {
      const { outbox } = this.#deps;
      this.#feeds.set(client, (feed = new IngestFeed(client, this.#deps.now)));
      client.on('acked', (stanza) => outbox.acked(accountId, stanza));
      client.entity.on('send', (stanza: Element) => {
        const originId = stanza.is('message') && stanza.getChild('origin-id', NS.sid)?.attrs.id;
        if (typeof originId === 'string') this.owed.sent(accountId, originId);
      });
      client.on('unacked', (stanza) => outbox.unacked(accountId, stanza));
    }
    return feed;
  }

  /**
   * Runs when the account is attached (its synchronous part first, before anything else can
   * flush the outbox); settles once the outbox has been flushed.
   */
  async run(attachment: Attachment, info: SessionInfo): Promise<void> {
    const { accountId, client } = attachment;
    // What the lost stream carried may have reached the server: found in the archive, it is not
    // sent again.
    const handed = info.resumed ? [] : this.#deps.outbox.newStream(accountId);
    if (!info.resumed) this.owed.freshSession(accountId);
    if (!info.resumed && info.features.server.includes(NS.carbons)) {
      await client.iqCaller
        .request(buildEnableCarbons())
        .catch((error: unknown) => log.warn(`${accountId}: carbons not enabled`, error));
    }
    if (
      this.owed.owed(accountId) &&
      info.features.account.includes(NS.mam) &&
      !attachment.detached
    ) {
      // Back past stored history too, where the archive has what the lost stream carried.
      const oldest = this.#oldestPending(handed);
      const catchUp = this.#ownCatchUp(
        attachment,
        oldest === undefined ? undefined : oldest - STAMP_SLACK_MS,
      );
      if (!info.resumed) {
        await catchUp.newest;
        if (oldest !== undefined) await Promise.race([catchUp.reached, sleep(HANDED_WAIT_MS)]);
      }
    }
    if (attachment.detached) return;
    // After a resumption stream management re-sends what the old stream had not confirmed;
    // everything else still pending goes now.
    attachment.sending = true;
    this.#deps.outbox.flush(accountId, attachment.link);
  }

  /** Starts a catch-up of an archive (ours, or a room's) on the attachment's connection. */
  catchUp(attachment: Attachment, archive: string, reach?: number): CatchUp {
    const { accountId, client } = attachment;
    const own = archive === accountId;
    const storedThisSession = own ? this.owed.storedThisSession(accountId) : undefined;
    return startCatchUp({
      accountId,
      archive,
      ...(storedThisSession && {
        storedThisSession,
        walked: (ids: readonly string[]) => this.owed.walkedPast(accountId, ids),
      }),
      ...(!own && { to: archive }),
      ...(reach !== undefined && { reach }),
      store: this.#deps.store,
      request: (stanza) => client.iqCaller.request(stanza),
      queries: attachment.queries,
      newId: this.#deps.newId,
      now: this.#deps.now,
      stopped: () => attachment.detached,
      flush: () => attachment.ctx.batch.flush(),
      progress: (progress) => this.#deps.emit('archive.progress', progress),
    });
  }

  #ownCatchUp(attachment: Attachment, reach: number | undefined): CatchUp {
    const { accountId } = attachment;
    const catchUp = this.catchUp(attachment, accountId, reach);
    this.#catchUps.set(attachment, catchUp);
    void catchUp.newest.then((stored) => {
      if (stored && this.#deps.current(accountId, attachment)) this.owed.newestStored(accountId);
    });
    void catchUp.done.then((end) => {
      const complete = end === 'done' || end === 'unsupported';
      if (complete && this.#deps.current(accountId, attachment)) this.owed.completed(accountId);
    });
    return catchUp;
  }

  /** When the oldest of these messages still pending was sent (epoch ms). */
  #oldestPending(ids: readonly string[]): number | undefined {
    let oldest: number | undefined;
    for (const id of ids) {
      try {
        const message = this.#deps.store.get(id);
        if (message?.state === 'pending') oldest = Math.min(oldest ?? Infinity, message.sentAt);
      } catch (error) {
        log.error('storage failed', error);
      }
    }
    return oldest;
  }
}
