/**
 * Conversations of every kind for every account: the outbox (persisted before anything goes on
 * the wire), incoming messages (stored before they are acknowledged, routed by kind), carbons,
 * archive catch-up, receipts, chat states and corrections. The accounts service attaches each
 * account's live client; while an account is detached, sending still works and waits in the
 * outbox. Rooms (issue 7) register their kind's handler in `kinds`; end-to-end encryption
 * (issue 8) adds its stages to `receiveStages` and `sendPipeline`. What an attachment does first
 * (carbons, the catch-up owed, the outbox) is in sessionSync.ts.
 */
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
import { fail, ok, type Result } from '../../shared/errors';
import { createLogger } from '../log';
import { createAttachment, type Attachment } from './attachment';
import type { BatchStore } from './batch';
import type { XmppClient } from '../xmpp/client';
import type { CatchUp } from './catchUp';
import { createKindRegistry } from './kinds/direct';
import type { KindRegistry } from './kinds/types';
import { Outbox, type OutboxLink } from './outbox';
import { SendPipeline } from './sendPipeline';
import { SessionSync } from './sessionSync';
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
  /** What each attachment does first: carbons, the catch-up owed, the outbox. */
  readonly #sync: SessionSync;

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
      link: (accountId) => this.#sendingLink(accountId),
      knows: options.knowsAccount ?? (() => true),
    };
    this.#sync = new SessionSync({
      store: this.#store,
      emit: this.#emit,
      now: this.#now,
      newId: this.#newId,
      outbox: this.#outbox,
      current: (accountId, attachment) => this.#attached.get(accountId) === attachment,
    });
    // A stage is ready (a private session is up): what waited for it goes now.
    this.sendPipeline.onResume((accountId, peer) => {
      const link = this.#sendingLink(accountId);
      if (link) this.#outbox.flush(accountId, link, peer);
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
      arrived: (id) => this.#sync.owed.arrived(accountId, id),
      sentThisSession: (originId) => this.#sync.owed.sentThisSession(accountId, originId),
      streamTimes: this.#sync.streamTimesOf(accountId),
    });
    this.#attached.set(accountId, attachment);
    this.#sync.feedOf(accountId, client).attach(attachment);
    attachment.synced = this.#sync
      .run(attachment, info)
      .catch((error: unknown) => log.warn(`${accountId}: synchronisation stopped`, error));
    return () => {
      if (this.#attached.get(accountId) === attachment) this.#attached.delete(accountId);
      this.#dispose(attachment);
    };
  }

  #dispose(attachment: Attachment): void {
    this.#sync.feedOf(attachment.accountId, attachment.client).detach(attachment);
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
    await this.#sync.catchUpOf(attachment)?.done;
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
      if (attachment) this.#sync.catchUpOf(attachment)?.prioritize(peer);
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
    return attachment ? this.#sync.catchUp(attachment, room) : undefined;
  }

  /** The current attachment's link once it may send (Attachment.sending). */
  #sendingLink(accountId: string): OutboxLink | undefined {
    const attachment = this.#attached.get(accountId);
    return attachment?.sending ? attachment.link : undefined;
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
