/**
 * Each account's OTR identity and what it knows of its contacts' keys. The DSA key is made in the
 * background (on OpenSSL's thread pool: the main process keeps answering), kept sealed by the
 * secrets store and opened once per run; its fingerprint and the account's instance tag are
 * kept beside it in clear. Contacts' fingerprints are recorded as seen, then verified by hand or
 * by SMP; a known contact showing a fingerprint never seen before is a change to warn about.
 * libotr's files come in and go out here, so that a Pidgin user keeps identity and trust.
 */
import type { SecretBox } from '../secrets';
import type { OtrStore, OtrTrust } from '../storage/types';
import { OtrPrivateKey } from './dsa';
import { MIN_INSTANCE_TAG } from './messages';
import {
  readFingerprints,
  readPrivateKeys,
  writeFingerprints,
  writePrivateKeys,
} from './libotrFiles';

export interface KeyringDeps {
  readonly store: OtrStore;
  readonly box: Pick<SecretBox, 'seal' | 'open'>;
  readonly now: () => number;
  readonly random: (n: number) => Buffer;
  /** Told when an account's key starts or ends being made (for the progress the UI shows). */
  readonly changed?: (accountId: string) => void;
}

export type KeyStatus =
  | { readonly state: 'none' }
  | { readonly state: 'generating' }
  | { readonly state: 'ready'; readonly fingerprint: string; readonly instanceTag: number };

/** What a fingerprint a contact shows means against what we knew. */
export type Observed = 'first' | 'known' | 'changed';

/** The protocol name libotr files use for XMPP accounts (Pidgin writes prpl-jabber). */
const PROTOCOLS = new Set(['xmpp', 'prpl-jabber', 'jabber']);

export class OtrKeyring {
  readonly #deps: KeyringDeps;
  readonly #open = new Map<string, OtrPrivateKey>();
  readonly #making = new Map<string, Promise<OtrPrivateKey>>();

  constructor(deps: KeyringDeps) {
    this.#deps = deps;
  }

  status(accountId: string): KeyStatus {
    if (this.#making.has(accountId)) return { state: 'generating' };
    const row = this.#deps.store.key(accountId);
    return row
      ? { state: 'ready', fingerprint: row.fingerprint, instanceTag: row.instanceTag }
      : { state: 'none' };
  }

  /** The account's key and instance tag, made first if it has none. */
  async key(accountId: string): Promise<{ key: OtrPrivateKey; instanceTag: number }> {
    let key = this.#open.get(accountId);
    if (!key) {
      const row = this.#deps.store.key(accountId);
      if (row) {
        key = OtrPrivateKey.fromPkcs8(
          Buffer.from(await this.#deps.box.open(row.sealedKey), 'base64'),
        );
        this.#open.set(accountId, key);
      } else {
        key = await this.generate(accountId);
      }
    }
    return { key, instanceTag: this.#deps.store.key(accountId)!.instanceTag };
  }

  /** Makes (or is making) the account's key; a second call while it runs shares it. */
  generate(accountId: string): Promise<OtrPrivateKey> {
    const pending = this.#making.get(accountId);
    if (pending) return pending;
    const making = (async () => {
      const key = await OtrPrivateKey.generate();
      await this.#keep(accountId, key);
      return key;
    })().finally(() => {
      this.#making.delete(accountId);
      this.#deps.changed?.(accountId);
    });
    this.#making.set(accountId, making);
    this.#deps.changed?.(accountId);
    return making;
  }

  async #keep(accountId: string, key: OtrPrivateKey): Promise<void> {
    const sealedKey = await this.#deps.box.seal(key.toPkcs8().toString('base64'));
    const existing = this.#deps.store.key(accountId);
    this.#deps.store.saveKey({
      accountId,
      sealedKey,
      fingerprint: key.publicKey.fingerprint.toString('hex'),
      instanceTag: existing?.instanceTag ?? this.#instanceTag(),
      createdAt: this.#deps.now(),
    });
    this.#open.set(accountId, key);
  }

