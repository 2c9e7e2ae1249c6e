/**
 * OTR with one contact (Protocol v3, "The protocol state machine"): what each chat message that
 * comes in means (plaintext, whitespace tag, query, error, fragment, AKE or data message), what
 * goes out for a message the user sends, and the user's actions (start, end, verify with SMP).
 * No I/O and no clock or randomness of its own: everything comes from the host and goes out as
 * a list of outputs for the caller to carry out.
 *
 * Version 3 only: a contact offering only older versions gets a notice, never a weaker session.
 * Several devices of one contact are told apart by their instance tags; messages go to the one
 * we last heard from privately.
 */
import { Ake } from './ake';
import { DataSession } from './dataSession';
import {
  IGNORE_UNREADABLE,
  MIN_INSTANCE_TAG,
  MessageType,
  QUERY_MESSAGE,
  WHITESPACE_TAG_V3,
  classify,
  decode,
  encode,
  fragment,
  frame,
  type Encoded,
} from './messages';
import { Fragments, type Fragment } from './fragments';
import {
  HEARTBEAT_MS,
  type MsgState,
  type OtrHost,
  type OtrOutput,
  type SendResult,
} from './outputs';
import { Smp, smpSecret } from './smp';
import { TlvType, readPlaintext, writePlaintext, type Tlv } from './tlv';
import { OtrFormatError } from './wire';

export type { MsgState, OtrHost, OtrOutput, OtrPolicy, SendResult } from './outputs';
export { HEARTBEAT_MS } from './outputs';

const UNREADABLE_ERROR = '?OTR Error: You sent me an unreadable encrypted message.';

interface Instance {
  state: MsgState;
  session: DataSession | undefined;
  readonly smp: Smp;
}

export class OtrConversation {
  readonly #host: OtrHost;
  readonly #ake: Ake;
  readonly #instances = new Map<number, Instance>();
  /** The instance our messages go to. */
  #active: number | undefined;
  #lastSent = 0;
  /** A plaintext message came since we last were plaintext: no more whitespace tags. */
  #plaintextSeen = false;
  readonly #fragments = new Fragments();

  constructor(host: OtrHost) {
    this.#host = host;
    this.#ake = new Ake({ key: host.key, instance: host.instance, random: host.random });
  }

