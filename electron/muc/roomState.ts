/**
 * One room as an account sees it: our nickname, role and affiliation, the subject, the occupant
 * list, and what changed since the renderer last heard (a delta it takes once per tick, so a
 * flood of presence becomes a few events, not thousands). Pure: the room session feeds it the
 * presence the room sends (presence.ts) and decides what to do with the outcome.
 */
import type {
  Affiliation,
  Occupant,
  OccupantsDelta,
  Role,
  RoomRefusal,
  RoomSnapshot,
} from '../../shared/contract';
import type { RoomAnonymity } from './directory';
import type { OccupantPresence } from './presence';

/** More occupants than this are not kept (a hostile room could announce millions). */
export const MAX_OCCUPANTS = 20_000;

/** What a presence did to the room, for the session to act on. */
export type PresenceOutcome =
  | { readonly kind: 'joined'; readonly created: boolean }
  | { readonly kind: 'left'; readonly refusal?: RoomRefusal; readonly text?: string }
  | { readonly kind: 'changed' }
  | { readonly kind: 'none' };

/** Why the room put us out, from the status codes of our unavailable presence (§15.6). */
function removal(p: OccupantPresence): RoomRefusal | undefined {
  if (p.destroyed) return 'destroyed';
  if (p.codes.includes(301)) return 'banned';
  if (p.codes.includes(307)) return 'kicked';
  if (p.codes.includes(321) || p.codes.includes(322)) return 'membership-lost';
  if (p.codes.includes(332)) return 'shutdown';
  return undefined;
}

export class RoomState {
  status: RoomSnapshot['status'] = 'offline';
  /** The nickname we asked for, then the one the room confirmed. */
  nick: string;
  nickRewritten = false;
  name: string | undefined;
  refusal: RoomRefusal | undefined;
  refusalText: string | undefined;
  subject: string | undefined;
  subjectBy: string | undefined;
  role: Role = 'none';
  affiliation: Affiliation = 'none';
  anonymity: RoomAnonymity = 'unknown';
  archived = false;
  /** What the room says of itself (disco#info) was read for this entry. */
  described = false;
  autojoin: boolean;
  /** Kept in memory only, to enter again after a reconnection. */
  password: string | undefined;
  readonly occupants = new Map<string, Occupant>();
  /**
   * The room is replaying its history (from our entry until the subject, XEP-0045 §7.2.15):
   * only then does its delay date a message.
   */
  replaying = false;
  /** We asked to leave: our unavailable presence is no refusal. */
  leaving = false;

  #upserted = new Map<string, Occupant>();
  #removed = new Set<string>();
  #renamed: { from: string; to: string }[] = [];
  #arrived = new Set<string>();
  #reset = false;
  #dirty = false;

  constructor(
    readonly accountId: string,
    readonly room: string,
    nick: string,
    autojoin: boolean,
  ) {
    this.nick = nick;
    this.autojoin = autojoin;
  }

  snapshot(): RoomSnapshot {
    return {
      accountId: this.accountId,
      room: this.room,
      nick: this.nick,
      nickRewritten: this.nickRewritten,
      status: this.status,
      role: this.role,
      affiliation: this.affiliation,
      anonymity: this.anonymity,
      archived: this.archived,
      occupants: this.occupants.size,
      autojoin: this.autojoin,
      ...(this.name !== undefined && { name: this.name }),
      ...(this.refusal !== undefined && { refusal: this.refusal }),
      ...(this.refusalText !== undefined && { refusalText: this.refusalText }),
      ...(this.subject !== undefined && { subject: this.subject }),
      ...(this.subjectBy !== undefined && { subjectBy: this.subjectBy }),
    };
  }

  /** Entering (again): the old list is gone; the room sends everyone anew. */
  entering(nick: string): void {
    this.nick = nick;
    this.status = 'joining';
    this.refusal = undefined;
    this.refusalText = undefined;
    this.nickRewritten = false;
    this.leaving = false;
    this.#clearOccupants();
  }

