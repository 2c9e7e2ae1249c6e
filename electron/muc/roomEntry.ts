/**
 * The first entry into a room we mean to create (XEP-0045 §10.1.1), apart from the account's
 * room list: only the room's answer to our presence matters here (created with status 201, an
 * existing room let us in, or a refusal), and the list hears of the room only once it is set
 * up (roomCreation.ts hands it over). AccountRooms ignores presence from rooms it does not hold,
 * so the two never both act on one stanza.
 */
import type { Element } from '@xmpp/xml';
import type { XmppClient } from '../xmpp/client';
import { readRoomPresence, type JoinRefusal } from './presence';
import { buildJoin, buildLeave } from './stanzas';

export type EntryOutcome =
  /** `nick`: ours as the room confirmed it (it may rewrite what we asked). */
  | { readonly kind: 'created'; readonly nick: string }
  /** The room existed already: it let us in as an ordinary occupant. */
  | { readonly kind: 'existed'; readonly nick: string }
  | { readonly kind: 'refused'; readonly refusal: JoinRefusal | 'timeout' | 'service-gone' };

/** Sends the entering presence and resolves with the room's answer (never rejects). */
export function enterNewRoom(
  client: XmppClient,
  room: string,
  nick: string,
  timeoutMs: number,
): Promise<EntryOutcome> {
  return new Promise<EntryOutcome>((resolve) => {
    const done = (outcome: EntryOutcome) => {
      clearTimeout(timer);
      client.entity.removeListener('stanza', onStanza);
      resolve(outcome);
    };
    const onStanza = (stanza: Element) => {
      const p = readRoomPresence(stanza);
      if (p.kind === 'other' || p.room !== room) return;
      if (p.kind === 'error') {
        if (p.nick === nick) done({ kind: 'refused', refusal: p.refusal });
        return;
      }
      // Our own presence closes the list the room sends (status 110; the nickname may have been
      // rewritten by the room, 210).
      if (!p.self || !p.available) return;
      done({ kind: p.codes.includes(201) ? 'created' : 'existed', nick: p.nick });
    };
    const timer = setTimeout(() => done({ kind: 'refused', refusal: 'timeout' }), timeoutMs);
    timer.unref?.();
    client.entity.on('stanza', onStanza);
    client.entity
      .send(buildJoin({ room, nick, history: 'none' }))
      .catch(() => done({ kind: 'refused', refusal: 'service-gone' }));
  });
}

/** Leaves a room entered by enterNewRoom (a room that turned out to exist). Never throws. */
export async function leaveNewRoom(client: XmppClient, room: string, nick: string): Promise<void> {
  await client.entity.send(buildLeave(room, nick)).catch(() => undefined);
}
