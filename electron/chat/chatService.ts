/**
 * Conversations of every kind for every account: the outbox (persisted before anything goes on
 * the wire), incoming messages (stored before they are acknowledged, routed by kind), carbons,
 * archive catch-up, receipts, chat states and corrections. The accounts service attaches each
 * account's live client; while an account is detached, sending still works and waits in the
 * outbox. Rooms (issue 7) register their kind's handler in `kinds`; end-to-end encryption
 * (issue 8) adds its stages to `receiveStages` and `sendPipeline`.
 */
import type { Element } from '@xmpp/xml';
import { randomUUID } from 'node:crypto';
import type {
  ChatState,
  Conversation,
  ConversationRef,
  EmitEvent,
  HistoryPage,
  HistoryParams,
  Message,
  Preferences,
  SearchHit,
  SearchParams,
  SendMessageParams,
  ServerFeatures,
} from '../../shared/contract';
import { NS } from '../../shared/namespaces';
import { fail, ok, type Result } from '../../shared/errors';
import { createLogger } from '../log';
import { createAttachment, type Attachment } from './attachment';
import type { BatchStore } from './batch';
import type { XmppClient } from '../xmpp/client';
import { startCatchUp, type CatchUp } from './catchUp';
import { buildEnableCarbons } from './carbons';
import { createKindRegistry } from './kinds/direct';
import type { KindRegistry } from './kinds/types';
import { IngestFeed } from './ingestFeed';
import { Outbox } from './outbox';
import { OwedCatchUps } from './owedCatchUps';
import { SendPipeline } from './sendPipeline';
import { resolvePeer, retryMessage, sendMessage, type SendingDeps } from './sending';
import { StageList, type ReceiveStage } from './stages';

const log = createLogger('chat');

export interface ChatServiceOptions {
  /** With insertMany (electron/storage has it), a burst of incoming messages is one commit. */
  readonly store: BatchStore;
  readonly emit: EmitEvent;
  readonly now?: () => number;
  readonly newId?: () => string;
  /**
   * Whether the peer may see our presence (roster subscription 'from' or 'both'). Receipts go
   * only to them: a receipt tells the sender we are online right now (XEP-0184 §8).
   */
  readonly sharesPresenceWith?: (accountId: string, peer: string) => boolean;
  /**
   * Whether a bare JID is a room the account knows: a private message from one of its
   * occupants then opens an occupant conversation even without the muc#user marker. None by
   * default (rooms arrive with issue 7).
   */
  readonly isRoom?: (accountId: string, bare: string) => boolean;
  /**
   * Whether an account exists (the accounts service knows it). Sending for any other is refused
   * before anything is stored: no connection would ever take its message out of the outbox.
   * Every account by default (unit tests without an accounts service).
   */
  readonly knowsAccount?: (accountId: string) => boolean;
}

export interface AttachInfo {
  readonly boundJid: string;
  readonly features: ServerFeatures;
  readonly resumed: boolean;
}

const HISTORY_PAGE = 50;
/**
 * Archive stamps have whole seconds and the server's clock is not ours: after a lost stream the
 * walk goes this much further back than the oldest message that stream carried.
 */
const STAMP_SLACK_MS = 5_000;
/** The longest the outbox waits for that walk before it sends again (a slow archive). */
const HANDED_WAIT_MS = 10_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

