/**
 * Ad-hoc command sessions (XEP-0050) of the registration: which stage a person is at and what
 * they entered so far. A session belongs to the full JID that started it: a stanza from anyone
 * else naming its id is treated exactly like an unknown id, so a session's existence is not
 * revealed either. Sessions expire, and each person and the whole service hold a bounded
 * number, so nobody can fill the service's memory by starting commands. What a session holds
 * (the identity data between stage 1 and 2) lives in memory only and is dropped on completion,
 * cancellation or expiry.
 */
import { randomBytes } from 'node:crypto';

export const MAX_SESSIONS = 1000;
export const MAX_SESSIONS_PER_ACCOUNT = 3;

export interface Session {
  readonly id: string;
  readonly node: string;
  /** Full JID of the requester. */
  readonly owner: string;
  stage: number;
  /** Normalized values entered so far, by field var. */
  values: Map<string, string>;
  expires: number;
}

const bareOf = (jid: string) => jid.split('/')[0]!;

export class Sessions {
  readonly #sessions = new Map<string, Session>();
  readonly #lifetimeMs: number;

  constructor(lifetimeMs: number) {
    this.#lifetimeMs = lifetimeMs;
  }

  #sweep(now: number): void {
    for (const [id, session] of this.#sessions)
      if (session.expires <= now) this.#sessions.delete(id);
  }

  /** A new session, or undefined when the service holds too many. */
  create(node: string, owner: string, now: number): Session | undefined {
    this.#sweep(now);
    const mine = [...this.#sessions.values()].filter((s) => bareOf(s.owner) === bareOf(owner));
    // A person who starts again drops their oldest session rather than being refused.
    while (mine.length >= MAX_SESSIONS_PER_ACCOUNT) this.#sessions.delete(mine.shift()!.id);
    if (this.#sessions.size >= MAX_SESSIONS) return undefined;
    const session: Session = {
      id: randomBytes(12).toString('hex'),
      node,
      owner,
      stage: 1,
      values: new Map(),
      expires: now + this.#lifetimeMs,
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** The session with this id for this node and requester; each use extends its life. */
  find(id: string, node: string, requester: string, now: number): Session | undefined {
    const session = this.#sessions.get(id);
    if (!session || session.node !== node || session.owner !== requester) return undefined;
    if (session.expires <= now) {
      this.#sessions.delete(id);
      return undefined;
    }
    session.expires = now + this.#lifetimeMs;
    return session;
  }

  drop(session: Session): void {
    session.values.clear();
    this.#sessions.delete(session.id);
  }

  get size(): number {
    return this.#sessions.size;
  }
}
