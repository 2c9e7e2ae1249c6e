/**
 * The handler of group messages (kind 'room'). What it believes, and why:
 *
 * - A group message counts only from a room the account is in (or entering), live, or from that
 *   room's own archive; a carbon or another archive's copy of a group message is dropped.
 * - The room's stanza-id (`by` = the room) de-duplicates, and only when the room archives
 *   (it then stamps every message and strips forged stamps). Ids an occupant chooses (id,
 *   origin-id) never decide that a message is a duplicate: they only find our own echo and the
 *   message a correction names, and a correction counts only from the nickname that wrote it.
 * - The room's delay dates a message only while the room replays its history (between our
 *   entry and the subject, XEP-0045 §7.2.15); later an occupant could write any date.
 * - Our own message comes back from the room (our nickname, our origin-id): it is the room's
 *   confirmation, marks the outbox row delivered and gives it the room's stanza-id.
 */
import xml from '@xmpp/xml';
import { NS } from '../../shared/namespaces';
import type { NewMessage } from '../storage/types';
import type { IngestContext } from '../chat/ingest';
import type { Incoming, KindHandler, Target } from '../chat/kinds/types';
import { type ParsedMessage } from '../chat/stanzas';
import { bounce, emitChanged } from '../chat/kinds/directEffects';
import { datedAt, stanzaIdBy } from '../chat/trust';
import { createLogger } from '../log';
import type { RoomState } from './roomState';

const log = createLogger('muc.messages');

export interface RoomLookup {
  /** The room of this account we are in or entering; undefined for any other. */
  room(accountId: string, room: string): RoomState | undefined;
  /** The subject (or history phase) changed: tell the renderer. */
  subjectChanged(state: RoomState): void;
  /** The room says its configuration changed: ask it what it is now. */
  configChanged(state: RoomState): void;
}

export function createRoomHandler(lookup: RoomLookup): KindHandler {
  return {
    receive: (ctx, incoming, target) => receive(ctx, lookup, incoming, target),
    // A room's refusal of our message (not in the room, no voice) fails it as a chat's would.
    bounce,
    outgoing: (item) =>
      xml(
        'message',
        { type: 'groupchat', id: item.id, to: item.peer },
        xml('body', {}, item.body),
        xml('origin-id', { xmlns: NS.sid, id: item.id }),
        xml('active', { xmlns: NS.chatStates }),
        ...(item.replaces ? [xml('replace', { xmlns: NS.correct, id: item.replaces })] : []),
      ),
    chatState: ({ id, peer, state }) =>
      xml(
        'message',
        { type: 'groupchat', id, to: peer },
        xml(state, { xmlns: NS.chatStates }),
        xml('no-store', { xmlns: NS.hints }),
      ),
  };
}