export class ChatService {
  /** Each conversation kind's handler: rooms register theirs here (issue 7). */
  readonly kinds: KindRegistry;
  /** Receive stages of the one-to-one kinds, in order (OTR decrypts here, issue 8). */
  readonly receiveStages = new StageList<ReceiveStage>();
  /** Send stages (OTR encrypts here); `resume` sends what waited for a stage. */
  readonly sendPipeline = new SendPipeline();
  readonly #store: BatchStore;
  readonly #emit: EmitEvent;
  readonly #now: () => number;
  readonly #newId: () => string;
  readonly #sharesPresenceWith: (accountId: string, peer: string) => boolean;
  readonly #isRoom: (accountId: string, bare: string) => boolean;
  readonly #sending: SendingDeps;
  readonly #attached = new Map<string, Attachment>();
  readonly #outbox: Outbox;
  /** Each client's incoming stanzas and acks, for as long as the client lives. */
  readonly #feeds = new WeakMap<XmppClient, IngestFeed>();
  /** The archive catch-up of each attachment (of our own archive). */
  readonly #catchUps = new WeakMap<Attachment, CatchUp>();
  /** Accounts owing a complete catch-up, and what their sessions stored themselves. */
  readonly #owed = new OwedCatchUps();

  constructor(options: ChatServiceOptions) {
    this.#store = options.store;
    this.#emit = options.emit;
    this.#now = options.now ?? Date.now;
    this.#newId = options.newId ?? randomUUID;
    this.#sharesPresenceWith = options.sharesPresenceWith ?? (() => true);
    this.#isRoom = options.isRoom ?? (() => false);
    this.kinds = createKindRegistry(this.receiveStages);
    this.#outbox = new Outbox({
      store: this.#store,
      pipeline: this.sendPipeline,
      kinds: this.kinds,
      changed: (message) => this.#changed(message),
    });
    this.#sending = {
      store: this.#store,
      kinds: this.kinds,
      pipeline: this.sendPipeline,
      outbox: this.#outbox,
      now: this.#now,
      newId: this.#newId,
      changed: (message) => this.#changed(message),
      link: (accountId) => this.#attached.get(accountId)?.link,
      knows: options.knowsAccount ?? (() => true),
    };
    // A stage is ready (a private session is up): what waited for it goes now.
    this.sendPipeline.onResume((accountId, peer) => {
      const attachment = this.#attached.get(accountId);
      if (attachment) this.#outbox.flush(accountId, attachment.link, peer);
    });
  }

  /** The account is online (fresh session or resumption); returns the detach function. */
  attach(accountId: string, client: XmppClient, info: AttachInfo): () => void {
    const previous = this.#attached.get(accountId);
    if (previous) this.#dispose(previous);
    const attachment = createAttachment({
      accountId,
      client,
      features: info.features,
      store: this.#store,
      emit: this.#emit,
      now: this.#now,
      newId: this.#newId,
      mayReceipt: (peer) => this.#sharesPresenceWith(accountId, peer),
      kinds: this.kinds,
      isRoom: (bare) => this.#isRoom(accountId, bare),
      arrived: (id) => this.#owed.arrived(accountId, id),
      sentThisSession: (originId) => this.#owed.sentThisSession(accountId, originId),
    });
    this.#attached.set(accountId, attachment);
    this.#feedOf(accountId, client).attach(attachment);
    // What the lost stream carried may have reached the server: found in the archive, it is not
    // sent again (a second copy in every archive, shown twice by clients that keep both).
    const handed = info.resumed ? [] : this.#outbox.newStream(accountId);
    if (!info.resumed) this.#owed.freshSession(accountId);
    attachment.synced = this.#sync(accountId, attachment, info, handed).catch((error: unknown) =>
      log.warn(`${accountId}: synchronisation stopped`, error),
    );
    return () => {
      if (this.#attached.get(accountId) === attachment) this.#attached.delete(accountId);
      this.#dispose(attachment);
    };
  }

  /**
   * Incoming stanzas and acks outlive attachments: on resumption the server re-sends what the
   * old stream carried, and confirms what we sent, before the account is attached again.
   */
  #feedOf(accountId: string, client: XmppClient): IngestFeed {
    let feed = this.#feeds.get(client);
    if (!feed) {
      this.#feeds.set(client, (feed = new IngestFeed(client, this.#now)));
      client.on('acked', (stanza) => this.#outbox.acked(accountId, stanza));
      client.entity.on('send', (stanza: Element) => {
        const originId = stanza.is('message') && stanza.getChild('origin-id', NS.sid)?.attrs.id;
        if (typeof originId === 'string') this.#owed.sent(accountId, originId);
      });
      client.on('unacked', (stanza) => this.#outbox.unacked(accountId, stanza));
    }
    return feed;
  }

  #dispose(attachment: Attachment): void {
    this.#feeds.get(attachment.client)?.detach(attachment);
    attachment.dispose();
  }

  /**
   * Resolves when the current attachment's newest archive page is stored and its outbox flushed
   * (tests, UI); older history may still be filling in (see whenCaughtUp).
   */
  whenSynced(accountId: string): Promise<void> {
    return this.#attached.get(accountId)?.synced ?? Promise.resolve();
  }

  /** Resolves when the current attachment's whole archive catch-up is over (tests, benches). */
  async whenCaughtUp(accountId: string): Promise<void> {
    const attachment = this.#attached.get(accountId);
    if (!attachment) return;
    await attachment.synced;
    await this.#catchUps.get(attachment)?.done;
  }

  /** Stores the message (or correction) in the outbox, then sends what can go now. */
  send(params: SendMessageParams): Result<Message> {
    return sendMessage(this.#sending, params);
  }

  retry(accountId: string, id: string): Result<Message> {
    return retryMessage(this.#sending, accountId, id);
  }

  history(params: HistoryParams): Result<HistoryPage> {
    const resolved = resolvePeer(params.kind, params.peer);
    if (!resolved.ok) return resolved;
    const { peer } = resolved.value;
    // Opening a conversation while older history is still filling in: its own newest page first.
    if (
      (params.kind ?? 'chat') === 'chat' &&
      !params.before &&
      !params.around &&
      !params.background
    ) {
      const attachment = this.#attached.get(params.accountId);
      if (attachment) this.#catchUps.get(attachment)?.prioritize(peer);
    }
    return this.#guard(() =>
      this.#store.page(params.accountId, peer, {
        limit: params.limit ?? HISTORY_PAGE,
        ...(params.before !== undefined && { before: params.before }),
        ...(params.around !== undefined && { around: params.around }),
      }),
    );
  }

  conversations(): Result<Conversation[]> {
    return this.#guard(() => this.#store.conversations());
  }

  markRead(ref: ConversationRef): Result<null> {
    const resolved = resolvePeer(ref.kind, ref.peer);
    if (!resolved.ok) return resolved;
    const { accountId } = ref;
    const { peer } = resolved.value;
    return this.#guard(() => {
      if (this.#store.markRead(accountId, peer) > 0) {
        this.#emit('conversation.changed', this.#store.conversation(accountId, peer));
      }
      return null;
    });
  }

  /**
   * Our chat state in a conversation; silently nothing while the account is offline or for a
   * kind that has none to send (rooms, until issue 7).
   */
  setState(ref: ConversationRef & { state: ChatState }): Result<null> {
    const resolved = resolvePeer(ref.kind, ref.peer);
    if (!resolved.ok) return resolved;
    const { kind, peer } = resolved.value;
    const build = this.kinds.get(kind)?.chatState;
    const attachment = this.#attached.get(ref.accountId);
    if (attachment && build) {
      attachment.write(build({ id: this.#newId(), peer, state: ref.state }), 'state');
    }
    return ok(null);
  }

  search(params: SearchParams): Result<SearchHit[]> {
    if (params.peer === undefined) return this.#guard(() => this.#store.search(params));
    const resolved = resolvePeer(params.kind, params.peer);
    if (!resolved.ok) return resolved;
    return this.#guard(() => this.#store.search({ ...params, peer: resolved.value.peer }));
  }

  /** App-wide preferences (the archive catch-up reads its window from the store). */
  preferences(): Result<Preferences> {
    return this.#guard(() => this.#store.preferences());
  }

  setPreferences(patch: Partial<Preferences>): Result<Preferences> {
    const saved = this.#guard(() => this.#store.setPreferences(patch));
    if (saved.ok) this.#emit('prefs.changed', saved.value);
    return saved;
  }

  /**
   * Catches up with a room's archive on the account's current connection (newest first, like
   * our own); undefined while the account is detached.
   */
  catchUpRoom(accountId: string, room: string): CatchUp | undefined {
    const attachment = this.#attached.get(accountId);
    return attachment ? this.#startCatchUp(attachment, room) : undefined;
  }

  #startCatchUp(attachment: Attachment, archive: string, own = false): CatchUp {
    const { accountId, client } = attachment;
    const storedThisSession = own ? this.#owed.storedThisSession(accountId) : undefined;
    return startCatchUp({
      accountId,
      archive,
      ...(storedThisSession && {
        storedThisSession,
        walked: (ids: readonly string[]) => this.#owed.walkedPast(accountId, ids),
      }),
      ...(archive !== accountId && { to: archive }),
      store: this.#store,
      request: (stanza) => client.iqCaller.request(stanza),
      queries: attachment.queries,
      newId: this.#newId,
      now: this.#now,
      stopped: () => attachment.detached,
      flush: () => attachment.ctx.batch.flush(),
      progress: (progress) => this.#emit('archive.progress', progress),
    });
  }

  async #sync(
    accountId: string,
    attachment: Attachment,
    info: AttachInfo,
    handed: readonly string[],
  ): Promise<void> {
    const { client } = attachment;
    if (!info.resumed) {
      if (info.features.server.includes(NS.carbons)) {
        await client.iqCaller
          .request(buildEnableCarbons())
          .catch((error: unknown) => log.warn(`${accountId}: carbons not enabled`, error));
      }
    }
    if (
      this.#owed.owed(accountId) &&
      info.features.account.includes(NS.mam) &&
      !attachment.detached
    ) {
      const catchUp = this.#startCatchUp(attachment, accountId, true);
      this.#catchUps.set(attachment, catchUp);
      void catchUp.newest.then((stored) => {
        if (stored && this.#attached.get(accountId) === attachment) {
          this.#owed.newestStored(accountId);
        }
      });
      void catchUp.done.then((end) => {
        const complete = end === 'done' || end === 'unsupported';
        if (complete && this.#attached.get(accountId) === attachment) {
          this.#owed.completed(accountId);
        }
      });
      // The outbox waits for the newest page (older history fills in behind it), and further
      // back while what the lost stream carried is older: what the walk finds of our pending
      // messages is marked sent rather than sent twice. On a resumed stream, stream management
      // settles what the old one carried, so nothing pending can go twice: the outbox does not
      // wait (a newest page cut off by the next fault would hold it for the IQ's whole timeout).
      if (!info.resumed) {
        await catchUp.newest;
        const oldest = this.#oldestPending(handed);
        if (oldest !== undefined) {
          await Promise.race([catchUp.passed(oldest - STAMP_SLACK_MS), sleep(HANDED_WAIT_MS)]);
        }
      }
    }
    if (attachment.detached) return;
    // After a resumption stream management re-sends what the old stream had not confirmed;
    // everything else still pending goes now.
    this.#outbox.flush(accountId, attachment.link);
  }

  /** When the oldest of these messages still pending was sent (epoch ms). */
  #oldestPending(ids: readonly string[]): number | undefined {
    let oldest: number | undefined;
    for (const id of ids) {
      const message = this.#guard(() => this.#store.get(id));
      if (!message.ok || message.value?.state !== 'pending') continue;
      oldest = Math.min(oldest ?? Infinity, message.value.sentAt);
    }
    return oldest;
  }

  #changed(message: Message): void {
    this.#emit('message.upserted', message);
    this.#emit('conversation.changed', this.#store.conversation(message.accountId, message.peer));
  }

  #guard<T>(run: () => T): Result<T> {
    try {
      return ok(run());
    } catch (error) {
      log.error('storage failed', error);
      return fail('storage-failed', 'Storage failed');
    }
  }
}