  /** Not in the room any more (left, refused, offline): nobody is listed. */
  out(status: 'offline' | 'failed', refusal?: RoomRefusal, text?: string): void {
    this.status = status;
    this.refusal = refusal;
    this.refusalText = text;
    this.role = 'none';
    this.#clearOccupants();
  }

  apply(p: OccupantPresence): PresenceOutcome {
    // Our own presence: status 110, or our nickname while the room has not said so yet.
    if (p.self || (p.nick === this.nick && this.status === 'joining')) return this.#self(p);
    if (!p.available) {
      if (!this.occupants.delete(p.nick)) return { kind: 'none' };
      this.#removed.add(p.nick);
      this.#upserted.delete(p.nick);
      this.#arrived.delete(p.nick);
      if (p.newNick !== undefined) this.#renamed.push({ from: p.nick, to: p.newNick });
      this.#dirty = true;
      return { kind: 'changed' };
    }
    const known = this.occupants.has(p.nick);
    if (!known && this.occupants.size >= MAX_OCCUPANTS) return { kind: 'none' };
    // Someone who came in while we are there (not the list the room sends as we enter).
    if (!known && this.status === 'joined') this.#arrived.add(p.nick);
    this.#put(occupantOf(p, false));
    return { kind: 'changed' };
  }

  #self(p: OccupantPresence): PresenceOutcome {
    if (!p.available) {
      if (p.newNick !== undefined) {
        // Our nickname changed (§7.6): the available presence under the new one follows.
        this.occupants.delete(p.nick);
        this.#removed.add(p.nick);
        this.nick = p.newNick;
        this.#dirty = true;
        return { kind: 'changed' };
      }
      const refusal = this.leaving ? undefined : removal(p);
      const text = p.destroyed?.reason ?? p.status;
      this.out(refusal ? 'failed' : 'offline', refusal, refusal ? text : undefined);
      return { kind: 'left', ...(refusal && { refusal }), ...(text && refusal && { text }) };
    }
    const wasJoining = this.status === 'joining';
    if (p.nick !== this.nick) {
      this.occupants.delete(this.nick);
      this.nickRewritten = this.nickRewritten || wasJoining || p.codes.includes(210);
    }
    if (p.codes.includes(210)) this.nickRewritten = true;
    this.nick = p.nick;
    this.role = p.role;
    this.affiliation = p.affiliation;
    if (p.codes.includes(100) || p.codes.includes(172)) this.anonymity = 'non-anonymous';
    this.#put(occupantOf(p, true));
    if (!wasJoining) return { kind: 'changed' };
    this.status = 'joined';
    this.replaying = true;
    return { kind: 'joined', created: p.codes.includes(201) };
  }

  #put(occupant: Occupant): void {
    this.occupants.set(occupant.nick, occupant);
    this.#upserted.set(occupant.nick, occupant);
    this.#removed.delete(occupant.nick);
    this.#dirty = true;
  }

  #clearOccupants(): void {
    this.occupants.clear();
    this.#upserted.clear();
    this.#removed.clear();
    this.#renamed = [];
    this.#arrived.clear();
    this.#reset = true;
    this.#dirty = true;
  }

  /** What changed in the list since the last call; undefined when nothing did. */
  takeDelta(): OccupantsDelta | undefined {
    if (!this.#dirty) return undefined;
    const delta: OccupantsDelta = {
      accountId: this.accountId,
      room: this.room,
      reset: this.#reset,
      upserted: this.#reset ? [...this.occupants.values()] : [...this.#upserted.values()],
      removed: this.#reset ? [] : [...this.#removed],
      renamed: this.#renamed,
      arrived: [...this.#arrived],
    };
    this.#upserted = new Map();
    this.#arrived = new Set();
    this.#removed = new Set();
    this.#renamed = [];
    this.#reset = false;
    this.#dirty = false;
    return delta;
  }
}

function occupantOf(p: OccupantPresence, self: boolean): Occupant {
  return {
    nick: p.nick,
    role: p.role,
    affiliation: p.affiliation,
    self,
    ...(p.realJid !== undefined && { realJid: p.realJid }),
    ...(p.show !== undefined && { show: p.show }),
    ...(p.status !== undefined && { status: p.status }),
  };
}
