/**
 * The chat.send and chat.retry requests: what the user asked to send is stored in the outbox
 * first (a message as pending, a correction as an outbox correction), then the outbox sends
 * what it can. Whether a message is private (a send stage, OTR, requires it) is decided here,
 * when it is stored, and never changes afterwards.
 */
import type { ConversationKind, Message, SendMessageParams } from '../../shared/contract';
import { conversationPeer } from '../../shared/conversation';
import { fail, ok, type Result } from '../../shared/errors';
import { MAX_BODY_CHARS } from '../../shared/schemas/chat';
import { createLogger } from '../log';
import type { MessageStore } from '../storage/types';
import type { KindRegistry } from './kinds/types';
import type { Outbox, OutboxLink } from './outbox';
import type { SendPipeline } from './sendPipeline';

const log = createLogger('chat');

export interface SendingDeps {
  readonly store: MessageStore;
  readonly kinds: KindRegistry;
  readonly pipeline: SendPipeline;
  readonly outbox: Outbox;
  readonly now: () => number;
  readonly newId: () => string;
  /** A message changed: tell the renderer (message and conversation). */
  changed(message: Message): void;
  /** The account's live connection, while it is attached. */
  link(accountId: string): OutboxLink | undefined;
  /** Whether the account exists: a message for no account would wait in the outbox forever. */
  knows(accountId: string): boolean;
}

/** The conversation a request names, in normal form; or the coded error. */
export function resolvePeer(
  kind: ConversationKind | undefined,
  peer: string,
): Result<{ kind: ConversationKind; peer: string }> {
  const k = kind ?? 'chat';
  const normal = conversationPeer(k, peer);
  return normal === null ? fail('invalid-jid', 'Malformed address') : ok({ kind: k, peer: normal });
}

export function sendMessage(deps: SendingDeps, params: SendMessageParams): Result<Message> {
  const resolved = resolvePeer(params.kind, params.peer);
  if (!resolved.ok) return resolved;
  if (!deps.knows(params.accountId)) return fail('not-found', 'No such account');
  const { kind, peer } = resolved.value;
  // Rooms send through their own handler (issue 7); until one is registered, they cannot.
  if (!deps.kinds.get(kind)?.outgoing) return fail('not-supported', `Cannot send to a ${kind}`);
  if (params.body.length === 0) return fail('invalid-params', 'Empty message');
  if (params.body.length > MAX_BODY_CHARS) return fail('message-too-large', 'Message too long');
  if (params.correctionOf !== undefined) {
    return correct(deps, { ...params, kind, peer, correctionOf: params.correctionOf });
  }
  const { accountId } = params;
  const id = deps.newId();
  let message: Message;
  try {
    message = deps.store.insert({
      id,
      accountId,
      kind,
      peer,
      direction: 'out',
      body: params.body,
      sentAt: deps.now(),
      state: 'pending',
      via: 'live',
      private: deps.pipeline.requires({ accountId, kind, peer }),
      originId: id,
      xmppId: id,
    }).message;
  } catch (error) {
    log.error(`${accountId}: could not store an outgoing message`, error);
    return fail('storage-failed', 'The message could not be saved');
  }
  deps.changed(message);
  flush(deps, accountId, peer);
  return ok(message);
}

export function retryMessage(deps: SendingDeps, accountId: string, id: string): Result<Message> {
  if (!deps.knows(accountId)) return fail('not-found', 'No such account');
  try {
    const found = deps.store.get(id);
    if (found?.accountId !== accountId || found.direction !== 'out') {
      return fail('not-found', 'No such outgoing message');
    }
    if (found.state !== 'failed' && found.state !== 'pending') return ok(found);
    const message = deps.store.update(id, { state: 'pending', error: null }) ?? found;
    deps.changed(message);
    flush(deps, accountId, message.peer);
    return ok(message);
  } catch (error) {
    log.error(`${accountId}: could not retry a message`, error);
    return fail('storage-failed', 'Storage failed');
  }
}

interface Correction {
  readonly accountId: string;
  readonly kind: ConversationKind;
  readonly peer: string;
  readonly body: string;
  readonly correctionOf: string;
}

/**
 * A correction (XEP-0308) of our own message. One the server does not have yet (pending and not
 * on the wire, or failed) just changes its text; otherwise the correction is stored in the
 * outbox (the message shows the new text at once) and goes out like a message, after the
 * messages before it, through the same stages, now or once the account is back online.
 */
function correct(deps: SendingDeps, c: Correction): Result<Message> {
  try {
    const original = deps.store.get(c.correctionOf);
    if (
      original?.accountId !== c.accountId ||
      original.kind !== c.kind ||
      original.peer !== c.peer ||
      original.direction !== 'out' ||
      // Only what this device sent has our id as its XMPP id, which the <replace/> must name.
      original.via !== 'live'
    ) {
      return fail('not-found', 'Only our own messages in this conversation can be corrected');
    }
    const unsent =
      (original.state === 'pending' && !deps.outbox.isInFlight(c.accountId, original.id)) ||
      original.state === 'failed';
    const updated = unsent
      ? deps.store.update(original.id, { body: c.body, editedAt: deps.now() })
      : deps.store.addCorrection({
          id: deps.newId(),
          accountId: c.accountId,
          kind: c.kind,
          peer: c.peer,
          messageId: original.id,
          body: c.body,
          createdAt: deps.now(),
        });
    if (!updated) return fail('not-found', 'No such message');
    deps.changed(updated);
    if (!unsent) flush(deps, c.accountId, c.peer);
    return ok(updated);
  } catch (error) {
    log.error(`${c.accountId}: could not store a correction`, error);
    return fail('storage-failed', 'Correction not saved');
  }
}

function flush(deps: SendingDeps, accountId: string, peer: string): void {
  const link = deps.link(accountId);
  if (link) deps.outbox.flush(accountId, link, peer);
}
