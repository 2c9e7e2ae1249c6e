/**
 * The send stages in order, between the outbox row and the wire. Refuses to let a private item
 * (one a stage required when it was stored) go out unless a stage took charge of it: if the
 * stage that required it is gone or passes, the item fails rather than leak as plain text. A
 * stage that throws fails the item too (never a silent plain-text fallback).
 */
import type { Element } from '@xmpp/xml';
import type { ErrorInfo } from '../../shared/errors';
import { createLogger } from '../log';
import { StageList, type ConversationId, type OutboxItem, type SendStage } from './stages';

const log = createLogger('chat.send');

export type PipelineOutcome =
  | { readonly action: 'send'; readonly stanza: Element }
  | { readonly action: 'wait'; readonly stage: string }
  | { readonly action: 'fail'; readonly error: ErrorInfo };

type ResumeListener = (accountId: string, peer: string) => void;

export class SendPipeline {
  readonly stages = new StageList<SendStage>();
  readonly #listeners = new Set<ResumeListener>();

  /** Adds a stage after the others; returns its removal. */
  add(stage: SendStage): () => void {
    return this.stages.add(stage);
  }

  /**
   * Whether a message stored now in this conversation must be private. A stage that cannot say
   * (it throws) counts as requiring it: a message wrongly private waits or fails visibly, one
   * wrongly plain could leak.
   */
  requires(conversation: ConversationId): boolean {
    return this.stages.all().some((stage) => {
      try {
        return stage.requires(conversation);
      } catch (error) {
        log.error(`${conversation.accountId}: stage ${stage.name} failed to decide`, error);
        return true;
      }
    });
  }

  /** Runs the stages on the stanza built from an outbox item. Never throws. */
  run(item: OutboxItem, stanza: Element): PipelineOutcome {
    let current = stanza;
    let handled = false;
    for (const stage of this.stages.all()) {
      let verdict;
      try {
        verdict = stage.process(item, current);
      } catch (error) {
        log.error(`${item.accountId}: stage ${stage.name} failed`, error);
        return { action: 'fail', error: { code: 'internal', message: `${stage.name} failed` } };
      }
      if (verdict.action === 'wait') return { action: 'wait', stage: stage.name };
      if (verdict.action === 'fail') return verdict;
      if (verdict.action === 'send') {
        // Acks, receipts, errors and corrections find the row by this id.
        verdict.stanza.attrs.id = item.id;
        current = verdict.stanza;
        handled = true;
      }
    }
    if (item.private && !handled) {
      return {
        action: 'fail',
        error: { code: 'not-supported', message: 'no stage took a private message' },
      };
    }
    return { action: 'send', stanza: current };
  }

  /** A stage is ready for this conversation: what waited for it goes now. */
  resume(accountId: string, peer: string): void {
    for (const listener of this.#listeners) {
      try {
        listener(accountId, peer);
      } catch (error) {
        log.error(`${accountId}: resuming the outbox failed`, error);
      }
    }
  }

  /** The outbox listens here; returns the unsubscribe. */
  onResume(listener: ResumeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
