/**
 * What a conversation kind's handler receives from the ingest pipeline, and what it offers the
 * send side. Each kind (one-to-one chat, private messages through a room, rooms) is one handler
 * in a registry, so rooms (issue 7) and encryption (issue 8) plug in without editing each other.
 */
import type { Element } from '@xmpp/xml';
import type { ChatState, ConversationKind, Message, Sender } from '../../../shared/contract';
import type { ArchiveQueryTracker } from '../archiveQueries';
import type { IngestContext } from '../ingest';
import type { OutboxItem } from '../stages';
import type { ParsedMessage } from '../stanzas';

/** One incoming <message/> after its envelope (live, carbon, archive result) was checked. */
export interface Incoming {
  /** The message itself: the stanza, or the one a carbon or archive result forwards. */
  readonly message: ParsedMessage;
  readonly via: Message['via'];
  /** As far as the envelope tells: ours when it is from our own account. */
  readonly direction: 'in' | 'out';
  /** When it was sent, from stamps we trust only (trust.ts); never in the future. */
  readonly sentAt: number;
  /**
   * Its id in `archive`: the archive id of a result, or our own server's stamp on a live
   * message or carbon (only when the server stamps). Both or neither. A room's own stamp on a
   * live group message is for the room's handler to read (trust.stanzaIdBy).
   */
  readonly stanzaId?: string;
  readonly archive?: string;
  /** The archive query this result answers. */
  readonly query?: ArchiveQueryTracker;
  /**
   * For an archive result: call once its commit is done (a batch `after` callback) with
   * whether it was new. A result not reported is reported as not stored once the batch commits.
   */
  readonly archived?: { stored(inserted: boolean, elsewhere?: boolean): void };
  /** Straight from its sender on the live stream: receipts may answer it, chat states count. */
  readonly live: boolean;
}

/** The conversation an incoming message belongs to, and who wrote it. */
export interface Target {
  readonly kind: ConversationKind;
  readonly peer: string;
  /** Absent on our own messages. */
  readonly sender?: Sender;
}

export interface KindHandler {
  /** Stores (or otherwise handles) one incoming message of this kind. May throw on storage. */
  receive(ctx: IngestContext, incoming: Incoming, target: Target): void;
  /** A bounce (type=error) of one of our messages in a conversation of this kind. */
  bounce?(ctx: IngestContext, message: ParsedMessage, target: Target): void;
  /** The stanza for an outbox item; a kind without it cannot be sent to (not-supported). */
  outgoing?(item: OutboxItem): Element;
  /** A standalone chat state to the peer; a kind without it sends none. */
  chatState?(options: { id: string; peer: string; state: ChatState }): Element;
}

/** The handler of each kind. A kind without one is dropped on arrival (with a debug log). */
export class KindRegistry {
  readonly #handlers = new Map<ConversationKind, KindHandler>();

  /** Registers the kind's handler; returns its removal. A kind has one handler at a time. */
  register(kind: ConversationKind, handler: KindHandler): () => void {
    if (this.#handlers.has(kind)) throw new Error(`a handler for ${kind} is registered already`);
    this.#handlers.set(kind, handler);
    return () => {
      if (this.#handlers.get(kind) === handler) this.#handlers.delete(kind);
    };
  }

  get(kind: ConversationKind): KindHandler | undefined {
    return this.#handlers.get(kind);
  }
}