function receive(ctx: IngestContext, lookup: RoomLookup, incoming: Incoming, target: Target): void {
  const room = lookup.room(ctx.accountId, target.peer);
  const m = incoming.message;
  if (!room) return log.debug(`${ctx.accountId}: group message from a room we are not in`);
  if (incoming.via === 'carbon') return log.debug(`${ctx.accountId}: carbon of a group message`);
  if (incoming.via === 'archive' && incoming.archive !== target.peer) {
    return log.warn(`${ctx.accountId}: dropped a group message from another archive`);
  }
  // Our messages come back from the room with our nickname.
  const nick = target.sender?.nick;
  const ours = nick !== undefined && nick === room.nick;

  if (m.subject !== undefined && m.body === undefined) {
    if (incoming.via !== 'live') return;
    room.subject = m.subject === '' ? undefined : m.subject;
    room.subjectBy = nick;
    // The subject ends the history the room replays on entry.
    room.replaying = false;
    return lookup.subjectChanged(room);
  }
  if (m.body === undefined) {
    // Only the room itself (no nickname) speaks of its configuration.
    if (incoming.via === 'live' && nick === undefined && m.roomConfigChanged) {
      return lookup.configChanged(room);
    }
    if (incoming.via === 'live' && m.chatState && nick !== undefined && !ours) {
      ctx.emit('chat.state', {
        accountId: ctx.accountId,
        kind: 'room',
        peer: target.peer,
        nick,
        state: m.chatState,
      });
    }
    return;
  }
  const stanzaId =
    incoming.via === 'archive'
      ? incoming.stanzaId
      : room.archived
        ? stanzaIdBy(m, target.peer)
        : undefined;
  const replayed =
    incoming.via === 'live' && room.replaying
      ? m.delays.findLast((d) => d.from === target.peer)?.stamp
      : undefined;
  const sentAt = replayed !== undefined ? datedAt(replayed, ctx.now()) : incoming.sentAt;
  // History replayed on entry to a room without an archive starts at our newest message (its
  // second included, so nothing of that second is lost): what we have already is skipped.
  if (replayed !== undefined && alreadyStored(ctx, target, ours, m.body, sentAt)) return;

  if (ours && confirmOwn(ctx, m, target, stanzaId)) return;
  if (m.replaces !== undefined && correct(ctx, m, target, ours, sentAt)) return;

  const message: NewMessage = {
    id: ctx.newId(),
    accountId: ctx.accountId,
    kind: 'room',
    peer: target.peer,
    ...(!ours && target.sender && { sender: target.sender }),
    direction: ours ? 'out' : 'in',
    body: m.body,
    sentAt,
    state: ours ? 'sent' : (incoming.query?.incomingState ?? 'received'),
    via: incoming.via,
    private: false,
    ...(stanzaId !== undefined && { stanzaId, archive: target.peer }),
    ...(m.id && { xmppId: m.id }),
    ...(incoming.query?.placement && { placement: incoming.query.placement }),
    ...(incoming.query?.order && { order: incoming.query.order }),
  };
  ctx.batch.add(message, ({ message: stored, inserted, elsewhere }) => {
    incoming.archived?.stored(inserted, elsewhere);
    if (inserted) ctx.emit('message.upserted', stored);
  });
}

/** A message of the room's replayed history that we stored already (same author, text, second). */
function alreadyStored(
  ctx: IngestContext,
  target: Target,
  ours: boolean,
  body: string,
  sentAt: number,
): boolean {
  ctx.batch.flush();
  const { messages } = ctx.store.page(ctx.accountId, target.peer, { limit: 50 });
  return messages.some(
    (stored) =>
      stored.body === body &&
      Math.abs(stored.sentAt - sentAt) < 1000 &&
      (ours ? stored.direction === 'out' : stored.sender?.nick === target.sender?.nick),
  );
}

/**
 * Our own message as the room relayed it: the outbox row is delivered and learns the room's
 * stanza-id. True when the row was found (nothing more to store).
 */
function confirmOwn(
  ctx: IngestContext,
  m: ParsedMessage,
  target: Target,
  stanzaId: string | undefined,
): boolean {
  const id = m.originId ?? m.id;
  if (id === undefined) return false;
  ctx.batch.flush();
  const own = ctx.store.findByXmppId(ctx.accountId, target.peer, id);
  if (own?.direction !== 'out' || own.kind !== 'room') return false;
  if (m.replaces !== undefined) return true;
  const patch = {
    ...(own.state === 'pending' || own.state === 'sent' ? { state: 'delivered' as const } : {}),
    ...(stanzaId !== undefined && {
      stanzaId,
      archive: target.peer,
    }),
  };
  if (Object.keys(patch).length === 0) return true;
  try {
    const updated = ctx.store.update(own.id, patch);
    if (updated) emitChanged(ctx, updated);
  } catch (error) {
    log.warn(`${ctx.accountId}: could not record the room's copy of our message`, error);
  }
  return true;
}

/** A correction from the nickname that wrote the message; true when it was applied or refused. */
function correct(
  ctx: IngestContext,
  m: ParsedMessage,
  target: Target,
  ours: boolean,
  at: number,
): boolean {
  ctx.batch.flush();
  const original = ctx.store.findByXmppId(ctx.accountId, target.peer, m.replaces!);
  if (!original || original.kind !== 'room') return false;
  const sameAuthor = ours
    ? original.direction === 'out'
    : original.direction === 'in' && original.sender?.nick === target.sender?.nick;
  if (!sameAuthor) {
    log.warn(`${ctx.accountId}: ignored a correction of a message its sender did not write`);
    return true;
  }
  if (original.body === m.body) return true;
  const updated = ctx.store.update(original.id, { body: m.body!, editedAt: at });
  if (updated) ctx.emit('message.upserted', updated);
  return true;
}
