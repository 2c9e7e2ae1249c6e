/**
 * OTR in one-to-one chats (issue 8): the receive and send stages the chat core offers, one
 * OtrConversation per account and contact, and the user's requests (start, end).
 *
 * Incoming: protocol messages are answered (to the device that sent them) and never stored;
 * private messages are stored decrypted and marked private (kept out of search). Outgoing: a
 * message to a contact we are private with goes out encrypted to that device; one typed while the
 * private conversation is being set up (or after the other side ended it) waits in the outbox and
 * never goes out in plaintext. No OTR in rooms, nor for copies (carbons, archives) we cannot read.
 */
import type { EmitEvent, OtrConversationState } from '../../shared/contract';
import type { ChatService } from '../chat/chatService';
import type { ReceiveInput, ReceiveVerdict } from '../chat/stages';
import { createLogger } from '../log';
import type { XmppClient } from '../xmpp/client';
import type { OtrOutput, OtrPolicy } from './conversation';
import type { OtrKeyring } from './keyring';
import { OtrAccounts, type Peer } from './otrAccounts';
import { followDevices, peerState, selectDevice } from './peerState';
import { classify, hasWhitespaceTag } from './messages';
import type { SmpEvent } from './smp';
import { otrSendStage } from './sendStage';
import { protocolStanza } from './stanzas';

const log = createLogger('otr');

export interface OtrServiceDeps {
  readonly keyring: OtrKeyring;
  readonly chat: Pick<ChatService, 'receiveStages' | 'sendPipeline'>;
  readonly emit: EmitEvent;
  readonly now: () => number;
  readonly random: (n: number) => Buffer;
  /** The policy with a contact (manual unless the user chose otherwise). */
  readonly policy?: (accountId: string, peer: string) => OtrPolicy;
}

export class OtrService {
  readonly #deps: OtrServiceDeps;
  readonly #accounts: OtrAccounts;

