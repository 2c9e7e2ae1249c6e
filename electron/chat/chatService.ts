/**
 * One-to-one chat for every account: the outbox (persisted before anything goes on the wire),
 * incoming messages (stored before they are acknowledged), carbons, archive catch-up, receipts,
 * chat states and corrections. The accounts service attaches each account's live client; while an
 * account is detached, sending still works and waits in the outbox.
 */
import { randomUUID } from 'node:crypto';
import type {
  ChatState,
  Conversation,
  EmitEvent,
  HistoryPage,
  HistoryParams,
  Message,
  SearchHit,
  SearchParams,
  SendMessageParams,
  ServerFeatures,
} from '../../shared/contract';
import { NS } from '../../shared/namespaces';
import { MAX_BODY_CHARS } from '../../shared/schemas/chat';
import { fail, ok, type Result } from '../../shared/errors';
import { toBare } from '../../shared/jid';
import { createLogger } from '../log';
import { createAttachment, type Attachment } from './attachment';
import type { BatchStore } from './batch';
import type { XmppClient } from '../xmpp/client';
import { catchUp } from './catchUp';
import { buildEnableCarbons } from './carbons';
import { Outbox } from './outbox';
import { buildChatMessage, buildChatState } from './stanzas';

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
}

export interface AttachInfo {
  readonly boundJid: string;
  readonly features: ServerFeatures;
  readonly resumed: boolean;
}

const HISTORY_PAGE = 50;

export class ChatService {
  readonly #store: BatchStore;
  readonly #emit: EmitEvent;
  readonly #now: () => number;
  readonly #newId: () => string;
  readonly #sharesPresenceWith: (accountId: string, peer: string) => boolean;
  readonly #attached = new Map<string, Attachment>();
  readonly #outbox: Outbox;
  readonly #ackFeeds = new WeakSet<XmppClient>();

  constructor(options: ChatServiceOptions) {
    this.#store = options.store;
    this.#emit = options.emit;
    this.#now = options.now ?? Date.now;
    this.#newId = options.newId ?? randomUUID;
    this.#sharesPresenceWith = options.sharesPresenceWith ?? (() => true);
    this.#outbox = new Outbox(this.#store, (message) => this.#changed(message));
  }

  /** The account is online (fresh session or resumption); returns the detach function. */
  attach(accountId: string, client: XmppClient, info: AttachInfo): () => void {
    const previous = this.#attached.get(accountId);
    if (previous) previous.dispose();
    const attachment = createAttachment({
      accountId,
      client,
      features: info.features,
      store: this.#store,
      emit: this.#emit,
      now: this.#now,
      newId: this.#newId,
      mayReceipt: (peer) => this.#sharesPresenceWith(accountId, peer),
    });
    this.#attached.set(accountId, attachment);
    // Acks outlive attachments: on resumption the server confirms what the old stream carried
    // before the account is attached again.
    if (!this.#ackFeeds.has(client)) {
      this.#ackFeeds.add(client);
      client.on('acked', (stanza) => this.#outbox.acked(accountId, stanza));
      client.on('unacked', (stanza) => this.#outbox.unacked(accountId, stanza));
    }
    if (!info.resumed) this.#outbox.newStream(accountId);
    attachment.synced = this.#sync(accountId, attachment, info).catch((error: unknown) =>
      log.warn(`${accountId}: synchronisation stopped`, error),
    );
    return () => {
      if (this.#attached.get(accountId) === attachment) this.#attached.delete(accountId);
      attachment.dispose();
    };
  }

  /** Resolves when the current attachment's catch-up and outbox flush are over (tests, UI). */
  whenSynced(accountId: string): Promise<void> {
    return this.#attached.get(accountId)?.synced ?? Promise.resolve();
  }

  send(params: SendMessageParams): Result<Message> {
    const peer = toBare(params.peer);
    if (!peer) return fail('invalid-jid', 'Malformed recipient address');
    if (params.body.length === 0) return fail('invalid-params', 'Empty message');
    if (params.body.length > MAX_BODY_CHARS) return fail('message-too-large', 'Message too long');
    if (params.correctionOf !== undefined) return this.#correct(params, peer);
    const id = this.#newId();
    let message: Message;
    try {
      message = this.#store.insert({
        id,
        accountId: params.accountId,
        peer,
        direction: 'out',
        body: params.body,
        sentAt: this.#now(),
        state: 'pending',
        via: 'live',
        private: false,
        originId: id,
        xmppId: id,
      }).message;
    } catch (error) {
      log.error(`${params.accountId}: could not store an outgoing message`, error);
      return fail('storage-failed', 'The message could not be saved');
    }
    this.#changed(message);
    const attachment = this.#attached.get(params.accountId);
    if (attachment) this.#outbox.transmit(attachment.link, message);
    return ok(message);
  }

