/**
 * Which claims inside a message we believe. A stanza-id or a delay is text any sender can write;
 * it counts only when it can be the stamp of whom it names, and only when that is someone whose
 * word we take: an archive about its own ids, our own server about when it held a message.
 *
 * - A stanza-id counts only when `by` is exactly the archive's bare JID, compared as written:
 *   Prosody strips a sender's stanza-id that claims the archive (it prepares `by` first) and
 *   appends its own after everything else, so the last exact one is the server's. Anything near
 *   it (a resource, stray spaces, another case) passes the server untouched and must not count,
 *   or a peer who knows an id could get a later message dropped as a duplicate.
 * - A delay dates a live message only when our own server added it: `from` our domain (offline
 *   storage, mod_offline) or our bare JID (a stanza re-sent after a lost session, mod_smacks).
 *   The server appends its delay after the sender's, so the last such one is taken. A sender's
 *   own delay would otherwise let a stranger bury a new message under 2001.
 * - A sender can still write a delay `from` our domain, and Prosody passes it on when it adds
 *   none (the message was delivered at once). Such a live message is never dated before the
 *   newest message stored when the session began: what our server held for us arrived while we
 *   were away, i.e. after that, so a true stamp is never moved, and a forged one can bury a
 *   message at most among what came while we were away.
 */
import type { DelayClaim, ParsedMessage } from './stanzas';

/** The stanza-id that `archive` (a bare JID, as the account or room is named) stamped. */
export function stanzaIdBy(message: ParsedMessage, archive: string): string | undefined {
  return message.stanzaIds.findLast((claim) => claim.by === archive)?.id;
}

/** The domain of a bare JID (what the server calls itself in its delays). */
const domainOf = (bare: string): string => bare.slice(bare.indexOf('@') + 1);

/** When our own server says it held the message (epoch ms), or undefined. */
export function serverDelay(delays: readonly DelayClaim[], ownBare: string): number | undefined {
  const domain = domainOf(ownBare);
  return delays.findLast((delay) => delay.from === domain || delay.from === ownBare)?.stamp;
}

/**
 * The floor of live messages' server stamps (see the header) for one session. Each stamp moved
 * up to it takes the next millisecond: messages our server held, delivered in order, keep
 * distinct times, where one shared millisecond left no room between them for a hole that the
 * archive fills later (the fault-injection test saw it). No floor: stamps stay as given.
 */
export class DelayFloor {
  #next: number | undefined;

  constructor(floor: number | undefined) {
    this.#next = floor;
  }

  /** A live message's server stamp, not before the floor; undefined stays so. */
  apply(stamp: number | undefined): number | undefined {
    if (stamp === undefined || this.#next === undefined || stamp >= this.#next) return stamp;
    const at = this.#next;
    this.#next += 1;
    return at;
  }
}

/**
 * When a message was sent, as far as we believe it: the trusted stamp when there is one, else
 * now. Never in the future: a clock ahead of ours would sort it after everything to come.
 */
export function datedAt(trustedStamp: number | undefined, now: number): number {
  return Math.min(now, trustedStamp ?? now);
}
