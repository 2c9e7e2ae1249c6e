/**
 * Group chats for every account: the requests of the room.* part of the contract, the room kind
 * in the chat core (group messages stored through the same ingest, outbox and archive catch-up
 * as one-to-one chats), and a send stage that holds a room's messages until we are in the room.
 * Each account's rooms live in an AccountRooms; this service routes to them.
 */
import type { Element } from '@xmpp/xml';
import type {
  AddressAvailability,
  AffiliationEntry,
  CreateRoomParams,
  EmitEvent,
  GroupChatService,
  JoinRoomParams,
  Occupant,
  RoomInfo,
  RoomListing,
  RoomRef,
  RoomSnapshot,
  ServerFeatures,
} from '../../shared/contract';
import { fail, ok, type Result } from '../../shared/errors';
import { bareJid, parseJid } from '../../shared/jid';
import type { ChatService } from '../chat/chatService';
import type { DiscoService } from '../disco';
import { createLogger } from '../log';
import type { MessageStore, RoomStore } from '../storage/types';
import type { XmppClient } from '../xmpp/client';
import { AccountRooms } from './accountRooms';
import { groupChatServices, listedRooms, roomInfo } from './directory';
import { mucFailure } from './errors';
import { Invitations } from './invitationList';
import { createRoomHandler } from './roomKind';
import { checkAddress, createRoom, type CreatedRoom, type CreationDeps } from './roomCreation';
import { RoomModeration } from './moderation';

const log = createLogger('muc');

export interface RoomServiceOptions {
  readonly emit: EmitEvent;
  readonly rooms: RoomStore;
  readonly messages: Pick<MessageStore, 'page'>;
  readonly chat: ChatService;
  readonly now?: () => number;
  /** The creation's submission (tests replace it to have the server refuse the form). */
  readonly creationSubmission?: CreationDeps['submission'];
  /** Whether a bare JID is in the account's roster (invitations from contacts are marked). */
  readonly isContact?: (accountId: string, jid: string) => boolean;
  /** How often joined rooms are self-pinged (default SELF_PING_MS; shorter in tests). */
  readonly selfPingMs?: number;
}

export class RoomService {
  readonly #options: RoomServiceOptions;
  readonly #accounts = new Map<string, AccountRooms>();
  /** Groups being created (account and room): a second request for one is refused. */
  readonly #creating = new Set<string>();
  readonly invitations: Invitations;
  readonly moderation: RoomModeration;

