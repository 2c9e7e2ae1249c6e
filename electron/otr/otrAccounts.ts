/**
 * OTR's bookkeeping per account: the client it is online on, our key (opened once, made first
 * when the account has none), one OtrConversation per contact, and the OTR messages that came
 * before the key was open (kept, then replayed).
 */
import type { XmppClient } from '../xmpp/client';
import { createLogger } from '../log';
import { OtrConversation, type OtrPolicy } from './conversation';
import type { OtrPrivateKey } from './dsa';
import type { OtrKeyring } from './keyring';

const log = createLogger('otr');

export interface Peer {
  readonly conversation: OtrConversation;
  /** The device (full JID) the private conversation is with: the active instance's. */
  jid: string | undefined;
  /** Each instance's device (full JID), as its messages came from it. */
  readonly devices: Map<number, string>;
  /** The user asked for a private conversation: messages wait until it is up. */
  starting: boolean;
  /** The contact's fingerprint was new to us and different from one we knew. */
  changed: boolean;
}

export interface Account {
  client: XmppClient | undefined;
  key: { key: OtrPrivateKey; instanceTag: number } | undefined;
  loading: Promise<void> | undefined;
  readonly peers: Map<string, Peer>;
  /** OTR messages that came before our key was open, per contact, replayed once it is. */
  readonly waiting: Map<string, { from: string; body: string }[]>;
}

/** Messages kept per contact while our key opens (an AKE needs only a few). */
const MAX_WAITING = 20;

export interface OtrAccountsDeps {
  readonly keyring: OtrKeyring;
  readonly random: (n: number) => Buffer;
  readonly now: () => number;
  readonly policy: (accountId: string, peer: string) => OtrPolicy;
  /** A message that waited for our key, handled now. */
  readonly replay: (accountId: string, peer: string, from: string, body: string) => void;
}

export class OtrAccounts {
  readonly #accounts = new Map<string, Account>();

  constructor(private readonly deps: OtrAccountsDeps) {}

  find(accountId: string): Account | undefined {
    return this.#accounts.get(accountId);
  }

  account(accountId: string): Account {
    let account = this.#accounts.get(accountId);
    if (!account) {
      account = {
        client: undefined,
        key: undefined,
        loading: undefined,
        peers: new Map(),
        waiting: new Map(),
      };
      this.#accounts.set(accountId, account);
    }
    return account;
  }

  /** Keeps an OTR message until our key is open. */
  keep(accountId: string, peer: string, from: string, body: string): void {
    const account = this.account(accountId);
    const list = account.waiting.get(peer) ?? [];
    if (list.length < MAX_WAITING) list.push({ from, body });
    account.waiting.set(peer, list);
  }

  /**
   * Our key, open: made first when the account has none (a contact asking for a private
   * conversation needs one, as in Pidgin), then opened. Rejects when it cannot be (secrets
   * locked, storage failing).
   */
  async ensureKey(accountId: string): Promise<void> {
    if (this.account(accountId).key) return;
    if (this.deps.keyring.status(accountId).state !== 'ready') {
      await this.deps.keyring.generate(accountId);
    }
    await this.load(accountId);
    if (!this.account(accountId).key) throw new Error('the OTR key could not be opened');
  }

  /** Opens our key (unsealing takes a moment), then handles what waited for it. */
  load(accountId: string): Promise<void> {
    const account = this.account(accountId);
    if (account.key) return Promise.resolve();
    account.loading ??= this.deps.keyring
      .key(accountId)
      .then((key) => {
        account.key = key;
        for (const [peer, messages] of account.waiting) {
          account.waiting.delete(peer);
          for (const m of messages) this.deps.replay(accountId, peer, m.from, m.body);
        }
      })
      .catch((error: unknown) => log.warn(`${accountId}: OTR key not available`, error))
      .finally(() => {
        account.loading = undefined;
      });
    return account.loading;
  }

  /** The contact's conversation, made on first use (our key must be open). */
  peer(accountId: string, peer: string): Peer {
    const account = this.account(accountId);
    let p = account.peers.get(peer);
    if (!p) {
      const key = account.key;
      if (!key) throw new Error('no OTR key open');
      p = {
        conversation: new OtrConversation({
          key: key.key,
          instance: key.instanceTag,
          random: this.deps.random,
          now: this.deps.now,
          policy: () => this.deps.policy(accountId, peer),
        }),
        jid: undefined,
        devices: new Map(),
        starting: false,
        changed: false,
      };
      account.peers.set(peer, p);
    }
    return p;
  }
}