  retry(accountId: string, id: string): Result<Message> {
    const found = this.#store.get(id);
    if (found?.accountId !== accountId || found.direction !== 'out') {
      return fail('not-found', 'No such outgoing message');
    }
    if (found.state !== 'failed' && found.state !== 'pending') return ok(found);
    const message = this.#store.update(id, { state: 'pending', error: null }) ?? found;
    this.#changed(message);
    const attachment = this.#attached.get(accountId);
    if (attachment) this.#outbox.transmit(attachment.link, message);
    return ok(message);
  }

  history(params: HistoryParams): Result<HistoryPage> {
    const peer = toBare(params.peer);
    if (!peer) return fail('invalid-jid', 'Malformed address');
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

  markRead(accountId: string, peer: string): Result<null> {
    const bare = toBare(peer);
    if (!bare) return fail('invalid-jid', 'Malformed address');
    return this.#guard(() => {
      if (this.#store.markRead(accountId, bare) > 0) {
        this.#emit('conversation.changed', this.#store.conversation(accountId, bare));
      }
      return null;
    });
  }

  /** Our chat state towards a peer; silently nothing while the account is offline. */
  setState(accountId: string, peer: string, state: ChatState): Result<null> {
    const bare = toBare(peer);
    if (!bare) return fail('invalid-jid', 'Malformed address');
    const attachment = this.#attached.get(accountId);
    if (attachment) {
      attachment.write(buildChatState({ id: this.#newId(), to: bare, state }), 'state');
    }
    return ok(null);
  }

  search(params: SearchParams): Result<SearchHit[]> {
    return this.#guard(() => this.#store.search(params));
  }

  async #sync(accountId: string, attachment: Attachment, info: AttachInfo): Promise<void> {
    const { client } = attachment;
    if (!info.resumed) {
      if (info.features.server.includes(NS.carbons)) {
        await client.iqCaller
          .request(buildEnableCarbons())
          .catch((error: unknown) => log.warn(`${accountId}: carbons not enabled`, error));
      }
      if (info.features.account.includes(NS.mam) && !attachment.detached) {
        await catchUp({
          accountId,
          store: this.#store,
          request: (stanza) => client.iqCaller.request(stanza),
          queries: attachment.queries,
          newId: this.#newId,
          now: this.#now,
          stopped: () => attachment.detached,
          flush: () => attachment.ctx.batch.flush(),
        });
      }
    }
    if (attachment.detached) return;
    // After a resumption stream management re-sends what the old stream had not confirmed;
    // everything else still pending goes now.
    this.#outbox.flush(accountId, attachment.link);
  }

  #correct(params: SendMessageParams, peer: string): Result<Message> {
    const original = this.#store.get(params.correctionOf!);
    if (
      original?.accountId !== params.accountId ||
      original.peer !== peer ||
      original.direction !== 'out' ||
      // Only what this device sent has our id as its XMPP id, which the <replace/> must name.
      original.via !== 'live'
    ) {
      return fail('not-found', 'Only our own messages in this conversation can be corrected');
    }
    const updated = this.#guard(() =>
      this.#store.update(original.id, { body: params.body, editedAt: this.#now() }),
    );
    if (!updated.ok || !updated.value) return fail('storage-failed', 'Correction not saved');
    this.#changed(updated.value);
    // A message still in the outbox simply goes out with its new text.
    const attachment = this.#attached.get(params.accountId);
    if (attachment && original.state !== 'pending' && original.state !== 'failed') {
      const id = this.#newId();
      const stanza = buildChatMessage({
        id,
        to: peer,
        body: params.body,
        replaces: original.id,
      });
      attachment.write(stanza, 'correction');
    }
    return ok(updated.value);
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
