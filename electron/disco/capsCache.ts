/**
 * The entity capabilities (XEP-0115) side of the disco cache: which caps each entity announced in
 * its presence, and the disco#info answers verified for a `ver` (caps.ts), which then serve every
 * entity announcing that `ver` without asking it. Both are bounded: anyone can send us presence.
 */
import type { Element } from '@xmpp/xml';
import type { Logger } from '../log';
import { BoundedCache } from './cache';
import { capsNode, verifiesCaps } from './caps';
import { parseInfoRaw, toDiscoInfo } from './parse';
import type { DiscoInfo, EntityCaps } from './types';

export const CAPS_LIMITS = {
  /** Verified answers: content-addressed, so kept until evicted. */
  versions: 1_000,
  /** Caps announced by entities (one per full JID that sent us presence). */
  entities: 5_000,
} as const;

/** A `ver` names one answer whatever software announces it; the node only says where to ask. */
const keyOf = (caps: EntityCaps): string => `${caps.hash}\n${caps.ver}`;

/** Asks `to` for disco#info at `node`; resolves with the reply's `<query/>`. */
export type AskInfo = (to: string, node: string) => Promise<Element | undefined>;

export class CapsCache {
  readonly #versions = new BoundedCache<DiscoInfo>(CAPS_LIMITS.versions);
  readonly #asking = new Map<string, Promise<DiscoInfo | undefined>>();
  readonly #entities = new BoundedCache<EntityCaps>(CAPS_LIMITS.entities);

  constructor(private readonly log?: Logger) {}

  /** Records what `from` announced (undefined: nothing usable); true when it changed. */
  note(from: string, caps: EntityCaps | undefined): boolean {
    const before = this.#entities.get(from, 0);
    if (caps) this.#entities.set(from, caps, Infinity);
    else this.#entities.delete(from);
    return before !== undefined && (caps === undefined || keyOf(before) !== keyOf(caps));
  }

  of(from: string): EntityCaps | undefined {
    return this.#entities.get(from, 0);
  }

  /** The verified answer for these caps, if we have one. */
  known(caps: EntityCaps): DiscoInfo | undefined {
    return this.#versions.get(keyOf(caps), 0);
  }

  /**
   * disco#info of `to`, which announced `caps`: asked at `node#ver` (§6.2) and accepted for every
   * entity announcing that `ver` only when it hashes to it. While one entity is being asked, the
   * others announcing the same caps wait for its answer instead of asking too; if it fails or does
   * not verify, each asks for itself.
   */
  async fetch(to: string, caps: EntityCaps, ask: AskInfo): Promise<DiscoInfo> {
    const key = keyOf(caps);
    const asking = this.#asking.get(key);
    if (asking) {
      const shared = await asking;
      if (shared) return shared;
    }
    const own = ask(to, capsNode(caps)).then((query) => {
      const raw = parseInfoRaw(query);
      const info = toDiscoInfo(raw);
      const verified = verifiesCaps(raw, caps);
      if (verified) this.#versions.set(key, info, Infinity);
      else this.log?.warn('an entity answered disco#info that does not hash to its caps ver');
      return { info, verified };
    });
    if (!asking) {
      const forOthers = own.then(
        ({ info, verified }) => (verified ? info : undefined),
        () => undefined,
      );
      this.#asking.set(key, forOthers);
      void forOthers.then(() => {
        if (this.#asking.get(key) === forOthers) this.#asking.delete(key);
      });
    }
    return (await own).info;
  }

  /** A new session: entities announce their caps again. Verified answers stay valid. */
  forgetEntities(): void {
    this.#entities.clear();
    this.#asking.clear();
  }
}
