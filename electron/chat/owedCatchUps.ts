/**
 * Which accounts owe a complete catch-up of their own archive, and what the current session
 * stored on its own while one is owed. A catch-up is owed from a fresh session until one
 * completes; a resumed stream catches up too while one is owed (one cut short by a lost
 * connection would otherwise wait for the next fresh session, and the messages the server
 * dropped with an earlier session, since its archive has them, would stay missing until then).
 * The session's own messages, received (archive ids) or sent (origin-ids), are not stop markers
 * for the walk (catchUp.ts): there can be a hole just under them.
 */
interface SessionMarks {
  readonly arrived: Set<string>;
  readonly sent: Set<string>;
}

export class OwedCatchUps {
  /** Present exactly while the account owes a catch-up; new with each fresh session. */
  readonly #marks = new Map<string, SessionMarks>();

  freshSession(accountId: string): void {
    this.#marks.set(accountId, { arrived: new Set(), sent: new Set() });
  }

  owed(accountId: string): boolean {
    return this.#marks.has(accountId);
  }

  completed(accountId: string): void {
    this.#marks.delete(accountId);
  }

  /** A message of our archive reached this session as it arrived. */
  arrived(accountId: string, archiveId: string): void {
    this.#marks.get(accountId)?.arrived.add(archiveId);
  }

  /** This session sent a message with this origin-id. */
  sent(accountId: string, originId: string): void {
    this.#marks.get(accountId)?.sent.add(originId);
  }

  sentThisSession(accountId: string, originId: string): boolean {
    return this.#marks.get(accountId)?.sent.has(originId) === true;
  }

  /** catchUp.ts's storedThisSession for the session as it is now. */
  storedThisSession(accountId: string): ((archiveId: string) => boolean) | undefined {
    const marks = this.#marks.get(accountId);
    return marks && ((archiveId) => marks.arrived.has(archiveId));
  }
}
