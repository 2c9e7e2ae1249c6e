/**
 * Invitations to rooms waiting for the user's answer. An invitation is never an automatic join:
 * anyone can send one, so it is a request like a subscription request. A password that came
 * with it stays here (the renderer only learns that there is one) and is used if the user
 * accepts. One invitation per room and account is kept (the latest), and only so many, so a
 * flood of invitations cannot grow without bound.
 */
import type { Element } from '@xmpp/xml';
import type { EmitEvent, RoomInvitation } from '../../shared/contract';
import { createLogger } from '../log';
import { readInvitation } from './invitations';

const log = createLogger('muc.invitations');

/** Per account; the oldest go first. */
export const MAX_INVITATIONS = 50;

export interface InvitationsDeps {
  readonly emit: EmitEvent;
  readonly now: () => number;
  readonly isContact: (accountId: string, jid: string) => boolean;
}

interface Held {
  readonly invitation: RoomInvitation;
  readonly password?: string;
}

export class Invitations {
  readonly #deps: InvitationsDeps;
  #held: Held[] = [];
  #counter = 0;

  constructor(deps: InvitationsDeps) {
    this.#deps = deps;
  }

  list(): RoomInvitation[] {
    return this.#held.map((held) => held.invitation);
  }

  /** Takes an incoming stanza; true when it was an invitation. */
  receive(accountId: string, stanza: Element): boolean {
    if (stanza.name !== 'message') return false;
    let read;
    try {
      read = readInvitation(stanza);
    } catch (error) {
      log.warn(`${accountId}: unreadable invitation`, error);
      return false;
    }
    if (!read || read.inviter === accountId) return false;
    this.#counter += 1;
    const invitation: RoomInvitation = {
      id: `${this.#deps.now()}-${this.#counter}`,
      accountId,
      room: read.room,
      inviter: read.inviter,
      via: read.via,
      fromContact: this.#deps.isContact(accountId, read.inviter),
      hasPassword: read.password !== undefined,
      receivedAt: this.#deps.now(),
      ...(read.reason !== undefined && { reason: read.reason }),
    };
    const others = this.#held.filter(
      (held) => !(held.invitation.accountId === accountId && held.invitation.room === read.room),
    );
    const mine = others.filter((held) => held.invitation.accountId === accountId);
    const dropped = mine.length >= MAX_INVITATIONS ? mine[0] : undefined;
    this.#held = [
      ...others.filter((held) => held !== dropped),
      { invitation, ...(read.password !== undefined && { password: read.password }) },
    ];
    this.#changed();
    return true;
  }

  /** An invitation still waiting, left in place (an accepted one stays until the room lets us in). */
  peek(id: string): Held | undefined {
    return this.#held.find((h) => h.invitation.id === id);
  }

  /** Removes an invitation (answered); undefined when there is no such one. */
  take(id: string): Held | undefined {
    const held = this.#held.find((h) => h.invitation.id === id);
    if (!held) return undefined;
    this.#held = this.#held.filter((h) => h !== held);
    this.#changed();
    return held;
  }

  /** The account was removed: its invitations go too. */
  forget(accountId: string): void {
    const before = this.#held.length;
    this.#held = this.#held.filter((held) => held.invitation.accountId !== accountId);
    if (this.#held.length !== before) this.#changed();
  }

  #changed(): void {
    this.#deps.emit('invitations.replaced', { invitations: this.list() });
  }
}
