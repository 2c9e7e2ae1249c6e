/**
 * What a room's moderators, admins and owners may do (XEP-0045 §8-10), as requests: the
 * subject, roles (kick, voice), affiliations and their lists, the room's configuration form,
 * destroying the room, and invitations. The room decides who may: a refusal comes back as
 * not-allowed, so the renderer only hides what our role cannot do and never enforces it.
 */
import { randomUUID } from 'node:crypto';
import type {
  Affiliation,
  AffiliationEntry,
  FormValues as FormValuesType,
  Role,
  RoomRef,
} from '../../shared/contract';
import { submissionOf, validateForm, type DataForm } from '../../shared/dataforms';
import { fail, ok, type Result } from '../../shared/errors';
import { toBare } from '../../shared/jid';
import { parseDataForm } from '../xmpp/dataforms';
import type { AccountRooms } from './accountRooms';
import {
  buildAffiliationList,
  buildConfigure,
  buildDestroy,
  buildSetAffiliation,
  buildSetRole,
  buildSetSubject,
  readAffiliationList,
} from './admin';
import { roomInfo } from './directory';
import { mucFailure } from './errors';
import xml, { type Element } from '@xmpp/xml';
import { buildDecline, buildDirectInvitation, buildMediatedInvitation } from './invitations';
import { NS } from '../../shared/namespaces';

type Rooms = (accountId: string) => AccountRooms | undefined;

export class RoomModeration {
  /** The configuration form last fetched per room: a submission answers that form. */
  readonly #forms = new Map<string, DataForm>();

  constructor(private readonly rooms: Rooms) {}

  async setSubject(ref: RoomRef, subject: string): Promise<Result<null>> {
    return this.#send(ref, buildSetSubject(randomUUID(), ref.room, subject));
  }

  async setRole(ref: RoomRef, nick: string, role: Role, reason?: string): Promise<Result<null>> {
    return this.#iq(ref, buildSetRole(ref.room, nick, role, reason), () => null);
  }

  async setAffiliation(
    ref: RoomRef,
    jid: string,
    affiliation: Affiliation,
    reason?: string,
  ): Promise<Result<null>> {
    const bare = toBare(jid.trim());
    if (!bare) return fail('invalid-jid', 'Not an address');
    return this.#iq(ref, buildSetAffiliation(ref.room, bare, affiliation, reason), () => null);
  }

  async affiliations(ref: RoomRef, affiliation: Affiliation): Promise<Result<AffiliationEntry[]>> {
    return this.#iq(ref, buildAffiliationList(ref.room, affiliation), readAffiliationList);
  }

  async config(ref: RoomRef): Promise<Result<DataForm>> {
    const get = xml('iq', { type: 'get', to: ref.room }, xml('query', { xmlns: NS.mucOwner }));
    const form = await this.#iq(ref, get, (result) =>
      parseDataForm(result.getChild('query', NS.mucOwner)?.getChild('x', NS.dataForms)),
    );
    if (!form.ok) return form;
    if (!form.value) return fail('not-supported', 'The room offers no configuration form');
    this.#forms.set(key(ref), form.value);
    return ok(form.value);
  }

  async configure(ref: RoomRef, values: FormValuesType): Promise<Result<null>> {
    const form = this.#forms.get(key(ref));
    if (!form) return fail('not-found', 'Open the configuration first');
    if (validateForm(form, values).length > 0) return fail('invalid-params', 'Check the fields');
    const result = await this.#iq(
      ref,
      buildConfigure(ref.room, submissionOf(form, values)),
      () => null,
    );
    if (result.ok) {
      this.#forms.delete(key(ref));
      // Its name or anonymity may have changed: what the header and warnings show follows.
      await this.rooms(ref.accountId)?.refresh(ref.room);
    }
    return result;
  }

  async destroy(ref: RoomRef, reason?: string): Promise<Result<null>> {
    return this.#iq(ref, buildDestroy(ref.room, reason), () => null);
  }

  /**
   * Invites someone. To a members-only room, through the room (XEP-0045 §7.8.2), which adds
   * them to the members if we may and vouches for who invites. To any other room, directly
   * from us (XEP-0249, with the room's password if we know one): it reaches them even where
   * the room passes on invitations only from its moderators (ejabberd's default), as Gajim does.
   */
  async invite(ref: RoomRef, jid: string, reason?: string): Promise<Result<null>> {
    const to = toBare(jid.trim());
    if (!to) return fail('invalid-jid', 'Not an address');
    const rooms = this.rooms(ref.accountId);
    if (!rooms?.disco) return fail('not-signed-in', 'The account is offline');
    // Asked afresh: a room made members-only moments ago (by us, or announced with status 104
    // while the cache is being refreshed) must not get a direct invitation it would refuse.
    const membersOnly = await roomInfo(rooms.disco, ref.room, { fresh: true }).then(
      (info) => info.membersOnly,
      // Unknown: through the room, which refuses what it would not allow.
      () => true,
    );
    const options = { id: randomUUID(), room: ref.room, to, ...(reason && { reason }) };
    const password = rooms.rooms.get(ref.room)?.password;
    return this.#send(
      ref,
      membersOnly
        ? buildMediatedInvitation(options)
        : buildDirectInvitation({ ...options, ...(password && { password }) }),
    );
  }

  /** Declines an invitation that came through the room (a direct one needs no answer). */
  async decline(accountId: string, room: string, inviter: string): Promise<Result<null>> {
    return this.#send({ accountId, room }, buildDecline({ id: randomUUID(), room, inviter }));
  }

  async #send(ref: RoomRef, stanza: Element): Promise<Result<null>> {
    const client = this.rooms(ref.accountId)?.client;
    if (!client) return fail('not-signed-in', 'The account is offline');
    try {
      await client.entity.send(stanza);
      return ok(null);
    } catch (error) {
      return { ok: false, error: mucFailure(error) };
    }
  }

  async #iq<T>(ref: RoomRef, stanza: Element, read: (result: Element) => T): Promise<Result<T>> {
    const client = this.rooms(ref.accountId)?.client;
    if (!client) return fail('not-signed-in', 'The account is offline');
    try {
      return ok(read(await client.iqCaller.request(stanza)));
    } catch (error) {
      return { ok: false, error: mucFailure(error) };
    }
  }
}

const key = (ref: RoomRef) => `${ref.accountId}\n${ref.room}`;
