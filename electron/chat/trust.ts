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
 *   none (the message was delivered at once). Such a live message is never dated more than a
 *   minute before the newest message stored when the session began: what our server held for
 *   us arrived while we were away, i.e. after that, or just before it (a lost session's
 *   unconfirmed messages, handed on to the next one), so a true stamp is never moved, and a
 *   forged one can bury a message at most among what came while we were away.
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

/** How much older than the last time a stream's message may be and still keep stream order. */
const STREAM_SLACK_MS = 60_000;

/**
 * The times of the messages of one stream, in the order they come: each later than the one
 * before. A run of equal times (a burst handled in one millisecond, or a queue our server
 * re-sent with one whole-second stamp) is spread a millisecond apart, and a stamp a little
 * older than the last time (a lost session's messages handed on, stamped with the whole second
 * they were first queued in) goes after it: the stream's order is the server's, and archive
 * catch-up files a hole a millisecond before the message after it (ArchiveOrder), so two
 * messages of one millisecond leave it no room. A stamp more than a minute older (a message
 * held offline) is kept as it is. A burst handled in one millisecond goes as many milliseconds
 * ahead of the clock.
 */
export class DistinctTimes {
  #lastIn = -Infinity;
  #lastOut = -Infinity;

  next(at: number): number {
    if (at < this.#lastIn - STREAM_SLACK_MS) return at;
    this.#lastIn = Math.max(at, this.#lastIn);
    this.#lastOut = Math.max(at, this.#lastOut + 1);
    return this.#lastOut;
  }
}

/** How far before the newest stored message a server stamp may date a live message. */
export const FLOOR_SLACK_MS = 60_000;

/** The floor of live messages' server stamps (see the header), for one session. */
export class DelayFloor {
  readonly #floor: number | undefined;

  /** `newest`: the newest message stored when the session began, if any. */
  constructor(newest: number | undefined) {
    this.#floor = newest === undefined ? undefined : newest - FLOOR_SLACK_MS;
  }

  /** A live message's server stamp, not before the floor; undefined stays so. */
  apply(stamp: number | undefined): number | undefined {
    return stamp === undefined || this.#floor === undefined ? stamp : Math.max(stamp, this.#floor);
  }
}

/**
 * When a message was sent, as far as we believe it: the trusted stamp when there is one, else
 * now. Never in the future: a clock ahead of ours would sort it after everything to come.
 */
export function datedAt(trustedStamp: number | undefined, now: number): number {
  return Math.min(now, trustedStamp ?? now);
}
