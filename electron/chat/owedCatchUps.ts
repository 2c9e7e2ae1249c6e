/**
 * Which accounts owe a complete catch-up of their own archive, and what the sessions since it
 * became owed stored on their own. A catch-up is owed from a fresh session until one completes;
 * a resumed stream catches up too while one is owed (one cut short by a lost connection would
 * otherwise wait for the next fresh session, and the messages the server dropped with an
 * earlier session, since its archive has them, would stay missing until then). What those
 * sessions received before their catch-up stored its newest page (archive ids), and what they
 * sent (origin-ids), are not stop markers for the walk (catchUp.ts): there can be a hole just
 * under them. Under every such session's first messages, not only the current one's: a session
 * whose catch-up was cut off before its newest page left no gap behind, only messages above a
 * hole (the fault-injection test lost 505 messages so).
 */
interface SessionMarks {
  readonly arrived: Set<string>;
  readonly sent: Set<string>;
  /**
   * Whether arrivals are marked now: from a fresh session until its catch-up stored a newest
   * page. What arrives after that page lies above it in the archive and reached this stream
   * chain (resumptions included) in order, so a later walk may stop at it: under it is either
   * what this chain received or what that page and its gap cover. Marking it too made every
   * new session walk back through everything received since the catch-up became owed, which
   * under a steady flow and frequent faults never ended (the fault-injection test).
   */
  recording: boolean;
}

export class OwedCatchUps {
  /** Present exactly while the account owes a catch-up; kept until one completes. */
  readonly #marks = new Map<string, SessionMarks>();

  freshSession(accountId: string): void {
    const marks = this.#marks.get(accountId);
    if (marks) marks.recording = true;
    else this.#marks.set(accountId, { arrived: new Set(), sent: new Set(), recording: true });
  }

  /** The current session's catch-up stored its newest page: later arrivals are not marked. */
  newestStored(accountId: string): void {
    const marks = this.#marks.get(accountId);
    if (marks) marks.recording = false;
  }

  owed(accountId: string): boolean {
    return this.#marks.has(accountId);
  }

  completed(accountId: string): void {
    this.#marks.delete(accountId);
  }

  /** A message of our archive reached a session as it arrived, while a catch-up is owed. */
  arrived(accountId: string, archiveId: string): void {
    const marks = this.#marks.get(accountId);
    if (marks?.recording) marks.arrived.add(archiveId);
  }

  /** A session sent a message with this origin-id while a catch-up is owed. */
  sent(accountId: string, originId: string): void {
    this.#marks.get(accountId)?.sent.add(originId);
  }

  sentThisSession(accountId: string, originId: string): boolean {
    return this.#marks.get(accountId)?.sent.has(originId) === true;
  }

  /**
   * A catch-up walked past these archive ids with its gap saved below them: what lies under
   * them down to the gap is checked, so they may stop the next walk (which then takes up the
   * gap) instead of sending it through everything again.
   */
  walkedPast(accountId: string, archiveIds: readonly string[]): void {
    const marks = this.#marks.get(accountId);
    if (marks) for (const id of archiveIds) marks.arrived.delete(id);
  }

  /** catchUp.ts's storedThisSession: stored by the sessions since the catch-up was owed. */
  storedThisSession(accountId: string): ((archiveId: string) => boolean) | undefined {
    const marks = this.#marks.get(accountId);
    return marks && ((archiveId) => marks.arrived.has(archiveId));
  }
}