  constructor(deps: OtrServiceDeps) {
    this.#deps = deps;
    this.#accounts = new OtrAccounts({
      keyring: deps.keyring,
      random: deps.random,
      now: deps.now,
      policy: (accountId, peer) => this.#policy(accountId, peer),
      replay: (accountId, peer, from, body) => void this.#handle(accountId, peer, from, body),
    });
    deps.chat.receiveStages.add({ name: 'otr', receive: (input) => this.#receive(input) });
    deps.chat.sendPipeline.add(
      otrSendStage({
        accounts: this.#accounts,
        policy: (accountId, peer) => this.#policy(accountId, peer),
        start: (accountId, peer) => {
          this.start(accountId, peer).catch((error: unknown) =>
            log.warn(`${accountId}: a private conversation could not start`, error),
          );
        },
      }),
    );
  }

  /** The account is online: OTR messages go out on this client. Returns the detach. */
  attach(accountId: string, client: XmppClient): () => void {
    const account = this.#accounts.account(accountId);
    account.client = client;
    const policy = this.#policy(accountId, '');
    if (policy === 'opportunistic' || policy === 'always') {
      // These policies act on their own (tags, queries): the key is made now if needed.
      this.#accounts
        .ensureKey(accountId)
        .catch((error: unknown) => log.warn(`${accountId}: no OTR key`, error));
    } else if (this.#deps.keyring.status(accountId).state === 'ready')
      void this.#accounts.load(accountId);
    return () => {
      if (account.client === client) account.client = undefined;
    };
  }

  /**
   * The account's key was replaced (imported): conversations made with the old one end, and the
   * next ones use the new key.
   */
  keyReplaced(accountId: string): void {
    const account = this.#accounts.find(accountId);
    if (!account) return;
    for (const peer of [...account.peers.keys()]) this.end(accountId, peer);
    account.peers.clear();
    account.key = undefined;
    void this.#accounts.load(accountId);
  }

  /** Resolves once the account's key is made (if needed) and open. */
  keyReady(accountId: string): Promise<void> {
    return this.#accounts.ensureKey(accountId);
  }

  /** Where a conversation stands, for the renderer. */
  state(accountId: string, peer: string): OtrConversationState {
    const p = this.#accounts.find(accountId)?.peers.get(peer);
    return peerState(this.#deps.keyring, accountId, peer, p);
  }

  /**
   * The user picks which of the contact's devices (private with us) our messages go to.
   * Undefined when no private instance is on that device.
   */
  selectDevice(accountId: string, peer: string, device: string): OtrConversationState | undefined {
    const p = this.#accounts.find(accountId)?.peers.get(peer);
    if (!p || !selectDevice(p, device)) return undefined;
    this.#changed(accountId, peer);
    return this.state(accountId, peer);
  }

  /** The user asks for a private conversation (or to refresh it). */
  async start(accountId: string, peer: string): Promise<OtrConversationState> {
    await this.#accounts.ensureKey(accountId);
    const p = this.#accounts.peer(accountId, peer);
    p.starting = true;
    this.#out(accountId, p.jid ?? peer, p.conversation.start());
    this.#changed(accountId, peer);
    return this.state(accountId, peer);
  }

  /** The user ends the private conversation (or leaves one the other side ended). */
  end(accountId: string, peer: string): OtrConversationState {
    const p = this.#accounts.find(accountId)?.peers.get(peer);
    if (p) {
      p.starting = false;
      this.#out(accountId, p.jid ?? peer, p.conversation.end());
      this.#changed(accountId, peer);
      // What waited for a private conversation now fails (private: never sent in plaintext).
      this.#deps.chat.sendPipeline.resume(accountId, peer);
    }
    return this.state(accountId, peer);
  }

  #receive(input: ReceiveInput): ReceiveVerdict {
    if (input.kind !== 'chat') return { action: 'pass' };
    // OTR turned off with this contact: everything is text, and no key is made for anyone.
    if (this.#policy(input.accountId, input.peer) === 'never') return { action: 'pass' };
    const body = input.message.body;
    if (body === undefined) return { action: 'pass' };
    const kind = classify(body).kind;
    const otrish = kind !== 'plain';
    if (input.direction !== 'in' || input.via !== 'live') {
      // A copy (carbon, archive) of an OTR message was for another device: unreadable here.
      return otrish ? { action: 'consume' } : { action: 'pass' };
    }
    const account = this.#accounts.account(input.accountId);
    const known = account.peers.get(input.peer);
    if (!otrish && (!known || known.conversation.state === 'plaintext')) {
      // Plain text where nothing private is going on: as without OTR (a tag is looked at below).
      if (!hasWhitespaceTag(body)) return { action: 'pass' };
      if (!account.key) {
        // A tag before our key is open: the text is shown without it; the offer is not taken.
        const plain = classify(body);
        const text = plain.kind === 'plain' ? plain.text : body;
        return { action: 'pass', message: { ...input.message, body: text } };
      }
    }
    if (!account.key) {
      // Our key is not open yet: keep the protocol message and answer once it is.
      this.#accounts.keep(input.accountId, input.peer, input.message.from, body);
      this.#accounts
        .ensureKey(input.accountId)
        .catch((error: unknown) =>
          log.warn(`${input.accountId}: no OTR key to answer with`, error),
        );
      return { action: 'consume' };
    }
    const shown = this.#handle(input.accountId, input.peer, input.message.from, body);
    if (!shown) return { action: 'consume' };
    return {
      action: 'pass',
      message: { ...input.message, body: shown.text },
      private: shown.encrypted,
    };
  }

  /** Runs a message through the contact's conversation; returns what the user should see. */
  #handle(
    accountId: string,
    peer: string,
    from: string,
    body: string,
  ): { text: string; encrypted: boolean } | undefined {
    const p = this.#accounts.peer(accountId, peer);
    const outputs = p.conversation.receive(body);
    followDevices(p, from, outputs);
    // The protocol's answers first: our Signature message must reach them before the messages
    // that waited for the private conversation (resumed below) do.
    this.#out(accountId, from, outputs);
    let shown: { text: string; encrypted: boolean } | undefined;
    for (const o of outputs) {
      if (o.kind === 'display' && !shown) shown = { text: o.text, encrypted: o.encrypted };
      if (o.kind === 'state') this.#stateChanged(accountId, peer, p, from, o);
      if (o.kind === 'smp') this.#smp(accountId, peer, p, o.event);
      if (o.kind === 'notice' && o.code !== 'plaintext-in-private') {
        // The peer's own words (an error message) are shown as text, cut to a sane length.
        const text = o.text?.slice(0, 500);
        this.#deps.emit('otr.notice', {
          accountId,
          peer,
          code: o.code,
          ...(text !== undefined && { text }),
        });
      }
    }
    return shown;
  }

  #stateChanged(
    accountId: string,
    peer: string,
    p: Peer,
    from: string,
    o: Extract<OtrOutput, { kind: 'state' }>,
  ): void {
    if (o.state === 'encrypted') {
      p.jid = from;
      p.starting = false;
      const fingerprint = o.fingerprint!.toString('hex');
      p.changed = this.#deps.keyring.observe(accountId, peer, fingerprint) === 'changed';
    }
    this.#changed(accountId, peer);
    // What waited for this conversation goes now (encrypted), or fails (finished, ended).
    this.#deps.chat.sendPipeline.resume(accountId, peer);
  }

  /** The contact's key is what we compared by hand (or no longer). */
  verify(
    accountId: string,
    peer: string,
    fingerprint: string,
    verified: boolean,
  ): OtrConversationState {
    this.#deps.keyring.setTrust(accountId, peer, fingerprint, verified ? 'verified' : 'unverified');
    const p = this.#accounts.find(accountId)?.peers.get(peer);
    const current = p?.conversation.session()?.theirKey.fingerprint.toString('hex');
    if (p && verified && current === fingerprint) this.#accept(accountId, peer, p);
    else this.#changed(accountId, peer);
    return this.state(accountId, peer);
  }

  /** Our user saw the warning about the contact's new key and goes on: what waited goes. */
  acknowledge(accountId: string, peer: string): OtrConversationState {
    const p = this.#accounts.find(accountId)?.peers.get(peer);
    if (p?.changed) this.#accept(accountId, peer, p);
    return this.state(accountId, peer);
  }

  #accept(accountId: string, peer: string, p: Peer): void {
    p.changed = false;
    this.#changed(accountId, peer);
    this.#deps.chat.sendPipeline.resume(accountId, peer);
  }

  /** SMP with the contact of a private conversation: start, answer or abort. */
  smp(
    accountId: string,
    peer: string,
    action: 'start' | 'answer' | 'abort',
    secret = '',
    question?: string,
  ): boolean {
    const p = this.#accounts.find(accountId)?.peers.get(peer);
    if (!p || p.conversation.state !== 'encrypted' || !p.jid) return false;
    const conv = p.conversation;
    const outputs =
      action === 'start'
        ? conv.startSmp(secret, question)
        : action === 'answer'
          ? conv.answerSmp(secret)
          : conv.abortSmp();
    this.#out(accountId, p.jid, outputs);
    return true;
  }

  #smp(accountId: string, peer: string, p: Peer, event: SmpEvent): void {
    if (event.kind === 'result' && event.success) {
      // Proved by SMP: the strongest trust there is for this key.
      const fingerprint = p.conversation.session()?.theirKey.fingerprint.toString('hex');
      if (fingerprint) this.#deps.keyring.setTrust(accountId, peer, fingerprint, 'smp');
      this.#accept(accountId, peer, p);
    }
    this.#deps.emit('otr.smp', { accountId, peer, event });
  }

  #changed(accountId: string, peer: string): void {
    this.#deps.emit('otr.state', this.state(accountId, peer));
  }

  /** Sends the protocol's own messages (not the user's: those go through the outbox). */
  #out(accountId: string, to: string, outputs: readonly OtrOutput[]): void {
    const client = this.#accounts.find(accountId)?.client;
    for (const o of outputs) {
      if (o.kind !== 'send') continue;
      if (!client) {
        log.debug(`${accountId}: offline, an OTR message was not sent`);
        continue;
      }
      const encrypted = !o.text.startsWith('?OTRv') && !o.text.startsWith('?OTR Error');
      client.entity
        .send(protocolStanza(to, o.text, encrypted))
        .catch((error: unknown) => log.debug(`${accountId}: OTR message not sent`, error));
    }
  }

  #policy(accountId: string, peer: string): OtrPolicy {
    return this.#deps.policy?.(accountId, peer) ?? 'manual';
  }
}