  constructor(options: RoomServiceOptions) {
    this.#options = options;
    const { chat } = options;
    chat.kinds.register(
      'room',
      createRoomHandler({
        room: (accountId, room) => this.#accounts.get(accountId)?.rooms.get(room),
        subjectChanged: (state) => this.#accounts.get(state.accountId)?.changed(state),
        configChanged: (state) => void this.#accounts.get(state.accountId)?.refresh(state.room),
      }),
    );
    // A room's messages wait in the outbox until we are in the room (the room would bounce
    // them); entering resumes them.
    chat.sendPipeline.add({
      name: 'room-presence',
      requires: () => false,
      process: (item) => {
        if (item.kind !== 'room') return { action: 'pass' };
        const state = this.#accounts.get(item.accountId)?.rooms.get(item.peer);
        return state?.status === 'joined' ? { action: 'pass' } : { action: 'wait' };
      },
    });
    this.invitations = new Invitations({
      emit: options.emit,
      now: options.now ?? Date.now,
      isContact: options.isContact ?? (() => false),
    });
    this.moderation = new RoomModeration((accountId) => this.#accounts.get(accountId));
  }

  /** Whether the account is in (or knows) this room: private messages from it are occupants'. */
  isRoom(accountId: string, bare: string): boolean {
    return this.#accounts.get(accountId)?.rooms.has(bare) ?? false;
  }

  /** The account is online; returns the detach function. */
  attach(
    accountId: string,
    client: XmppClient,
    info: { features: ServerFeatures; resumed: boolean; disco: DiscoService },
  ): () => void {
    const rooms = this.#rooms(accountId);
    rooms.attach(client, info.disco, info.resumed);
    const onStanza = (stanza: Element) => this.invitations.receive(accountId, stanza);
    client.entity.on('stanza', onStanza);
    return () => {
      client.entity.removeListener('stanza', onStanza);
      if (rooms.client === client) rooms.detach();
    };
  }

  /** Every room of every account (the renderer's starting point). */
  list(accountIds: readonly string[]): RoomSnapshot[] {
    return accountIds.flatMap((id) => {
      const rooms = this.#rooms(id);
      rooms.load();
      return [...rooms.rooms.values()].map((state) => state.snapshot());
    });
  }

  occupants(ref: RoomRef): Result<Occupant[]> {
    const state = this.#accounts.get(ref.accountId)?.rooms.get(ref.room);
    return state ? ok([...state.occupants.values()]) : fail('not-found', 'Not in this room');
  }

  async join(params: JoinRoomParams): Promise<Result<RoomSnapshot>> {
    const room = roomJid(params.room);
    if (!room) return fail('invalid-jid', 'Not a room address');
    const nick = params.nick.trim();
    if (nick === '') return fail('invalid-params', 'A nickname is needed');
    return this.#rooms(params.accountId).join(room, nick, params.password);
  }

  async changeNick(ref: RoomRef, nick: string): Promise<Result<RoomSnapshot>> {
    const room = roomJid(ref.room);
    if (!room) return fail('invalid-jid', 'Not a room address');
    const wanted = nick.trim();
    if (wanted === '') return fail('invalid-params', 'A nickname is needed');
    return this.#rooms(ref.accountId).changeNick(room, wanted);
  }

  async leave(ref: RoomRef): Promise<Result<null>> {
    const room = roomJid(ref.room);
    if (!room) return fail('invalid-jid', 'Not a room address');
    return this.#rooms(ref.accountId).leave(room);
  }

  async services(accountId: string): Promise<Result<GroupChatService[]>> {
    const disco = this.#accounts.get(accountId)?.disco;
    if (!disco) return fail('not-signed-in', 'The account is offline');
    return guard(() => groupChatServices(disco));
  }

  async directory(accountId: string, service: string): Promise<Result<RoomListing[]>> {
    const disco = this.#accounts.get(accountId)?.disco;
    if (!disco) return fail('not-signed-in', 'The account is offline');
    const jid = parseJid(service);
    if (!jid || jid.local !== '' || jid.resource !== '')
      return fail('invalid-jid', 'Not a service');
    return guard(() => listedRooms(disco, jid.domain));
  }

  async info(ref: RoomRef): Promise<Result<RoomInfo>> {
    const disco = this.#accounts.get(ref.accountId)?.disco;
    if (!disco) return fail('not-signed-in', 'The account is offline');
    const room = roomJid(ref.room);
    if (!room) return fail('invalid-jid', 'Not a room address');
    try {
      return ok({ ...(await roomInfo(disco, room, { fresh: true })), exists: true });
    } catch (error) {
      const failure = mucFailure(error);
      // No such room: entering creates it (a service may refuse that; the join says so).
      if (failure.code !== 'not-found') return { ok: false, error: failure };
      return ok({
        jid: room,
        exists: false,
        anonymity: 'unknown',
        passwordProtected: false,
        membersOnly: false,
        moderated: false,
        persistent: false,
        archived: false,
      });
    }
  }

  /** Whether a new group's address is free on a service. */
  async checkAddress(
    accountId: string,
    service: string,
    local: string,
  ): Promise<Result<AddressAvailability>> {
    const disco = this.#accounts.get(accountId)?.disco;
    if (!disco) return fail('not-signed-in', 'The account is offline');
    return checkAddress(disco, service, local);
  }

  /** Creates a group as its kind says (roomCreation.ts); progress goes out as room.creation. */
  async create(params: CreateRoomParams): Promise<Result<CreatedRoom>> {
    const rooms = this.#accounts.get(params.accountId);
    const client = rooms?.client;
    const disco = rooms?.disco;
    if (!rooms || !client || !disco) return fail('not-signed-in', 'The account is offline');
    const key = `${params.accountId}\n${params.service}\n${params.local.trim().toLowerCase()}`;
    if (this.#creating.has(key)) return fail('already-exists', 'Being created already');
    this.#creating.add(key);
    try {
      return await createRoom(
        {
          client,
          disco,
          known: (room) => rooms.rooms.has(room),
          open: (room, nick) => rooms.join(room, nick),
          progress: (room, step) =>
            this.#options.emit('room.creation', { accountId: params.accountId, room, step }),
          ...(this.#options.creationSubmission && {
            submission: this.#options.creationSubmission,
          }),
        },
        params,
      );
    } finally {
      this.#creating.delete(key);
    }
  }

  /** Entering again what was left by a lost connection is the attach's job; tests call this. */
  flush(accountId: string): void {
    this.#accounts.get(accountId)?.flush();
  }

  async dispose(): Promise<void> {
    for (const rooms of this.#accounts.values()) rooms.dispose();
  }

  #rooms(accountId: string): AccountRooms {
    let rooms = this.#accounts.get(accountId);
    if (!rooms) {
      const { chat, emit } = this.#options;
      rooms = new AccountRooms({
        accountId,
        emit,
        store: this.#options.rooms,
        catchUp: (room) => void chat.catchUpRoom(accountId, room),
        resume: (room) => chat.sendPipeline.resume(accountId, room),
        newestAt: (room) => newestAt(this.#options.messages, accountId, room),
        ...(this.#options.selfPingMs !== undefined && { selfPingMs: this.#options.selfPingMs }),
      });
      this.#accounts.set(accountId, rooms);
    }
    return rooms;
  }
}

/** The bare JID of a room (a local part is required), or null. */
export function roomJid(text: string): string | null {
  const jid = parseJid(text.trim());
  return jid && jid.local !== '' && jid.resource === '' ? bareJid(jid) : null;
}

function newestAt(
  store: Pick<MessageStore, 'page'>,
  accountId: string,
  room: string,
): number | undefined {
  try {
    return store.page(accountId, room, { limit: 1 }).messages.at(-1)?.sentAt;
  } catch (error) {
    log.warn(`${accountId}: newest room message unknown`, error);
    return undefined;
  }
}

async function guard<T>(run: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await run());
  } catch (error) {
    return { ok: false, error: mucFailure(error) };
  }
}

export type { AffiliationEntry };