  #instanceTag(): number {
    // Uniform over the valid range (>= 0x100), from 32 random bits.
    const n = this.#deps.random(4).readUInt32BE(0);
    return MIN_INSTANCE_TAG + (n % (0x1_0000_0000 - MIN_INSTANCE_TAG));
  }

  /** Records the fingerprint a contact showed; says whether it is new, known or a change. */
  observe(accountId: string, contact: string, fingerprint: string): Observed {
    const known = this.#deps.store.trust(accountId, contact);
    const seen = known.some((k) => k.fingerprint === fingerprint);
    if (!seen) this.#deps.store.seen(accountId, contact, fingerprint, this.#deps.now());
    return seen ? 'known' : known.length === 0 ? 'first' : 'changed';
  }

  trust(accountId: string, contact: string, fingerprint: string): OtrTrust | undefined {
    return this.#deps.store.trust(accountId, contact).find((k) => k.fingerprint === fingerprint)
      ?.trust;
  }

  setTrust(accountId: string, contact: string, fingerprint: string, trust: OtrTrust): void {
    this.#deps.store.setTrust(accountId, contact, fingerprint, trust, this.#deps.now());
  }

  /**
   * Takes the key libotr keeps for this account (otr.private_key), replacing ours. Returns its
   * fingerprint, or undefined when the file has no key for the account.
   */
  async importKey(accountId: string, text: string): Promise<string | undefined> {
    const { keys } = readPrivateKeys(text);
    const entry =
      keys.find((k) => sameAccount(k.account, accountId) && PROTOCOLS.has(k.protocol)) ?? undefined;
    if (!entry) return undefined;
    const key = OtrPrivateKey.fromNumbers(entry.key);
    await this.#keep(accountId, key);
    return key.publicKey.fingerprint.toString('hex');
  }

  /** The account's key as an otr.private_key file (protocol prpl-jabber, as Pidgin writes). */
  async exportKey(accountId: string): Promise<string> {
    const { key } = await this.key(accountId);
    return writePrivateKeys([
      {
        account: accountId,
        protocol: 'prpl-jabber',
        key: { ...key.publicKey.params, x: key.secretExponent() },
      },
    ]);
  }

  /** Takes the contacts' fingerprints (and trust) libotr kept for this account. */
  importFingerprints(accountId: string, text: string): { imported: number; skipped: number } {
    const { entries, skipped } = readFingerprints(text);
    let imported = 0;
    for (const e of entries) {
      if (!sameAccount(e.account, accountId) || !PROTOCOLS.has(e.protocol)) continue;
      const contact = bareOf(e.contact);
      const fingerprint = e.fingerprint.toString('hex');
      const trust: OtrTrust =
        e.trust === 'smp' ? 'smp' : e.trust === '' ? 'unverified' : 'verified';
      // Never lower a trust we already have.
      const current = this.trust(accountId, contact, fingerprint);
      if (current === undefined || (current === 'unverified' && trust !== 'unverified')) {
        this.#deps.store.setTrust(accountId, contact, fingerprint, trust, this.#deps.now());
      }
      imported += 1;
    }
    return { imported, skipped };
  }

  exportFingerprints(accountId: string): string {
    return writeFingerprints(
      this.#deps.store.trust(accountId).map((row) => ({
        contact: row.contact,
        account: accountId,
        protocol: 'prpl-jabber',
        fingerprint: Buffer.from(row.fingerprint, 'hex'),
        trust: row.trust === 'unverified' ? '' : row.trust,
      })),
    );
  }
}

/** Pidgin names accounts with their resource ("alice@example.org/Pidgin"). */
const bareOf = (jid: string) => jid.split('/')[0]!.toLowerCase();
const sameAccount = (fileAccount: string, accountId: string) =>
  bareOf(fileAccount) === accountId.toLowerCase();
