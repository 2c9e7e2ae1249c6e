/**
 * Reassembling fragmented OTR messages (Protocol v3, "Fragmentation": "?OTR|s|r,k,n,piece,"),
 * one message per sending instance at a time. A fragment out of order, or one of another
 * message, drops what was stored, as the protocol says; a message larger than any OTR message
 * needs is dropped too.
 */

export interface Fragment {
  readonly sender: number;
  readonly receiver: number;
  readonly k: number;
  readonly n: number;
  readonly piece: string;
}

const MAX_FRAGMENTS_KEPT = 1024 * 1024;

export class Fragments {
  readonly #stored = new Map<number, { k: number; n: number; text: string }>();

  /** Adds a fragment; returns the whole message once its last fragment came. */
  add(f: Fragment): string | undefined {
    if (f.k === 0 || f.n === 0 || f.k > f.n) return undefined;
    const stored = this.#stored.get(f.sender);
    if (f.k === 1) {
      this.#stored.set(f.sender, { k: 1, n: f.n, text: f.piece });
    } else if (
      stored &&
      f.n === stored.n &&
      f.k === stored.k + 1 &&
      stored.text.length < MAX_FRAGMENTS_KEPT
    ) {
      this.#stored.set(f.sender, { k: f.k, n: f.n, text: stored.text + f.piece });
    } else {
      this.#stored.delete(f.sender);
      return undefined;
    }
    const now = this.#stored.get(f.sender)!;
    if (now.k !== now.n) return undefined;
    this.#stored.delete(f.sender);
    return now.text;
  }

  /** A message that is not a fragment came: what was stored is dropped. */
  clear(): void {
    this.#stored.clear();
  }
}