  /** The state of the conversation with the active instance (plaintext when none). */
  get state(): MsgState {
    return this.#active === undefined
      ? 'plaintext'
      : (this.#instances.get(this.#active)?.state ?? 'plaintext');
  }

  get activeInstance(): number | undefined {
    return this.#active;
  }

  /** The contact's instances (devices) we are private with, or were until they ended it. */
  instances(): { instance: number; state: MsgState }[] {
    return [...this.#instances]
      .filter(([, i]) => i.state !== 'plaintext')
      .map(([instance, i]) => ({ instance, state: i.state }));
  }

  /**
   * Our messages go to this instance from now on (until a message comes from another). False
   * when we are not private with it.
   */
  select(instance: number): boolean {
    if (this.#instances.get(instance)?.state !== 'encrypted') return false;
    this.#active = instance;
    return true;
  }

  session(instance = this.#active): DataSession | undefined {
    return instance === undefined ? undefined : this.#instances.get(instance)?.session;
  }

  /** The user asks for a private conversation: a query. */
  start(): OtrOutput[] {
    if (this.#host.policy() === 'never') return [];
    return [this.#sent(QUERY_MESSAGE)];
  }

  /** The user ends the private conversation (TLV 1 to the other side, if it was private). */
  end(): OtrOutput[] {
    const id = this.#active;
    const instance = id === undefined ? undefined : this.#instances.get(id);
    if (id === undefined || !instance) return [];
    const out: OtrOutput[] = [];
    if (instance.state === 'encrypted' && instance.session) {
      out.push(
        ...this.#data(
          instance.session,
          '',
          [{ type: TlvType.Disconnected, value: Buffer.alloc(0) }],
          IGNORE_UNREADABLE,
        ),
      );
    }
    this.#plain(id, instance, out);
    return out;
  }

  /** A message the user typed. */
  send(text: string): SendResult {
    const policy = this.#host.policy();
    if (policy === 'never') return { sent: true, outputs: [this.#sent(text)] };
    const instance = this.#active === undefined ? undefined : this.#instances.get(this.#active);
    if (instance?.state === 'finished') return { sent: false, reason: 'finished', outputs: [] };
    if (instance?.state === 'encrypted' && instance.session) {
      return { sent: true, outputs: this.#data(instance.session, text, []) };
    }
    if (policy === 'always') {
      // Held by the caller until the session is up; the query asks for it.
      return { sent: false, reason: 'awaiting-private', outputs: [this.#sent(QUERY_MESSAGE)] };
    }
    const tagged =
      policy === 'opportunistic' && !this.#plaintextSeen ? `${text}${WHITESPACE_TAG_V3}` : text;
    return { sent: true, outputs: [this.#sent(tagged)] };
  }

  /**
   * Agrees on the extra symmetric key with the contact (TLV 8, as libotr's otrl_message_symkey):
   * the key for `use` (an application's number) and `context` (e.g. a file name), and the message
   * that tells them. Undefined when the conversation is not private.
   */
  extraSymmetricKey(
    use: number,
    context: Buffer,
  ): { key: Buffer; outputs: OtrOutput[] } | undefined {
    const { instance } = this.#encryptedActive() ?? {};
    if (!instance?.session) return undefined;
    // The key of the pairing this very message goes under, read before it is sent.
    const key = Buffer.from(instance.session.extraKey);
    const value = Buffer.alloc(4 + context.length);
    value.writeUInt32BE(use >>> 0, 0);
    context.copy(value, 4);
    const tlv = { type: TlvType.ExtraSymmetricKey, value };
    return { key, outputs: this.#data(instance.session, '', [tlv], IGNORE_UNREADABLE) };
  }

  /** The user starts SMP with the active instance. */
  startSmp(secret: string, question?: string): OtrOutput[] {
    const { id, instance } = this.#encryptedActive() ?? {};
    if (id === undefined || !instance?.session) return [];
    const session = instance.session;
    const x = smpSecret(
      this.#host.key.publicKey.fingerprint,
      session.theirKey.fingerprint,
      session.ssid,
      secret,
    );
    return this.#data(session, '', [instance.smp.start(x, question)], IGNORE_UNREADABLE);
  }

  /** The user's answer to the other side's SMP. */
  answerSmp(secret: string): OtrOutput[] {
    const { instance } = this.#encryptedActive() ?? {};
    if (!instance?.session) return [];
    const session = instance.session;
    const y = smpSecret(
      session.theirKey.fingerprint,
      this.#host.key.publicKey.fingerprint,
      session.ssid,
      secret,
    );
    const tlv = instance.smp.answer(y);
    return tlv ? this.#data(session, '', [tlv], IGNORE_UNREADABLE) : [];
  }

  abortSmp(): OtrOutput[] {
    const { instance } = this.#encryptedActive() ?? {};
    if (!instance?.session) return [];
    return this.#data(instance.session, '', [instance.smp.abort()], IGNORE_UNREADABLE);
  }

  /** A chat message from the contact. */
  receive(text: string): OtrOutput[] {
    const policy = this.#host.policy();
    if (policy === 'never') return [{ kind: 'display', text, encrypted: false }];
    const message = classify(text);
    if (message.kind !== 'fragment') this.#fragments.clear();
    switch (message.kind) {
      case 'fragment':
        return this.#fragment(message);
      case 'encoded':
        return this.#encoded(message.base64);
      case 'query':
        if (message.versions.has(3)) return this.#startAke();
        return [{ kind: 'notice', code: 'older-version-only' }];
      case 'error': {
        const out: OtrOutput[] = [{ kind: 'notice', code: 'peer-error', text: message.text }];
        if (policy === 'opportunistic' || policy === 'always') out.push(this.#sent(QUERY_MESSAGE));
        return out;
      }
      case 'unsupported':
        return [{ kind: 'notice', code: 'older-version-only' }];
      case 'plain': {
        this.#plaintextSeen = true;
        const out: OtrOutput[] = [];
        if (this.state !== 'plaintext' || policy === 'always') {
          out.push({ kind: 'notice', code: 'plaintext-in-private' });
        }
        if (message.text.trim() !== '' || !message.tagVersions) {
          out.push({ kind: 'display', text: message.text, encrypted: false });
        }
        if (message.tagVersions && (policy === 'opportunistic' || policy === 'always')) {
          if (message.tagVersions.has(3)) out.push(...this.#startAke());
          else out.push({ kind: 'notice', code: 'older-version-only' });
        }
        return out;
      }
    }
  }

  #fragment(f: Fragment): OtrOutput[] {
    if (f.sender < MIN_INSTANCE_TAG) return [];
    if (f.receiver !== 0 && f.receiver !== this.#host.instance) return [];
    const whole = this.#fragments.add(f);
    return whole === undefined ? [] : this.receive(whole);
  }

  #encoded(base64: string): OtrOutput[] {
    let message: Encoded;
    try {
      const decoded = decode(Buffer.from(base64, 'base64'));
      if (decoded.type === 'other-version') return [{ kind: 'notice', code: 'older-version-only' }];
      message = decoded;
    } catch (error) {
      if (error instanceof OtrFormatError) return [];
      throw error;
    }
    // Instance tags: a sender below the reserved range, or a message for another device of
    // ours, is dropped; only a D-H Commit may name no recipient.
    if (message.sender < MIN_INSTANCE_TAG) return [];
    const forUs = message.receiver === this.#host.instance;
    if (!forUs && !(message.receiver === 0 && message.type === MessageType.DhCommit)) return [];
    if (message.type === MessageType.Data) return this.#dataIn(message);
    const { reply, established } = this.#ake.receive(message);
    const out: OtrOutput[] = [];
    if (reply) out.push(...this.#encodedOut(reply));
    if (established) {
      const id = established.theirInstance;
      const instance = this.#instance(id);
      instance.session = new DataSession(established, this.#host.random);
      instance.state = 'encrypted';
      instance.smp.abort();
      this.#active = id;
      this.#plaintextSeen = false;
      out.push({
        kind: 'state',
        instance: id,
        state: 'encrypted',
        fingerprint: established.theirKey.fingerprint,
        ssid: established.ssid,
        initiated: established.initiated,
      });
    }
    return out;
  }

  #dataIn(message: Extract<Encoded, { type: 0x03 }>): OtrOutput[] {
    const id = message.sender;
    const instance = this.#instances.get(id);
    const quiet = (message.flags & IGNORE_UNREADABLE) !== 0;
    const unreadable = (): OtrOutput[] =>
      quiet ? [] : [{ kind: 'notice', code: 'unreadable' }, this.#sent(UNREADABLE_ERROR)];
    if (!instance || instance.state !== 'encrypted' || !instance.session) return unreadable();
    const opened = instance.session.decrypt(message);
    if (!opened.ok) return unreadable();
    this.#active = id;
    const { text, tlvs } = readPlaintext(opened.plaintext);
    const out: OtrOutput[] = [];
    if (text !== '') out.push({ kind: 'display', text, encrypted: true, instance: id });
    let finished = false;
    for (const tlv of tlvs) {
      if (tlv.type === TlvType.Disconnected) finished = true;
      else if (tlv.type === TlvType.ExtraSymmetricKey && tlv.value.length >= 4) {
        out.push({
          kind: 'extra-key',
          instance: id,
          key: opened.extraKey,
          use: tlv.value.readUInt32BE(0),
          context: tlv.value.subarray(4),
        });
      } else if (tlv.type >= TlvType.Smp1 && tlv.type <= TlvType.Smp1Q) {
        const step = instance.smp.receive(tlv);
        if (step.event) out.push({ kind: 'smp', instance: id, event: step.event });
        if (step.reply)
          out.push(...this.#data(instance.session, '', [step.reply], IGNORE_UNREADABLE));
      }
    }
    if (finished) {
      // The other side ended it: nothing more goes out until our user decides.
      instance.session = undefined;
      instance.state = 'finished';
      instance.smp.abort();
      out.push({ kind: 'state', instance: id, state: 'finished' });
      return out;
    }
    if (this.#host.now() - this.#lastSent >= HEARTBEAT_MS) {
      out.push(...this.#data(instance.session, '', [], IGNORE_UNREADABLE));
    }
    return out;
  }

  #startAke(): OtrOutput[] {
    return this.#encodedOut(this.#ake.start());
  }

  #encodedOut(message: Encoded): OtrOutput[] {
    const framed = frame(encode(message));
    const max = this.#host.maxMessageSize;
    const pieces = max ? fragment(framed, max, this.#host.instance, message.receiver) : [framed];
    return pieces.map((p) => this.#sent(p));
  }

  #data(session: DataSession, text: string, tlvs: readonly Tlv[], flags = 0): OtrOutput[] {
    const plaintext = writePlaintext(text, tlvs);
    return this.#encodedOut(session.encrypt(plaintext, this.#host.instance, flags));
  }

  #sent(text: string): OtrOutput {
    this.#lastSent = this.#host.now();
    return { kind: 'send', text };
  }

  #instance(id: number): Instance {
    let instance = this.#instances.get(id);
    if (!instance) {
      instance = { state: 'plaintext', session: undefined, smp: new Smp(this.#host.random) };
      this.#instances.set(id, instance);
    }
    return instance;
  }

  #encryptedActive(): { id: number; instance: Instance } | undefined {
    const id = this.#active;
    const instance = id === undefined ? undefined : this.#instances.get(id);
    return id !== undefined && instance?.state === 'encrypted' ? { id, instance } : undefined;
  }

  #plain(id: number, instance: Instance, out: OtrOutput[]): void {
    instance.session = undefined;
    instance.state = 'plaintext';
    instance.smp.abort();
    this.#plaintextSeen = false;
    out.push({ kind: 'state', instance: id, state: 'plaintext' });
  }
}
