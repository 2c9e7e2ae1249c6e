/**
 * Where end-to-end encryption (OTR, issue 8) plugs into one-to-one conversations, on both sides,
 * without the chat code knowing it: receive stages see each parsed message of the chat kinds
 * before it is stored, send stages see each stanza the outbox builds before it goes on the wire.
 *
 * Stages are synchronous on purpose: an incoming message must be stored within the task that
 * received it (before the stream-management ack that covers it, see batch.ts), and an outgoing
 * one is decided on while the outbox walks its rows. A stage that needs the network (a key
 * exchange) starts it itself and answers `wait`; it calls SendPipeline.resume when it is ready.
 */
import type { Element } from '@xmpp/xml';
import type { ConversationKind, Message } from '../../shared/contract';
import type { ErrorInfo } from '../../shared/errors';
import type { ParsedMessage } from './stanzas';

/** A conversation as the stages see it. */
export interface ConversationId {
  readonly accountId: string;
  readonly kind: ConversationKind;
  readonly peer: string;
}

/** One incoming message (with a body) of a chat kind, before it is stored. */
export interface ReceiveInput extends ConversationId {
  readonly direction: 'in' | 'out';
  readonly via: Message['via'];
  readonly message: ParsedMessage;
}

export type ReceiveVerdict =
  /** Go on, with the message as it is or as the stage turned it (decrypted); private marks it. */
  | { readonly action: 'pass'; readonly message?: ParsedMessage; readonly private?: boolean }
  /** The stage took the message (a protocol message of its own): nothing is stored. */
  | { readonly action: 'consume' };

export interface ReceiveStage {
  /** For logs. */
  readonly name: string;
  receive(input: ReceiveInput): ReceiveVerdict;
}

/** One thing the outbox sends, as the user asked for it: a message or a correction. */
export interface OutboxItem extends ConversationId {
  /** The XMPP id of the stanza (our message id, or the correction's own id). */
  readonly id: string;
  readonly body: string;
  /** A correction (XEP-0308): our id of the message it corrects. */
  readonly replaces?: string;
  /**
   * Stored private: a stage required it when the message was stored, so it goes out only as a
   * stage processed it, never as the plain stanza.
   */
  readonly private: boolean;
}

export type SendVerdict =
  /** Not this stage's business: the stanza goes on unchanged. */
  | { readonly action: 'pass' }
  /** The stage took charge and this is what goes on the wire (encrypted); same id. */
  | { readonly action: 'send'; readonly stanza: Element }
  /** Not yet (no private session): the item stays in the outbox until resume(). */
  | { readonly action: 'wait' }
  /** Never: the item fails with this coded error (the user may retry). */
  | { readonly action: 'fail'; readonly error: ErrorInfo };

export interface SendStage {
  /** For logs. */
  readonly name: string;
  /**
   * Asked when a message is stored: whether this conversation's messages need this stage. They
   * are then stored private (kept out of search) and never go out unprocessed.
   */
  requires(conversation: ConversationId): boolean;
  /** At send time, on the stanza built from the outbox row (or the previous stage's output). */
  process(item: OutboxItem, stanza: Element): SendVerdict;
}

/** An ordered list of stages that can grow and shrink while the app runs. */
export class StageList<T> {
  #stages: readonly T[] = [];

  /** Adds a stage after the others; returns its removal. */
  add(stage: T): () => void {
    this.#stages = [...this.#stages, stage];
    return () => {
      this.#stages = this.#stages.filter((s) => s !== stage);
    };
  }

  /** A snapshot: a stage added or removed meanwhile does not change a walk in progress. */
  all(): readonly T[] {
    return this.#stages;
  }
}
